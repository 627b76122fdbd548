"""What a message builder hands back to the outbox, and the words they share.

A feature's builder (registered in ``notifications.registry``) decides what one row's
message says, as its recipient; the outbox puts that into the e-mail. Nothing here
knows a feature or a model.
"""

import contextlib
import datetime
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.utils import formats, timezone
from django.utils.translation import gettext as _

T = TypeVar("T")
_batch_reads: ContextVar[dict | None] = ContextVar("batch_reads", default=None)


@contextlib.contextmanager
def batch_reads() -> Iterator[None]:
    """While a batch of messages is composed, ``shared`` reads each thing once."""
    token = _batch_reads.set({})
    try:
        yield
    finally:
        _batch_reads.reset(token)


def shared(key: tuple, read: Callable[[], T]) -> T:
    """What many messages of one batch read alike (a district and its rules), read once
    for the batch by the first that asks; outside a batch, read each time. Only for what
    does not depend on the recipient: the gate is still asked for each of them."""
    reads: dict[tuple, Any] | None = _batch_reads.get()
    if reads is None:
        return read()
    if key not in reads:
        reads[key] = read()
    return reads[key]


class Skip(Exception):
    """Nothing to send: the reason is kept on the row."""


@dataclass
class Content:
    subject: str
    lines: list[str]
    link: str
    link_text: str
    items: list[str] = field(default_factory=list)


def attention(link: str) -> Content:
    """A restricted record: say that something needs attention, and nothing of it."""
    return Content(
        subject=_("Something on the Safety Portal needs your attention"),
        lines=[_("A restricted record needs your attention. Sign in to see it.")],
        link=link,
        link_text=_("Sign in to see it"),
    )


def when(value: datetime.datetime) -> str:
    """A moment in the active time zone and language (the recipient's, while composing)."""
    return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")


def day(value: datetime.date) -> str:
    return formats.date_format(value, "DATE_FORMAT")
