import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from committees.gate import gated
from committees.models import Committee, Level
from committees.workflow import Workflow


class WorkCategory(models.TextChoices):
    """What a follow-up or milestone is about; the public sees progress by category."""

    ACCESS_CONTROL = "access_control", _("Access control")
    COMMUNICATION = "communication", _("Communication")
    TRAINING = "training", _("Training")
    FACILITIES = "facilities", _("Facilities")
    DRILLS = "drills", _("Drills")
    MENTAL_HEALTH = "mental_health", _("Mental health")
    TRANSPORTATION = "transportation", _("Transportation")
    OTHER = "other", _("Other")


@gated(committee="committee")
class ImprovementPlan(models.Model):
    """A committee's timeline for implementing changes in one school year."""

    committee = models.ForeignKey(
        Committee, on_delete=models.CASCADE, related_name="improvement_plans"
    )
    school_year = models.PositiveSmallIntegerField(
        help_text="The year the school year starts, e.g. 2026 for 2026–27."
    )
    title = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "committees_improvementplan"
        ordering = ["-school_year", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "school_year", "title"], name="plan_title_per_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.school_year_label})"

    @property
    def school_year_label(self) -> str:
        return f"{self.school_year}–{str(self.school_year + 1)[-2:]}"


@gated(committee="plan__committee", level="visibility")
class Milestone(models.Model):
    """A dated step of a plan; its progress comes from its action items."""

    plan = models.ForeignKey(ImprovementPlan, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(max_length=200, help_text="For the committee: may be specific.")
    public_title = models.CharField(
        max_length=200,
        help_text="Written for the public: the kind of work, never which door, camera or room.",
    )
    category = models.CharField(max_length=20, choices=WorkCategory.choices)
    target_date = models.DateField()
    visibility = models.CharField(max_length=12, choices=Level.choices, default=Level.COMMITTEE)

    class Meta:
        db_table = "committees_milestone"
        ordering = ["target_date", "id"]

    def __str__(self) -> str:
        return self.title


class ItemStatus(models.TextChoices):
    """An action item's status, in the order work moves through them."""

    OPEN = "open", pgettext_lazy("status", "Open")
    IN_PROGRESS = "in_progress", _("In progress")
    BLOCKED = "blocked", _("Blocked")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


# Done or cancelled: what no longer asks anything of anyone.
CLOSED_STATUSES = frozenset({ItemStatus.DONE, ItemStatus.CANCELLED})
OPEN_STATUSES = [status.value for status in ItemStatus if status not in CLOSED_STATUSES]


class ItemPriority(models.TextChoices):
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


def _rank(field: str, values: list[str]) -> Case:
    """A field's values ranked in the order given, for sorting by them."""
    return Case(
        *(When(**{field: value}, then=Value(n)) for n, value in enumerate(values)),
        default=Value(len(values)),
        output_field=IntegerField(),
    )


# The orders the lists sort by (followups.item_filters.SORTS), defined once, so that the
# indexes that serve them hold the very same expressions.
STATUS_RANK = _rank("status", ItemStatus.values)
PRIORITY_RANK = _rank("priority", ItemPriority.values)


@gated(
    committee="committee",
    level="visibility",
    named_grants=True,
    assignee="assignee",
    # The minutes it was made from; incidents, concerns and drills add theirs (held_by).
    within=["minutes_section__visibility", "minutes_section__meeting__visibility"],
)
class ActionItem(models.Model):
    """A follow-up with an owner and a due date, on a committee's improvement timeline."""

    Status = ItemStatus
    Priority = ItemPriority

    # Allowed moves; anything else is refused (services.action_item_set_status).
    TRANSITIONS = {
        Status.OPEN: {Status.IN_PROGRESS, Status.BLOCKED, Status.DONE, Status.CANCELLED},
        Status.IN_PROGRESS: {Status.OPEN, Status.BLOCKED, Status.DONE, Status.CANCELLED},
        Status.BLOCKED: {Status.OPEN, Status.IN_PROGRESS, Status.CANCELLED},
        Status.DONE: {Status.IN_PROGRESS},  # reopened: the work was not finished after all
        Status.CANCELLED: {Status.OPEN},
    }
    CLOSED = CLOSED_STATUSES
    WORKFLOW = Workflow(Status, TRANSITIONS, "item")

    class Source(models.TextChoices):
        NONE = "none", _("None")
        MEETING = "meeting", _("Meeting decision")
        INCIDENT = "incident", _("Incident")
        DRILL = "drill", _("Drill")
        CONCERN = "concern", _("Community concern")
        ASSESSMENT = "assessment", _("Assessment finding")

    # Indexed by the composite indexes below, each of which starts with it.
    committee = models.ForeignKey(
        Committee, on_delete=models.CASCADE, related_name="action_items", db_index=False
    )
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    source = models.CharField(max_length=12, choices=Source.choices, default=Source.NONE)
    source_detail = models.CharField(
        max_length=200, blank=True, help_text="E.g. 'October lockdown drill debrief'."
    )
    category = models.CharField(
        max_length=20, choices=WorkCategory.choices, default=WorkCategory.OTHER
    )
    visibility = models.CharField(max_length=12, choices=Level.choices, default=Level.COMMITTEE)
    priority = models.CharField(max_length=10, choices=Priority.choices, default=Priority.MEDIUM)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="assigned_action_items",
        null=True,
        blank=True,
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, related_name="+", null=True, blank=True
    )
    due_date = models.DateField(null=True, blank=True)
    milestone = models.ForeignKey(
        Milestone,
        on_delete=models.SET_NULL,
        related_name="action_items",
        null=True,
        blank=True,
    )
    minutes_section = models.ForeignKey(
        "meetings.MinutesSection",
        on_delete=models.SET_NULL,
        related_name="action_items",
        null=True,
        blank=True,
        help_text="The decision or discussion this item came from.",
    )
    completion_note = models.TextField(blank=True, help_text="Evidence that the work is done.")
    completed_at = models.DateTimeField(null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, related_name="+", null=True, blank=True
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "committees_actionitem"
        ordering = ["due_date", "id"]
        indexes = [
            models.Index(fields=["committee", "visibility"]),
            models.Index(fields=["assignee", "status"]),
            # What is open and late per committee (the district overview), and "done this
            # school year": counted from the index alone, with what the gate asks of an
            # item (its level, its assignee) carried in it.
            models.Index(
                fields=["committee", "status", "due_date"],
                include=["visibility", "assignee"],
                name="item_open_due",
            ),
            models.Index(
                fields=["committee", "status", "completed_at"],
                include=["visibility", "assignee"],
                name="item_done_at",
            ),
            # The open items alone, a tenth of a committee's history at statewide scale:
            # the committee page's fifty soonest due read in order (not found among the
            # done ones), and the open and overdue counts per committee (the district
            # overview) from the index alone. The queries ask for ``OPEN_STATUSES``, the
            # very list of its condition, so that PostgreSQL may use it.
            models.Index(
                fields=["committee", "due_date", "id"],
                include=["visibility", "assignee"],
                condition=Q(status__in=OPEN_STATUSES),
                name="item_open",
            ),
            # A committee's list, one index per sort (item_filters.SORTS): a page reads its
            # fifty rows in order and stops, however long the committee's history.
            models.Index(fields=["committee", "due_date", "id"], name="item_due"),
            models.Index(
                F("committee"), F("due_date").desc(nulls_last=True), F("id"), name="item_due_desc"
            ),
            models.Index(
                F("committee"), PRIORITY_RANK, F("due_date"), F("id"), name="item_priority"
            ),
            models.Index(F("committee"), STATUS_RANK, F("due_date"), F("id"), name="item_status"),
            models.Index(fields=["committee", "title", "id"], name="item_title"),
            models.Index(fields=["committee", "updated_at", "id"], name="item_updated"),
            # The API's list of one committee's items, in its cursor's order (api_kit).
            models.Index(fields=["committee", "id"], name="item_committee_id"),
            # The assignee menu: who holds an item of the committee.
            models.Index(fields=["committee", "assignee"], name="item_assignee"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status not in self.CLOSED

    def is_overdue(self, today: datetime.date) -> bool:
        return self.is_open and self.due_date is not None and self.due_date < today

    def clean(self) -> None:
        if self.milestone_id and self.milestone.plan.committee_id != self.committee_id:
            raise ValidationError({"milestone": "The milestone belongs to another committee."})
        if (
            self.minutes_section_id
            and self.minutes_section.meeting.committee_id != self.committee_id
        ):
            raise ValidationError({"minutes_section": "That section is another committee's."})


class ActionItemEvent(models.Model):
    """The item's history: who did what, when, and why."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Created")
        ASSIGNED = "assigned", _("Assigned")
        STATUS = "status", _("Status changed")
        PROGRESS = "progress", _("Progress note")
        EVIDENCE = "evidence", _("Evidence of completion")
        VERIFIED = "verified", _("Verified")
        EDITED = "edited", _("Edited")

    item = models.ForeignKey(ActionItem, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    from_status = models.CharField(max_length=12, blank=True, choices=ItemStatus.choices)
    to_status = models.CharField(max_length=12, blank=True, choices=ItemStatus.choices)
    note = models.TextField(blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "committees_actionitemevent"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.item_id}"


class ActionItemAttachment(models.Model):
    """A file kept outside any public path, served only through a view that asks the gate."""

    item = models.ForeignKey(ActionItem, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="action-items/%Y/%m/")
    name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "committees_actionitemattachment"
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name


class ActionItemUserObjectPermission(UserObjectPermissionBase):
    """Named grants: one action item shared with one person (guardian, direct foreign key)."""

    content_object = models.ForeignKey(ActionItem, on_delete=models.CASCADE)

    class Meta(UserObjectPermissionBase.Meta):
        db_table = "committees_actionitemuserobjectpermission"


class ActionItemGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(ActionItem, on_delete=models.CASCADE)

    class Meta(GroupObjectPermissionBase.Meta):
        db_table = "committees_actionitemgroupobjectpermission"
