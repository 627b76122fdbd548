"""Security and vulnerability assessments of a school, their checklists and findings.

An assessment's date, status and assessors are the committee's (its members know that an
assessment was held, as the public does); what it found is restricted: every answer,
note and finding, whatever the assessment's own level (they chain to it, and are
restricted on their own). Templates are the district's, versioned: an assessment keeps
the questions it was planned with, copied onto its answers.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from committees.gate import gated, held_by
from committees.models import Building, Committee, District, Level, level_known
from committees.workflow import Workflow
from followups.models import ActionItem, Milestone, WorkCategory


class Area(models.TextChoices):
    """The areas of a checklist (after the federal school safety assessment guides)."""

    PERIMETER = "perimeter", _("Perimeter and grounds")
    ENTRANCES = "entrances", _("Entrances and visitor management")
    DOORS = "doors", _("Doors, locks and keys")
    WINDOWS = "windows", _("Windows and glazing")
    CAMERAS = "cameras", _("Cameras and alarms")
    COMMUNICATION = "communication", _("Communication and public address")
    PLANS = "plans", _("Emergency plans and drills")
    TRAINING = "training", _("Training")
    TRANSPORTATION = "transportation", _("Transportation")


class PublicCategory(models.TextChoices):
    """What a finding's public label is about: general words, never where."""

    GROUNDS = "grounds", _("Grounds and perimeter")
    ENTRANCE_SECURITY = "entrance_security", _("Entrance security")
    ACCESS_CONTROL = "access_control", _("Access control")
    BUILDING_HARDENING = "building_hardening", _("Building hardening")
    MONITORING = "monitoring", _("Monitoring and alarms")
    COMMUNICATION = "communication", _("Emergency communication")
    PLANNING = "planning", _("Emergency planning")
    TRAINING = "training", _("Training")
    TRANSPORTATION = "transportation", _("Transportation safety")


# Each area's public category, and the follow-ups' work category, as first offered.
AREA_CATEGORY = {
    Area.PERIMETER: PublicCategory.GROUNDS,
    Area.ENTRANCES: PublicCategory.ENTRANCE_SECURITY,
    Area.DOORS: PublicCategory.ACCESS_CONTROL,
    Area.WINDOWS: PublicCategory.BUILDING_HARDENING,
    Area.CAMERAS: PublicCategory.MONITORING,
    Area.COMMUNICATION: PublicCategory.COMMUNICATION,
    Area.PLANS: PublicCategory.PLANNING,
    Area.TRAINING: PublicCategory.TRAINING,
    Area.TRANSPORTATION: PublicCategory.TRANSPORTATION,
}
AREA_WORK = {
    Area.PERIMETER: WorkCategory.FACILITIES,
    Area.ENTRANCES: WorkCategory.ACCESS_CONTROL,
    Area.DOORS: WorkCategory.ACCESS_CONTROL,
    Area.WINDOWS: WorkCategory.FACILITIES,
    Area.CAMERAS: WorkCategory.FACILITIES,
    Area.COMMUNICATION: WorkCategory.COMMUNICATION,
    Area.PLANS: WorkCategory.DRILLS,
    Area.TRAINING: WorkCategory.TRAINING,
    Area.TRANSPORTATION: WorkCategory.TRANSPORTATION,
}


class ChecklistTemplate(models.Model):
    """A district's checklist, one version of it. A version an assessment uses is never
    changed again: an edit makes the next version (``services.template_*``)."""

    district = models.ForeignKey(
        District, on_delete=models.CASCADE, related_name="assessment_templates"
    )
    name = models.CharField(max_length=200)
    version = models.PositiveSmallIntegerField(default=1)
    is_current = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "name", "version"], name="one_template_version"
            ),
        ]

    def __str__(self) -> str:
        return gettext("%(name)s (version %(version)s)") % {
            "name": self.name,
            "version": self.version,
        }


class TemplateQuestion(models.Model):
    template = models.ForeignKey(
        ChecklistTemplate, on_delete=models.CASCADE, related_name="questions"
    )
    area = models.CharField(max_length=20, choices=Area.choices)
    order = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(max_length=500)

    class Meta:
        ordering = ["template", "order", "id"]

    def __str__(self) -> str:
        return self.text


