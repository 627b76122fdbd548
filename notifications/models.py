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
    NOTICE_DUE = "notice_due", _("A meeting's notice must be public within a day")
    MINUTES_DUE = "minutes_due", _("A meeting's draft minutes are due soon or late")
    MINUTES_POSTING_DUE = (
        "minutes_posting_due",
        _("A meeting's approved minutes are not posted on time"),
    )
    MINUTES_RELEASE_REVIEW = (
        "minutes_release_review",
        _("An executive session's minutes are due for release review"),
    )
    SUMMARY_REVIEW = "summary_review", _("A public summary awaits your review")
    PUBLIC_MINUTES_REVIEW = "public_minutes_review", _("Public minutes await your review")
    PUBLIC_TEXT_REVIEW = "public_text_review", _("A public text awaits your review")
    SENT_BACK = "sent_back", _("A public text you wrote is sent back with a comment")
    RESUBMITTED = "resubmitted", _("A public text you sent back is submitted again")
    SEAT_ATTENTION = "seat_attention", _("A required seat is empty or a term is ending")
    DIGEST = "digest", _("Weekly digest")
    PROCEDURE_REVIEW = "procedure_review", _("A procedure you own is due for review")
    INCIDENT_REPORTED = "incident_reported", _("An incident is reported at your school")
    CONCERN_RECEIVED = "concern_received", _("A community concern arrives for your school")
    DRILL_DUE = "drill_due", _("A drill falls due at your school with none planned")
    DRILL_MISSED = "drill_missed", _("A drill required at your school was missed")
    ASSESSMENT_FINDINGS = (
        "assessment_findings",
        _("An assessment of your school is completed with findings"),
    )
    ACCESS_GRANTED = (
        "access_granted",
        _("Clearance, a seat's category or a restricted record is granted in your district"),
    )
    SEAT_PROPOSAL = "seat_proposal", _("A chair proposes clearance for a seat you administer")
    DUTY_DUE = "duty_due", _("A compliance duty you own falls due")
    DUTY_OVERDUE = "duty_overdue", _("A compliance duty you own is overdue")
    DUTY_ESCALATED = "duty_escalated", _("A compliance duty at your school is long overdue")
    DUTY_MISSED = "duty_missed", _("A compliance duty at your school was missed")
    # About the person's own account: always sent, whatever their choices.
    ACCOUNT_INVITATION = "account_invitation", _("An invitation to set a first password")
    PASSWORD_RESET = "password_reset", _("A link to choose a new password")
    # To the sender of a record, at the address the record holds (a community concern).
    CONCERN_RECEIPT = "concern_receipt", _("The receipt of a community concern, to its sender")
    # To subscribers of the public pages, who are not people of the portal.
    SUBSCRIPTION_CONFIRM = "subscription_confirm", _("Confirm a subscription")
    PUBLIC_UPDATE = "public_update", _("A new public update")


# About the person's own account: sent whatever they chose for other messages, never in
# a digest, and not on their settings page.
ACCOUNT_KINDS = frozenset({Kind.ACCOUNT_INVITATION, Kind.PASSWORD_RESET})


class Mode(models.TextChoices):
    IMMEDIATE = "immediate", _("Right away")
    DIGEST = "digest", _("In the weekly digest only")
    NONE = "none", _("Never")


