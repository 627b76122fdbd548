"""One way to move a record along its statuses: the allowed moves, a clear refusal, one
history row. Action items, incidents and concerns declare theirs on the model
(``WORKFLOW``); their services move through ``status_move`` and their forms offer
``Workflow.choices``. Imports no model.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext

from committees.records import fields_set


@dataclass(frozen=True)
class Workflow:
    """A kind's statuses and the moves each may make; anything else is refused."""

    status: type[models.TextChoices]
    moves: Mapping[str, frozenset[str] | set[str]]
    noun: str  # how a refusal names the record: "item", "incident"

    def next(self, current: str) -> list:
        """Where ``current`` may go, in the order the statuses are declared."""
        allowed = self.moves.get(current, ())
        return [status for status in self.status if status in allowed]

    def choices(self, current: str) -> list[tuple[str, str]]:
        return [(status.value, status.label) for status in self.next(current)]

    def check(self, current: str, target: str) -> None:
        if target not in self.moves.get(current, ()):
            raise ValidationError({"status": self.refusal(current, target)})

    def refusal(self, current: str, target: str) -> str:
        """The refusal ("This item is done and cannot become blocked."): a whole sentence
        per kind of record in the active language, so that a translation agrees with its
        noun."""
        values = {
            "current": self.status(current).label.lower(),
            "target": self.status(target).label.lower(),
        }
        sentences = {
            "item": gettext("This item is %(current)s and cannot become %(target)s."),
            "incident": gettext("This incident is %(current)s and cannot become %(target)s."),
            "concern": gettext("This concern is %(current)s and cannot become %(target)s."),
            "assessment": gettext("This assessment is %(current)s and cannot become %(target)s."),
        }
        sentence = sentences.get(self.noun)
        if sentence is None:
            return f"This {self.noun} is {values['current']} and cannot become {values['target']}."
        return sentence % values


def status_move(
    record: models.Model,
    *,
    workflow: Workflow,
    to: str,
    history: Callable[[str, str], object],
    also: Mapping[str, object] | None = None,
) -> models.Model:
    """Move ``record`` (locked by the caller) to ``to``, or refuse.

    ``also`` sets other fields in the same save (a completion date); ``history(before,
    after)`` writes the kind's history row, with who and why.
    """
    before = record.status
    workflow.check(before, to)
    changes = {"status": to, **(also or {})}
    if hasattr(record, "status_changed_at"):
        changes["status_changed_at"] = timezone.now()
    fields_set(record, changes)
    stamped = [f.name for f in record._meta.concrete_fields if getattr(f, "auto_now", False)]
    record.save(update_fields=[*changes, *stamped])
    history(before, to)
    return record


# --- review: a reviewer sends a text back to its author with a comment -------------------

SENT_BACK_FIELDS = ("sent_back_at", "sent_back_by", "sent_back_comment")


def sent_back_mark(record: models.Model, *, by, comment: str) -> None:
    """Mark a draft as sent back to its author with ``comment`` (the caller checked who
    may send it back). The draft stays a draft; its author edits and saves it again."""
    fields_set(
        record,
        {"sent_back_at": timezone.now(), "sent_back_by": by, "sent_back_comment": comment},
    )
    record.save(update_fields=list(SENT_BACK_FIELDS))


def sent_back_clear(record: models.Model) -> list[str]:
    """The author saved the draft again: the comment is answered. The fields to save."""
    if getattr(record, "sent_back_at", None) is None:
        return []
    fields_set(record, {"sent_back_at": None, "sent_back_by": None, "sent_back_comment": ""})
    return list(SENT_BACK_FIELDS)
