"""The audit trail: one append-only table of changes, restricted reads and disclosures.

django-auditlog writes the changes (its signal receivers on every model that joined the
access gate) into this model, which it knows as ``AUDITLOG_LOGENTRY_MODEL``. Restricted
reads are written by the gate (``committees.access.record_reads``), disclosures by the
services that make them (named grants, procedure copies).
"""

from auditlog.models import AbstractLogEntry, LogEntryManager
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from audit.records import district_id_of, level_of
from safety_portal import choices


class AppendOnly(Exception):
    """The audit trail is never edited nor deleted."""


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnly("The audit trail cannot be edited.")

    def delete(self):
        raise AppendOnly("The audit trail cannot be deleted.")


class AuditManager(LogEntryManager.from_queryset(AuditQuerySet)):
    def log_create(self, instance, force_log: bool = False, **kwargs):
        # Every change is filed under its record's district, so that each district's
        # administrators read their own trail and nobody else's.
        kwargs.setdefault("district_id", district_id_of(instance))
        kwargs.setdefault("level", level_of(instance, kwargs.get("changes")))
        return super().log_create(instance, force_log=force_log, **kwargs)


class AuditEntry(AbstractLogEntry):
    class Action(AbstractLogEntry.Action):
        # A record handed on: a named grant made or ended, a copy given (34 CFR 99.32).
        DISCLOSE = 4

        choices = (
            *AbstractLogEntry.Action.choices,
            (DISCLOSE, _("disclose")),
        )

    class Via(models.TextChoices):
        PAGE = "page", _("Page")
        PDF = "pdf", _("PDF export")
        TEXT = "text", _("Text export")
        CSV = "csv", _("CSV export")
        ICAL = "ical", _("Calendar feed")
        EMAIL = "email", _("E-mail")
        NAMED_GRANT = "named_grant", _("Shared by name")
        COPY = "copy", _("Copy given")
        API = "api", _("API")

    # The trail is the most written table of the product (every change, every restricted
    # read): each index is paid on every write, so it keeps only those a read uses
    # (``Meta.indexes``, and django-auditlog's on the actor, the record's id and the time,
    # which its admin sorts by), besides Django's own on the other foreign keys (the
    # content type, the person disclosed to). A record's entries are found by
    # ``object_id`` (our keys are integers, as auditlog itself reads them), so its text
    # twin and the correlation id, which nothing reads, are not indexed; a kind of entry
    # is read within a district.
    action = models.PositiveSmallIntegerField(choices=Action.choices)
    object_pk = models.CharField(max_length=255)
    cid = models.CharField(max_length=255, blank=True, null=True)  # a correlation id
    # No database constraint and no cascade: the trail outlives what it tells of.
    district = models.ForeignKey(
        "committees.District",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,  # the indexes that start with it serve
        null=True,
        blank=True,
        related_name="+",
    )
    via = models.CharField(max_length=12, choices=Via.choices, blank=True)
    disclosed_to = models.ForeignKey(
        "accounts.User",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )

    # The record's level when the entry was written (the strictest along its chain, and
    # of before and after a change of level): a reader sees the entry only if they would
    # have seen the record then. Empty for kinds without a level.
    level = models.CharField(max_length=10, blank=True, default="")

    objects = AuditManager()

    class Meta(AbstractLogEntry.Meta):
        verbose_name = "audit entry"
        verbose_name_plural = "audit trail"
        indexes = [
            # A district's trail, newest first, by dates (audit/trail.py)...
            models.Index(fields=["district", "-timestamp"]),
            # ...and one kind of entry in it (changes, reads, disclosures).
            models.Index(fields=["district", "action", "-timestamp"], name="audit_district_kind"),
        ]

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnly("The audit trail cannot be edited.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly("The audit trail cannot be deleted.")

    @property
    def record_key(self) -> str:
        """How the audit page asks for one record's entries: ``app.model:id``."""
        return f"{self.content_type.app_label}.{self.content_type.model}:{self.object_pk}"

    @property
    def what(self) -> str:
        """What happened, in the reader's words: "Changed", "Read (PDF export)"."""
        # Labels from the tables per language: get_*_display builds the choices at every
        # call, half the time of the trail's CSV export.
        if self.action in (self.Action.ACCESS, self.Action.DISCLOSE):
            via = choices.labels(AuditEntry, "via").get(self.via, self.via)
            if self.action == self.Action.DISCLOSE:
                return via
            return gettext("Read (%(via)s)") % {"via": via.lower()}
        action = ACTION_WORDS.get(self.action) or choices.labels(AuditEntry, "action").get(
            self.action, self.action
        )
        return str(action).capitalize()

    @property
    def changed_fields(self) -> list[tuple[str, object, object]]:
        """(the field's name as its forms say it, before, after) for each change; a
        choice by its label, all in the reader's language."""
        # From the process's cache of content types: a history panel lists many entries.
        kind = (
            ContentType.objects.get_for_id(self.content_type_id) if self.content_type_id else None
        )
        model = kind.model_class() if kind is not None else None
        rows = []
        for name, values in (self.changes_dict or {}).items():
            before, after = (list(values) + [None, None])[:2]
            label, choices = _field_words(model, name)
            rows.append((label, _shown(before, choices), _shown(after, choices)))
        return rows


# The trail's actions as a person reads them (django-auditlog's own words are
# "create", "update", "delete" and "access", in English only).
ACTION_WORDS = {
    AuditEntry.Action.CREATE: _("created"),
    AuditEntry.Action.UPDATE: _("changed"),
    AuditEntry.Action.DELETE: _("deleted"),
}


def _field_words(model, name: str) -> tuple[str, dict]:
    """A field's name as a person reads it, and its choices' labels by value."""
    try:
        field_ = model._meta.get_field(name) if model is not None else None
    except FieldDoesNotExist:
        field_ = None
    if field_ is None:
        return gettext(name.replace("_", " ").capitalize()), {}
    label = gettext(str(field_.verbose_name).capitalize())
    choices = {str(value): str(text) for value, text in (field_.flatchoices or ())}
    return label, choices


def _shown(value, choices: dict):
    return choices.get(value, value) if isinstance(value, str) else value
