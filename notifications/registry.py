"""What the outbox knows of the features: how their messages read, and their scans.

The outbox imports no feature. Each feature registers here, in its
``AppConfig.ready()``, the builder of each of its kinds (what a notification says,
decided at sending time as its recipient, through the gate) and its scans (the
hourly search for reminders), and what a webhook delivery of each event carries.
The gate's app says how a batch reads at once what its messages would each ask the
gate (``batch_register``). This module imports no model, so that an ``apps.py`` can
import it.
"""

from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import ImproperlyConfigured

from notifications.content import Content

# (row, recipient, the record it is about) -> what the message says; Skip: nothing.
Builder = Callable[[Any, Any, Any], Content]
# (row) -> the whole e-mail to a subscriber of the public pages; Skip: nothing.
SubscriberComposer = Callable[[Any], Any]
# (recipient id, kind, the record it is about, period): one row to write.
Row = tuple[int | None, str, Any, str]
# scan(now=...) -> batches of rows, each batch written in one transaction.
Scan = Callable[..., Iterable[Iterable[Row]]]
# (people) -> None: what each may see, worked out for them all at once and kept on them.
Prime = Callable[[list[Any]], None]
# (a queryset of one kind of record) -> its rows with what deciding on each reads.
Subjects = Callable[[Any], Any]

# (the record, the webhook's service account) -> the delivery's "data"; Skip: nothing.
WebhookBuilder = Callable[[Any, Any], dict]

_builders: dict[str, Builder] = {}
_webhook_builders: dict[str, WebhookBuilder] = {}
_subscriber_composers: dict[str, SubscriberComposer] = {}
_sender_composers: dict[str, SubscriberComposer] = {}
_scans: list[Scan] = []
# Until the gate's app registers: nothing to work out ahead, the records as they are.
_batch: dict[str, Callable] = {"prime": lambda people: None, "subjects": lambda rows: rows}


def _add(table: dict, kind: str, value) -> None:
    """Register once; the same function again is harmless, another one is a mistake."""
    if table.setdefault(str(kind), value) is not value:
        raise ImproperlyConfigured(f"The notification kind {kind!r} has two builders.")


def message_register(*, kind: str, build: Builder) -> None:
    """What a message of ``kind`` to a person of the portal says."""
    _add(_builders, kind, build)


def subscriber_message_register(*, kind: str, compose: SubscriberComposer) -> None:
    """The e-mail of ``kind`` to a subscriber of the public pages."""
    _add(_subscriber_composers, kind, compose)


def sender_message_register(*, kind: str, compose: SubscriberComposer) -> None:
    """The e-mail of ``kind`` to the sender of a record (a concern's), at the address the
    record holds; Skip when it holds none."""
    _add(_sender_composers, kind, compose)


def scan_register(*, scan: Scan) -> None:
    """A search for what falls due, run by the hourly scan."""
    if scan not in _scans:
        _scans.append(scan)


def batch_register(*, prime: Prime, subjects: Subjects) -> None:
    """How a batch of messages reads once what its builders would each ask the gate:
    the recipients' scopes (``prime``) and the records with their chains (``subjects``)."""
    _batch.update(prime=prime, subjects=subjects)


def batch_prime(people: list[Any]) -> None:
    _batch["prime"](people)


def batch_subjects(queryset):
    return _batch["subjects"](queryset)


def webhook_register(*, event: str, build: WebhookBuilder) -> None:
    """What a webhook delivery of ``event`` carries, decided as the webhook's account."""
    _add(_webhook_builders, event, build)


def webhook_builder_for(event: str) -> WebhookBuilder:
    try:
        return _webhook_builders[event]
    except KeyError:
        raise LookupError(f"No webhook builder is registered for {event!r}.") from None


def builder_for(kind: str) -> Builder:
    try:
        return _builders[kind]
    except KeyError:
        raise LookupError(f"No message builder is registered for {kind!r}.") from None


def subscriber_composer_for(kind: str) -> SubscriberComposer | None:
    return _subscriber_composers.get(kind)


def sender_composer_for(kind: str) -> SubscriberComposer | None:
    return _sender_composers.get(kind)


def registered_kinds() -> set[str]:
    """Every kind something can be sent for, to a person, a subscriber or a sender."""
    return {*_builders, *_subscriber_composers, *_sender_composers}


def scans() -> list[Scan]:
    return list(_scans)