class Notification(models.Model):
    """A message to one person about one record, for one period: a person of the portal
    (``recipient``), a subscriber of the public pages (``subscription``), or, with
    neither, the sender of the record, at the address the record holds.

    Unique per (recipient, kind, subject, period): a scan or a sweep that runs twice
    writes and sends once. What the message says is decided at sending time, when
    the gate is asked again.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENT = "sent", _("Sent")
        SKIPPED = "skipped", _("Not sent")  # the gate, a preference or the record said no
        FAILED = "failed", _("Failed")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        null=True,
        blank=True,
    )
    # Or, for the public's e-mail subscriptions, the subscription it goes to.
    subscription = models.ForeignKey(
        "notifications.Subscription",
        on_delete=models.CASCADE,
        related_name="notifications",
        null=True,
        blank=True,
    )
    # The district the message belongs to: its addressee's (a person's, a subscriber's),
    # or for the sender of a record, the record's. Written with the row, so that a
    # district administrator's outbox is read on an index of its own (rows.insert).
    district = models.ForeignKey(
        "committees.District",
        on_delete=models.CASCADE,
        related_name="+",
        null=True,
        blank=True,
        db_index=False,  # notification_district_latest starts with it
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
            # Partial indexes rather than NULLS NOT DISTINCT: SQLite has those too.
            models.UniqueConstraint(
                fields=["recipient", "kind", "subject_type", "subject_id", "period"],
                condition=models.Q(recipient__isnull=False),
                name="one_notification_per_period",
            ),
            models.UniqueConstraint(
                fields=["subscription", "kind", "subject_type", "subject_id", "period"],
                condition=models.Q(subscription__isnull=False),
                name="one_subscriber_notification_per_period",
            ),
            # Neither: to the sender, at the address its subject holds (a concern's).
            models.UniqueConstraint(
                fields=["kind", "subject_type", "subject_id", "period"],
                condition=models.Q(recipient__isnull=True, subscription__isnull=True),
                name="one_sender_notification_per_period",
            ),
            models.CheckConstraint(
                condition=models.Q(recipient__isnull=True) | models.Q(subscription__isnull=True),
                name="notification_has_one_addressee",
            ),
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=models.Q(status="pending"),
                name="notification_pending",
            ),
            # A district administrator's outbox, newest first, and what failed in it.
            models.Index(
                fields=["district", "-created_at", "-id"], name="notification_district_latest"
            ),
            models.Index(
                fields=["district", "-created_at", "-id"],
                condition=models.Q(status="failed"),
                name="notification_district_failed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.recipient or self.subscription}"


class Subscription(models.Model):
    """Someone of the public who gets a district's (or one school's) updates by e-mail.

    Double opt-in: nothing is sent but the confirmation until its link is followed;
    the token in every message unsubscribes in one click.
    """

    email = models.EmailField()
    district = models.ForeignKey(
        "committees.District", on_delete=models.CASCADE, related_name="subscriptions"
    )
    building = models.ForeignKey(
        "committees.Building",
        on_delete=models.CASCADE,
        related_name="subscriptions",
        null=True,
        blank=True,
        help_text="Blank: every update of the district.",
    )
    language = models.CharField(max_length=8, choices=settings.LANGUAGES, default="en")
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["email", "district", "building"],
                condition=models.Q(building__isnull=False),
                name="one_subscription_per_school",
            ),
            models.UniqueConstraint(
                fields=["email", "district"],
                condition=models.Q(building__isnull=True),
                name="one_district_subscription",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} ({self.building or self.district})"

    @property
    def active(self) -> bool:
        return self.confirmed_at is not None and self.unsubscribed_at is None


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


class WebhookEvent(models.TextChoices):
    """What a district's integrations can be told of (docs/api.md, "Webhooks")."""

    ACTION_ITEM_CREATED = "action_item.created", _("An action item is created")
    ACTION_ITEM_ASSIGNED = "action_item.assigned", _("An action item is assigned")
    ACTION_ITEM_STATUS_CHANGED = (
        "action_item.status_changed",
        _("An action item's status changes"),
    )
    INCIDENT_REPORTED = "incident.reported", _("An incident is reported")
    UPDATE_PUBLISHED = "update.published", _("A public update is published")


class Webhook(models.Model):
    """An HTTPS endpoint of a district's integration, told of the events it chose.

    Registered by a district safety administrator for one service account: what each
    delivery carries is what that account may see, asked of the gate when it is sent.
    The signing secret is never stored: it is derived from ``salt`` and the site's
    SECRET_KEY (``notifications.webhooks.secret_of``), and shown once, at registration.
    """

    district = models.ForeignKey(
        "committees.District", on_delete=models.CASCADE, related_name="webhooks"
    )
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="webhooks",
        help_text="The service account whose rights decide what a delivery carries.",
    )
    url = models.URLField("address", max_length=500)
    events = models.JSONField(default=list)
    salt = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.url

    def event_labels(self) -> list[str]:
        labels = dict(WebhookEvent.choices)
        return [str(labels[event]) for event in self.events if event in labels]


class WebhookDelivery(models.Model):
    """One event to tell one webhook: written with the change, sent after the commit,
    tried again with backoff while the endpoint fails (``notifications.webhooks``)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENT = "sent", _("Delivered")
        SKIPPED = "skipped", _("Not sent")  # the gate or the record said no
        FAILED = "failed", _("Failed")

    # Indexed by ``webhook_delivery_latest``, which starts with it.
    webhook = models.ForeignKey(
        Webhook, on_delete=models.CASCADE, related_name="deliveries", db_index=False
    )
    event = models.CharField(max_length=40, choices=WebhookEvent.choices)
    subject_type = models.CharField(max_length=64, help_text="app_label.model of the record.")
    subject_id = models.PositiveBigIntegerField()
    occurred_at = models.DateTimeField(default=_now)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=_now)
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    reason = models.CharField(max_length=200, blank=True, help_text="Why it was not sent.")
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=models.Q(status="pending"),
                name="webhook_delivery_pending",
            ),
            # A webhook's latest deliveries, for its account's page (``latest_deliveries``).
            models.Index(fields=["webhook", "-occurred_at", "-id"], name="webhook_delivery_latest"),
        ]

    def __str__(self) -> str:
        return f"{self.event} #{self.subject_id} to {self.webhook}"
