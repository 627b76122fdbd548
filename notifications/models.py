"""The outbox: one row per message to deliver, written with the change it announces."""

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


class Kind(models.TextChoices):
    ITEM_ASSIGNED = "item_assigned", _("An action item is assigned to you")
    ITEM_DUE_SOON = "item_due_soon", _("An action item of yours is due soon")
    ITEM_DUE_TODAY = "item_due_today", _("An action item of yours is due today")
    ITEM_OVERDUE = "item_overdue", _("An action item of yours is overdue")
    ITEM_ESCALATED = "item_escalated", _("An action item on your committee is long overdue")
    MEETING_SCHEDULED = "meeting_scheduled", _("A meeting is scheduled")
    MEETING_CHANGED = "meeting_changed", _("A meeting is changed")
    MEETING_CANCELLED = "meeting_cancelled", _("A meeting is cancelled")
    MEETING_REMINDER = "meeting_reminder", _("A meeting is tomorrow")
    MINUTES_APPROVAL = "minutes_approval", _("Minutes await the committee's approval")
    SUMMARY_REVIEW = "summary_review", _("A public summary awaits your review")
    SEAT_ATTENTION = "seat_attention", _("A required seat is empty or a term is ending")
    DIGEST = "digest", _("Weekly digest")


class Mode(models.TextChoices):
    IMMEDIATE = "immediate", _("Right away")
    DIGEST = "digest", _("In the weekly digest only")
    NONE = "none", _("Never")


class Notification(models.Model):
    """A message to one person about one record, for one period.

    Unique per (recipient, kind, subject, period): a scan or a sweep that runs twice
    writes and sends once. What the message says is decided at sending time, when
    the gate is asked again.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SENT = "sent", "Sent"
        SKIPPED = "skipped", "Not sent"  # the gate, a preference or the record said no
        FAILED = "failed", "Failed"

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=24, choices=Kind.choices)
    subject_type = models.CharField(max_length=64, help_text="app_label.model of the record.")
    subject_id = models.PositiveBigIntegerField()
    period = models.CharField(
        max_length=40, help_text="What makes it new: an event, a date, a week."
    )
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=_now)
    last_error = models.TextField(blank=True)
    reason = models.CharField(max_length=200, blank=True, help_text="Why it was not sent.")
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "subject_type", "subject_id", "period"],
                name="one_notification_per_period",
            ),
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=models.Q(status="pending"),
                name="notification_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.recipient}"


class Preference(models.Model):
    """How one person wants one kind of notification; without a row, right away."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=24, choices=Kind.choices)
    mode = models.CharField(max_length=10, choices=Mode.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.kind} {self.mode}"
