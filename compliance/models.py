"""The compliance calendar: what the law asks of each school on a schedule, and its record.

A district follows a state profile (``profiles.py``: Connecticut by default, or
Massachusetts), kept as its own rules (``DutyRule``) that it may adjust. Each enabled
rule gives each school one open duty at a time; completing it, or missing it, opens the
next one a cycle later. Duties are committee-level records of the school's committee;
a receipt may be marked restricted, never less strict than its duty.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from committees.gate import gated
from committees.models import Committee, District, Level, level_known


class Profile(models.TextChoices):
    CONNECTICUT = "CT", _("Connecticut")
    MASSACHUSETTS = "MA", _("Massachusetts")


class DutyKind(models.TextChoices):
    ASSESSMENT = "assessment", _("Security and vulnerability assessment")
    PLAN_REVIEW = "plan_review", _("School security and safety plan: review and filing")
    DRILL_REPORT = "drill_report", _("Annual drills report")
    EVACUATION_REVIEW = "evacuation_review", _("Multi-hazard evacuation plan review")
    MEDICAL_PLAN = "medical_plan", _("Medical emergency response plan submission")
    OTHER = "other", _("District duty")


class ComplianceProfile(models.Model):
    """The state profile a district follows (Connecticut unless it says otherwise)."""

    district = models.OneToOneField(
        District, on_delete=models.CASCADE, related_name="compliance_profile"
    )
    profile = models.CharField(max_length=2, choices=Profile.choices, default=Profile.CONNECTICUT)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    def __str__(self) -> str:
        return f"{self.district}: {self.get_profile_display()}"


class DutyRule(models.Model):
    """One kind of duty a district keeps: its cadence and the day of the year it falls due."""

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="duty_rules")
    kind = models.CharField(max_length=20, choices=DutyKind.choices)
    title = models.CharField(max_length=200)
    citation = models.CharField(max_length=100, blank=True)
    every_months = models.PositiveSmallIntegerField(default=12)
    due_month = models.PositiveSmallIntegerField(default=6)
    due_day = models.PositiveSmallIntegerField(default=30)
    enabled = models.BooleanField(default=True)
    # Who the duty is reviewed with, by role (the police and fire chiefs): a reminder on
    # the duty's page until they are named.
    review_with = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["district", "due_month", "due_day", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "kind"],
                condition=~Q(kind="other"),
                name="one_rule_per_state_duty",
            ),
            models.CheckConstraint(
                condition=Q(every_months__gte=1, every_months__lte=120),
                name="duty_rule_cadence_known",
            ),
        ]

    def __str__(self) -> str:
        return self.shown_title

    @property
    def shown_title(self) -> str:
        """The title in the reader's language where it is a state profile's own
        (``profiles.py``); a title the district wrote stays as written."""
        return gettext(self.title)

    def clean(self) -> None:
        if not 1 <= self.due_month <= 12:
            raise ValidationError({"due_month": _("Choose a month from 1 to 12.")})
        try:
            datetime.date(2027, self.due_month, self.due_day)  # not a leap year: no Feb 29
        except ValueError:
            raise ValidationError({"due_day": _("That day is not in that month.")}) from None
        if not 1 <= (self.every_months or 0) <= 120:
            raise ValidationError({"every_months": _("Give a cadence from 1 to 120 months.")})


class DutyStatus(models.TextChoices):
    """What is stored. Upcoming, due and overdue are what an open duty is on a given day."""

    OPEN = "open", pgettext_lazy("status", "Open")
    DONE = "done", _("Done")
    MISSED = "missed", _("Missed")


@gated(committee="committee", level="visibility", assignee="owner")
class Duty(models.Model):
    """One period of one rule at one school: due on a day of the district, then done or
    missed, and kept on record either way."""

    rule = models.ForeignKey(DutyRule, on_delete=models.PROTECT, related_name="duties")
    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="duties")
    kind = models.CharField(max_length=20, choices=DutyKind.choices)
    title = models.CharField(max_length=200)
    due_on = models.DateField(help_text="A day in the district's time zone.")
    status = models.CharField(max_length=8, choices=DutyStatus.choices, default=DutyStatus.OPEN)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Hears when the duty falls due.",
    )
    visibility = models.CharField(max_length=12, default=Level.COMMITTEE, editable=False)
    done_on = models.DateField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    done_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(blank=True, help_text="The completion note: for the committee.")
    missed_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "committee"],
                condition=Q(status="open"),
                name="one_open_duty_per_rule_and_school",
            ),
            level_known("duty_level_known"),
        ]
        indexes = [
            models.Index(fields=["committee", "status", "due_on"], name="duty_school_status_due"),
            models.Index(fields=["due_on"], condition=Q(status="open"), name="duty_open_due"),
        ]

    def __str__(self) -> str:
        return self.shown_title

    @property
    def shown_title(self) -> str:
        """The title in the reader's language where it is a state profile's own
        (``profiles.py``); a title the district wrote stays as written."""
        return gettext(self.title)


class CoReviewerRole(models.TextChoices):
    POLICE_CHIEF = "police_chief", _("Police chief")
    FIRE_CHIEF = "fire_chief", _("Fire chief")
    EMS = "ems", _("EMS")
    OTHER = "other", pgettext_lazy("one kind", "Other")


@gated(committee="duty__committee", level="duty__visibility")
class DutyReviewer(models.Model):
    """Someone the duty is reviewed with: a person of the portal, or a named guest."""

    duty = models.ForeignKey(Duty, on_delete=models.CASCADE, related_name="reviewers")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    name = models.CharField(max_length=200, blank=True, help_text="A guest's name.")
    role = models.CharField(max_length=20, choices=CoReviewerRole.choices)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["duty", "role", "pk"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.person.display_name if self.person_id else self.name


@gated(committee="duty__committee", level="visibility", within=("duty__visibility",))
class DutyReceipt(models.Model):
    """The filed document or the state's receipt: kept outside any public path, served
    only through a view that asks the gate. Restricted if marked so, never below its duty."""

    duty = models.ForeignKey(Duty, on_delete=models.CASCADE, related_name="receipts")
    file = models.FileField(upload_to="compliance/%Y/%m/")
    name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    visibility = models.CharField(max_length=12, choices=Level.choices[1:], default=Level.COMMITTEE)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        constraints = [level_known("duty_receipt_level_known")]

    def __str__(self) -> str:
        return self.name