@gated(committee="committee", level="visibility")
class Assessment(models.Model):
    """A school's security and vulnerability assessment.

    Its date, status and assessors are committee-level metadata; its checklist's answers
    and its findings are restricted records held by it.
    """

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        COMPLETED = "completed", _("Completed")

    TRANSITIONS = {
        Status.PLANNED: {Status.IN_PROGRESS, Status.COMPLETED},
        Status.IN_PROGRESS: {Status.COMPLETED},
        Status.COMPLETED: {Status.IN_PROGRESS},  # reopened to correct it
    }
    WORKFLOW = Workflow(Status, TRANSITIONS, "assessment")

    building = models.ForeignKey(Building, on_delete=models.PROTECT, related_name="assessments")
    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="assessments")
    template = models.ForeignKey(ChecklistTemplate, on_delete=models.PROTECT, related_name="+")
    planned_for = models.DateField()
    completed_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PLANNED)
    visibility = models.CharField(max_length=12, default=Level.COMMITTEE, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-planned_for", "-id"]
        indexes = [models.Index(fields=["committee", "-planned_for"])]
        constraints = [level_known("assessment_level_known")]

    def __str__(self) -> str:
        return f"Assessment of {self.building}, {self.planned_for:%Y-%m-%d}"


@gated(committee="assessment__committee", level="assessment__visibility")
class Assessor(models.Model):
    """Who assessed: a person of the portal, or a named guest and their organisation."""

    class Role(models.TextChoices):
        POLICE = "police", _("Local police")
        FIRE = "fire", _("Fire marshal")
        FIRM = "firm", _("Outside firm")
        DISTRICT = "district", _("District staff")
        OTHER = "other", pgettext_lazy("one kind", "Other")

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="assessors")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    name = models.CharField(max_length=150)
    organisation = models.CharField(max_length=200, blank=True)
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.OTHER)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})" if self.organisation else self.name


@gated(committee="assessment__committee", level="visibility", within=["assessment__visibility"])
class Answer(models.Model):
    """One question of the checklist, as it was asked, and what the assessors found."""

    class Response(models.TextChoices):
        MET = "met", _("Met")
        PARTLY = "partly", _("Partly met")
        NOT_MET = "not_met", _("Not met")
        NOT_APPLICABLE = "na", _("Not applicable")

    FINDS = frozenset({Response.PARTLY, Response.NOT_MET})

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(
        TemplateQuestion, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    area = models.CharField(max_length=20, choices=Area.choices)
    order = models.PositiveSmallIntegerField(default=0)
    # The question as the assessment asked it: a later version of the template changes
    # nothing here.
    question_text = models.CharField(max_length=500)
    response = models.CharField(max_length=8, choices=Response.choices, blank=True)
    note = models.TextField(blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    visibility = models.CharField(max_length=12, default=Level.RESTRICTED, editable=False)

    class Meta:
        ordering = ["assessment", "order", "id"]
        constraints = [level_known("answer_level_known")]

    def __str__(self) -> str:
        return f"Answer {self.pk}"


@gated(committee="assessment__committee", level="visibility", within=["assessment__visibility"])
class Finding(models.Model):
    """A "not met" or "partly" answer, to be put right: always restricted.

    Its public label (a category and general wording) is written on its own and
    checked by the redaction guard; the public reads it only once the assessment is
    completed. Its state comes from the action items made from it (``selectors``).
    """

    class Severity(models.TextChoices):
        LOW = "low", _("Low")
        MODERATE = "moderate", _("Moderate")
        HIGH = "high", _("High")
        CRITICAL = "critical", _("Critical")

    class State(models.TextChoices):
        OPEN = "open", pgettext_lazy("status", "Open")
        IN_PROGRESS = "in_progress", _("In progress")
        CLOSED = "closed", _("Closed")

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="findings")
    answer = models.OneToOneField(Answer, on_delete=models.CASCADE, related_name="finding")
    severity = models.CharField(max_length=10, choices=Severity.choices, default=Severity.MODERATE)
    description = models.TextField(blank=True)
    public_category = models.CharField(max_length=20, choices=PublicCategory.choices)
    public_label = models.CharField(
        max_length=200,
        blank=True,
        help_text="Public: general words, never which door, camera or room.",
    )
    visibility = models.CharField(max_length=12, default=Level.RESTRICTED, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["assessment", "answer__order", "id"]
        constraints = [level_known("finding_level_known")]

    def __str__(self) -> str:
        return f"Finding {self.pk}"

    @property
    def state_label(self) -> str:
        """The state's label; ``state`` is worked out by ``selectors.with_state``."""
        return str(self.State(self.state).label)


class FindingItem(models.Model):
    """An action item made from a finding, linked back to it (the finding holds it)."""

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="links")
    item = models.OneToOneField(
        ActionItem, on_delete=models.CASCADE, related_name="assessment_finding"
    )

    def __str__(self) -> str:
        return f"Finding {self.finding_id}: item {self.item_id}"


class FindingMilestone(models.Model):
    """A milestone of the improvement plan tied to a finding."""

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="milestone_links")
    milestone = models.ForeignKey(Milestone, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["finding", "milestone"], name="milestone_tied_once"),
        ]

    def __str__(self) -> str:
        return f"Finding {self.finding_id}: milestone {self.milestone_id}"


@gated(committee="assessment__committee", level="visibility", within=["assessment__visibility"])
class AssessmentCopy(models.Model):
    """A copy exported or given: who, to whom, when, how (a disclosure, on record)."""

    class How(models.TextChoices):
        EXPORT_PDF = "export_pdf", _("Exported as PDF")
        EXPORT_TEXT = "export_text", _("Exported as text")

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="copies")
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    given_to = models.CharField(max_length=200)
    how = models.CharField(max_length=12, choices=How.choices)
    visibility = models.CharField(max_length=12, default=Level.RESTRICTED, editable=False)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"Copy of assessment {self.assessment_id} to {self.given_to}"


# Action items made from a finding are held by it (levels follow the chain).
held_by(ActionItem, "assessment_finding__finding__visibility")
