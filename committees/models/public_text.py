"""Four eyes on every public word: a proposed change waits for a second person."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from committees.gate import gated
from committees.models.organization import Committee, Level


@gated(committee="committee", level="visibility")
class PublicTextChange(models.Model):
    """A public text proposed by one person, public only once a second approves it.

    Four eyes on every public word (ACCESS.md): a correction of a published update or
    summary, a translation of a published update, a meeting notice, a milestone's or a
    procedure's public title waits here, off every public page, while the public keeps
    reading the text as it was. Someone else with publish rights approves it after the
    redaction guard (services ``public_text_approve``) or declines it. ``kind`` names
    the record's model (see ``committees.services.public_text.KINDS``); ``texts`` holds
    the proposed value of each public field.
    """

    class Kind(models.TextChoices):
        UPDATE = "update", _("Correction of a published update")
        TRANSLATION = "translation", _("Translation of a published update")
        SUMMARY = "summary", _("Correction of a published meeting summary")
        NOTICE = "notice", _("Meeting notice")
        MILESTONE = "milestone", _("Public title of a milestone")
        PROCEDURE = "procedure", _("Public title of a procedure")
        FINDING = "finding", _("Public label of an assessment finding")

    committee = models.ForeignKey(
        Committee, on_delete=models.CASCADE, related_name="public_text_changes"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    record_id = models.PositiveBigIntegerField()
    language = models.CharField(max_length=8, blank=True, help_text="Translations only.")
    texts = models.JSONField()
    # The level of the record it changes, when proposed: not yet public, so the
    # committee's (or, for a restricted record, the cleared members').
    visibility = models.CharField(max_length=12, choices=Level.choices, default=Level.COMMITTEE)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    proposed_at = models.DateTimeField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    approved = models.BooleanField(null=True, help_text="None while it waits.")
    decline_reason = models.CharField(max_length=300, blank=True)
    # Declined by a reviewer with a comment for its author, who edits and proposes again.
    sent_back = models.BooleanField(default=False)

    class Meta:
        ordering = ["-proposed_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "record_id", "language"],
                condition=models.Q(decided_at__isnull=True),
                name="one_pending_public_text",
            ),
        ]

    FIELD_LABELS = {
        "title": _("Title"),
        "body": _("Text"),
        "text": _("Text"),
        "place": _("Place"),
        "purpose": _("Purpose"),
        "public_title": _("Public title"),
        "public_label": _("Public label"),
    }

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.record_id}"

    def rows(self) -> list[tuple[str, str]]:
        """The proposed text, field by field, labelled for the page."""
        return [(self.FIELD_LABELS.get(name, name), text) for name, text in self.texts.items()]
