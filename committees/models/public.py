"""What the public reads besides meeting summaries: updates, in several languages."""

from django.conf import settings
from django.db import models

from committees.gate import gated
from committees.models.organization import Committee, Level


@gated(committee="committee", level="visibility", published="published_at")
class PublicUpdate(models.Model):
    """News for the community from a building's committee, or the district's.

    Written by someone with draft rights; published by a second person with publish
    rights after the redaction guard; corrected in place (the page says "updated
    on") or withdrawn, which takes it off every page, feed and cache at once.
    ``published_at`` is set only while the update is public.
    """

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="updates")
    title = models.CharField(max_length=200)
    body = models.TextField(help_text="Plain words for families: what, not where.")
    visibility = models.CharField(max_length=12, default=Level.PUBLIC, editable=False)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    first_published_at = models.DateTimeField(null=True, blank=True)
    corrected_at = models.DateTimeField(null=True, blank=True)
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    withdrawal_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-first_published_at", "-created_at", "-id"]
        indexes = [models.Index(fields=["committee", "-published_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def state(self) -> str:
        if self.published_at:
            return "published"
        return "withdrawn" if self.withdrawn_at else "draft"


@gated(committee="update__committee", level="update__visibility", published="update__published_at")
class PublicUpdateTranslation(models.Model):
    """The same update in another language, written by staff (never machine-made)."""

    update = models.ForeignKey(PublicUpdate, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(max_length=8, choices=settings.LANGUAGES)
    title = models.CharField(max_length=200)
    body = models.TextField()
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["update", "language"], name="one_translation_each"),
        ]

    def __str__(self) -> str:
        return f"{self.update} ({self.language})"


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
        UPDATE = "update", "Correction of a published update"
        TRANSLATION = "translation", "Translation of a published update"
        SUMMARY = "summary", "Correction of a published meeting summary"
        NOTICE = "notice", "Meeting notice"
        MILESTONE = "milestone", "Public title of a milestone"
        PROCEDURE = "procedure", "Public title of a procedure"

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
        "title": "Title",
        "body": "Text",
        "text": "Text",
        "place": "Place",
        "purpose": "Purpose",
        "public_title": "Public title",
    }

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.record_id}"

    def rows(self) -> list[tuple[str, str]]:
        """The proposed text, field by field, labelled for the page."""
        return [(self.FIELD_LABELS.get(name, name), text) for name, text in self.texts.items()]
