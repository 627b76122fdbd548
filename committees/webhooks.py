"""What a webhook delivery tells of a record: decided by the gate, as the webhook's
service account, when it is sent (notifications.webhooks).

A record the account may not see is not told at all (the delivery is skipped); a
restricted one, at its own level or along its chain, by its kind and id only, as an
e-mail names no detail of it. Each feature registers, per event, what it tells of a
record the account may see (``notifications.registry.webhook_register``) and builds
it with ``told``.
"""

from collections.abc import Callable

from django.db import models

from committees import access
from committees.gate import RESTRICTED, VIEW
from notifications.content import Skip


def told(record: models.Model, account, *, kind: str, fields: Callable[[models.Model], dict]):
    """The delivery's ``data`` about ``record``: its kind (``type``) and id, and
    ``fields(record)`` unless it is restricted."""
    if not access.can(account, VIEW, record):
        raise Skip("the service account may not see the record")
    data = {"type": kind, "id": record.pk}
    if access.effective_level(record) == RESTRICTED:
        return {**data, "restricted": True}
    return {**fields(record), **data, "restricted": False}
