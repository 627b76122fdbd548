"""What the public reads besides meeting summaries: updates, in several languages."""

from django.conf import settings
from django.db import models

from committees.gate import gated
from committees.models import Committee, Level


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
    # A reviewer sent the draft back to its author with a comment; cleared when the
    # author saves it again (committees.services.public_text.review_send_back).
    sent_back_at = models.DateTimeField(null=True, blank=True)
    sent_back_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    sent_back_comment = models.TextField(blank=True)

    class Meta:
        db_table = "committees_publicupdate"
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
        db_table = "committees_publicupdatetranslation"
        constraints = [
            models.UniqueConstraint(fields=["update", "language"], name="one_translation_each"),
        ]

    def __str__(self) -> str:
        return f"{self.update} ({self.language})"
