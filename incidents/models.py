"""What happens in the buildings: incidents, reported by anyone, triaged by the committee."""

from django.conf import settings
from django.db import models

from committees.access import gated
from committees.models import Building, Committee, Level


@gated(committee="committee", level="visibility", assignee="reporter")
class Incident(models.Model):
    """An incident in a building: reported by any signed-in person of the district.

    It belongs to the building's committee from the start (the triage queue), and
    triage may hand it to another committee of the district. A threat report, or any
    type the district names, is restricted from the start and never lowered, so
    family and student members never see it (ACCESS.md, the Connecticut rule). The
    reporter sees their own report and its status through the gate, as an assignee
    does; never the committee's deliberations.
    """

    class Kind(models.TextChoices):
        INJURY = "injury", "Injury"
        FACILITY_HAZARD = "facility_hazard", "Facility hazard"
        SECURITY_BREACH = "security_breach", "Security breach"
        THREAT = "threat", "Threat"
        INTRUDER = "intruder", "Intruder"
        WEATHER = "weather", "Weather"
        MEDICAL = "medical", "Medical"
        TRANSPORTATION = "transportation", "Transportation"
        OTHER = "other", "Other"

    class Severity(models.TextChoices):
        LOW = "low", "Low"
        MODERATE = "moderate", "Moderate"
        HIGH = "high", "High"
        CRITICAL = "critical", "Critical"

    class Status(models.TextChoices):
        REPORTED = "reported", "Reported"
        TRIAGED = "triaged", "Triaged"
        UNDER_REVIEW = "under_review", "Under review"
        CLOSED = "closed", "Closed"

    # The moves a status may make; each is recorded with who, when and why.
    TRANSITIONS = {
        Status.REPORTED: {Status.TRIAGED, Status.CLOSED},
        Status.TRIAGED: {Status.UNDER_REVIEW, Status.CLOSED},
        Status.UNDER_REVIEW: {Status.TRIAGED, Status.CLOSED},
        Status.CLOSED: {Status.UNDER_REVIEW},
    }

    building = models.ForeignKey(Building, on_delete=models.PROTECT, related_name="incidents")
    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="incidents")
    occurred_at = models.DateTimeField()
    area = models.CharField(max_length=120, help_text="A general area: 'east parking lot'.")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    severity = models.CharField(max_length=10, choices=Severity.choices)
    description = models.TextField()
    people_involved = models.TextField(
        blank=True, help_text="Describe roles, not names of students, unless restricted."
    )
    immediate_actions = models.TextField(blank=True)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    status = models.CharField(max_length=14, choices=Status.choices, default=Status.REPORTED)
    visibility = models.CharField(max_length=12, choices=Level.choices, default=Level.COMMITTEE)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["committee", "status", "-occurred_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} at {self.building}, {self.occurred_at:%Y-%m-%d}"


class IncidentEvent(models.Model):
    """A status change: who, when, from what to what, and why."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=14, blank=True)
    to_status = models.CharField(max_length=14)
    note = models.CharField(max_length=500, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.incident}: {self.to_status}"
