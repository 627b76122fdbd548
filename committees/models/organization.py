import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from committees.gate import Cap, gated
from notifications.preferences import mandatory_kinds_check


def validate_time_zone(value: str) -> None:
    try:
        ZoneInfo(value)
    except (KeyError, ValueError):
        raise ValidationError(f"{value!r} is not a time zone such as America/New_York.") from None


class Level(models.TextChoices):
    """A record's visibility level (ACCESS.md). Defaults are the safest level that works."""

    PUBLIC = "public", _("Public")
    COMMITTEE = "committee", _("Committee")
    RESTRICTED = "restricted", _("Restricted")


def level_known(name: str, field: str = "visibility") -> models.CheckConstraint:
    """The record's level is one of the three. The gate leans on it for records that hold
    others: a reader who sees all three levels on a committee sees whatever a holder's level
    is, so it need not look (committees.access)."""
    return models.CheckConstraint(condition=models.Q(**{f"{field}__in": Level.values}), name=name)


class Category(models.TextChoices):
    """Whom a member represents on the committee: the seats as the law names them.

    Police, fire and EMS are distinct seats (Connecticut's "a local police officer and a
    local first responder" wants one officer and one firefighter or EMT, not two
    officers), and a teacher is told from the school's other staff.
    """

    STUDENT = "student", _("Student")
    TEACHER = "teacher", _("Teacher")
    STAFF = "staff", _("Other school staff")
    ADMINISTRATOR = "administrator", _("Administrator")
    FAMILY = "family", _("Family (parent or guardian)")
    POLICE = "police", _("Police officer")
    FIRE = "fire", _("Firefighter")
    EMS = "ems", _("EMT or paramedic")
    MENTAL_HEALTH = "mental_health", _("Mental health professional")
    COMMUNITY = "community", _("Community partner")


# Connecticut C.G.S. 10-222m keeps parent members from threat reports; students
# are kept out likewise. A district may widen this list only on purpose.
DEFAULT_CLEARED_CATEGORIES = [
    Category.ADMINISTRATOR.value,
    Category.TEACHER.value,
    Category.STAFF.value,
    Category.POLICE.value,
    Category.FIRE.value,
    Category.EMS.value,
    Category.MENTAL_HEALTH.value,
]


def default_cleared_categories() -> list[str]:
    return list(DEFAULT_CLEARED_CATEGORIES)


class Position(models.TextChoices):
    CHAIR = "chair", _("Chair")
    CO_CHAIR = "co_chair", _("Co-chair")
    SECRETARY = "secretary", _("Secretary")
    MEMBER = "member", _("Member")


def default_restricted_incident_types() -> list[str]:
    return ["threat"]


class District(models.Model):
    """A school district: the tenant. Nothing of one district is visible from another."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    state = models.CharField(max_length=2, help_text="Two-letter state code, e.g. CT.")
    time_zone = models.CharField(
        max_length=64, default="America/New_York", validators=[validate_time_zone]
    )
    emergency_number = models.CharField(max_length=20, default="911")
    tip_line = models.CharField(
        max_length=200, blank=True, help_text="The district's anonymous tip line, shown publicly."
    )
    safety_office_contact = models.CharField(max_length=200, blank=True)
    cleared_categories = models.JSONField(
        default=default_cleared_categories,
        help_text="Representation categories whose members may hold restricted clearance.",
    )
    forbidden_public_terms = models.TextField(
        blank=True,
        help_text="One per line: code words, room numbers and other terms that must never "
        "appear in public text.",
    )
    restricted_incident_types = models.JSONField(
        default=default_restricted_incident_types,
        blank=True,
        help_text="Incident types restricted from the start and never lowered (threats, "
        "under Connecticut law).",
    )
    small_count_threshold = models.PositiveSmallIntegerField(
        default=5,
        help_text="Public figures below this show as 'fewer than N', so that a small "
        "number cannot point at a person.",
    )
    escalation_days = models.PositiveSmallIntegerField(
        default=7,
        help_text="Days an action item may be overdue before its chair and the building's "
        "administrators hear of it.",
    )
    mandatory_notifications = models.JSONField(
        default=list,
        blank=True,
        help_text="Kinds of notification nobody may switch off.",
    )
    # The district's local day the permission sweep last brought its grants in line:
    # the next run looks only at the terms that began or ended since.
    permissions_swept_on = models.DateField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        known = set(Category.values)
        if (
            not isinstance(self.cleared_categories, list)
            or not set(self.cleared_categories) <= known
        ):
            raise ValidationError(
                {"cleared_categories": "List categories from: " + ", ".join(sorted(known)) + "."}
            )
        mandatory_kinds_check(kinds=self.mandatory_notifications)

    @property
    def forbidden_terms(self) -> list[str]:
        return [t.strip() for t in self.forbidden_public_terms.splitlines() if t.strip()]


class Building(models.Model):
    class Level(models.TextChoices):
        ELEMENTARY = "elementary", _("Elementary school")
        MIDDLE = "middle", _("Middle school")
        HIGH = "high", _("High school")
        OTHER = "other", _("Other building")

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="buildings")
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80)
    level = models.CharField(max_length=20, choices=Level.choices, default=Level.OTHER)
    address = models.CharField(max_length=250, blank=True)
    # Changed only through committees.services.building_admin_set.
    administrators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="administered_buildings",
        blank=True,
        help_text="Principals and assistant principals: they see all of the building's work.",
    )

    class Meta:
        ordering = ["district", "name"]
        constraints = [
            models.UniqueConstraint(fields=["district", "slug"], name="building_slug_per_district"),
        ]

    def __str__(self) -> str:
        return self.name


@gated(committee="")
class Committee(models.Model):
    """A school safety committee: one per building, or district-wide with no building."""

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="committees")
    building = models.OneToOneField(
        Building,
        on_delete=models.CASCADE,
        related_name="committee",
        null=True,
        blank=True,
        help_text="Leave empty for a district-wide committee.",
    )
    name = models.CharField(max_length=200)
    purpose = models.TextField(
        blank=True, help_text="What the committee is for, in words the public may read."
    )
    quorum = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Members needed for a quorum; empty means a majority."
    )
    # Whether members who take part remotely count toward the quorum: the committee's
    # own rule (some bodies need a quorum physically present).
    remote_counts_toward_quorum = models.BooleanField(
        _("remote members count toward the quorum"),
        default=True,
        help_text=_("Members who take part remotely count toward the quorum."),
    )

    class MinutesApproval(models.TextChoices):
        CHAIR = "chair", _("The chair approves the minutes")
        VOTE = "vote", _("The committee approves the minutes by a vote")

    # Who approves the minutes: the chair (or a co-chair), or the committee by a vote
    # that a recorder records. Never the person who submitted them (four eyes).
    minutes_approval = models.CharField(
        max_length=8,
        choices=MinutesApproval.choices,
        default=MinutesApproval.CHAIR,
        help_text="How this committee approves its minutes.",
    )

    class Meta:
        ordering = ["district", "building__name", "name"]
        permissions = [
            ("view_committee_area", "See the committee's member area"),
            ("view_restricted", "See the committee's restricted records"),
            ("record_meetings", "Record meetings, attendance and minutes"),
            ("assign_action_items", "Assign and re-assign action items"),
            ("manage_membership", "Manage membership and clearance"),
            ("draft_public_update", "Draft a public update"),
            ("publish_public_update", "Approve and publish a public update"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "name"], name="committee_name_per_district"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_district_wide(self) -> bool:
        return self.building_id is None


class MembershipQuerySet(models.QuerySet):
    def current(self, on: datetime.date):
        """Memberships in force on a day: not removed, term begun and not ended."""
        return self.filter(
            models.Q(term_end__isnull=True) | models.Q(term_end__gte=on),
            ended_at__isnull=True,
            term_start__lte=on,
        )


@gated(committee="committee")
class Membership(models.Model):
    """One person's seat on one committee. Written only by committees.services."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    category = models.CharField(max_length=20, choices=Category.choices)
    position = models.CharField(max_length=20, choices=Position.choices, default=Position.MEMBER)
    term_start = models.DateField()
    term_end = models.DateField(null=True, blank=True)
    restricted_clearance = models.BooleanField(default=False)
    ended_at = models.DateTimeField(null=True, blank=True, help_text="When the member was removed.")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["committee", "position", "user__last_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "user"],
                condition=models.Q(ended_at__isnull=True),
                name="one_open_membership_per_person_and_committee",
            ),
            models.CheckConstraint(
                condition=models.Q(term_end__isnull=True)
                | models.Q(term_end__gte=models.F("term_start")),
                name="membership_term_ends_after_it_starts",
            ),
        ]
        indexes = [models.Index(fields=["user", "ended_at"])]

    def __str__(self) -> str:
        return f"{self.user} on {self.committee} ({self.get_category_display()})"

    def is_current(self, on) -> bool:
        return (
            self.ended_at is None
            and self.term_start <= on
            and (self.term_end is None or self.term_end >= on)
        )

    def clean(self) -> None:
        if self.term_end and self.term_start and self.term_end < self.term_start:
            raise ValidationError({"term_end": gettext("The term cannot end before it starts.")})
        if self.restricted_clearance and self.committee_id:
            district = self.committee.district
            if self.category not in district.cleared_categories:
                raise ValidationError(
                    {"restricted_clearance": clearance_refusal(self.get_category_display())}
                )


def clearance_refusal(category_label: str) -> str:
    return gettext(
        "%(category)s members cannot hold restricted clearance under this district's "
        "policy. Connecticut law (C.G.S. 10-222m) keeps parent members of a school safety "
        "committee from threat reports; the district's policy extends this to students."
    ) % {"category": category_label}


@gated(committee="committee", requires=Cap.MANAGE_MEMBERSHIP)
class MembershipChange(models.Model):
    """Who changed which seat, when, and what changed."""

    class Action(models.TextChoices):
        ADDED = "added", _("Added")
        CHANGED = "changed", _("Changed")
        REMOVED = "removed", _("Removed")

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="changes")
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="changes")
    action = models.CharField(max_length=10, choices=Action.choices)
    changes = models.JSONField(default=dict, help_text="Field: [before, after].")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["committee", "-at"])]

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.membership}"


@gated(committee="membership__committee", requires=Cap.MANAGE_MEMBERSHIP)
class SeatProposal(models.Model):
    """A chair's proposal to clear a seat or move it into a cleared category.

    Separation of duties (ACCESS.md): only a building or district administrator
    grants restricted clearance or moves a seat into a category the policy clears;
    a chair proposes, and an administrator confirms or declines. Written only by
    committees.services.
    """

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Awaiting an administrator")
        CONFIRMED = "confirmed", _("Confirmed")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn (the seat ended or changed)")

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="proposals")
    category = models.CharField(
        max_length=20, choices=Category.choices, blank=True, help_text="Empty: unchanged."
    )
    restricted_clearance = models.BooleanField(null=True, blank=True, help_text="Empty: unchanged.")
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    proposed_at = models.DateTimeField(auto_now_add=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-proposed_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["membership"],
                condition=models.Q(outcome="pending"),
                name="one_pending_proposal_per_seat",
            ),
        ]

    def __str__(self) -> str:
        return f"Proposal for {self.membership}: {self.summary}"

    @property
    def summary(self) -> str:
        """What the proposal changes, in the reader's language: "represents staff and
        restricted clearance"."""
        parts = []
        if self.category:
            category = self.get_category_display().lower()
            parts.append(gettext("represents %(category)s") % {"category": category})
        if self.restricted_clearance is True:
            parts.append(gettext("restricted clearance"))
        if len(parts) == 2:
            return gettext("%(first)s and %(second)s") % {"first": parts[0], "second": parts[1]}
        return parts[0] if parts else gettext("no change")


@gated(committee="committee", level="level", requires=Cap.MANAGE_MEMBERSHIP)
class NamedGrantRecord(models.Model):
    """Who shared which record by name with whom, and when; or stopped sharing it.

    guardian's rows say only that a grant exists; this keeps the disclosure on record
    (ACCESS.md, "The audit trail"). Written only by committees.services.
    """

    class Action(models.TextChoices):
        SHARED = "shared", _("Shared")
        STOPPED = "stopped", _("Stopped sharing")

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+")
    record_type = models.CharField(max_length=100, help_text="app_label.model")
    record_id = models.PositiveBigIntegerField()
    level = models.CharField(max_length=12, choices=Level.choices)
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    action = models.CharField(max_length=10, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["committee", "-at"])]

    def __str__(self) -> str:
        what = f"{self.record_type} {self.record_id}"
        return f"{self.get_action_display()}: {what} with {self.person}"

    @property
    def record_label(self) -> str:
        return self.record_type.rsplit(".", 1)[-1].replace("actionitem", "action item")


class RepresentationRule(models.Model):
    """Which categories a district's committees must include, and how many.

    A seat may be filled from more than one category: Connecticut's "a local first
    responder" is a firefighter or an EMT, so its rule is ``category=fire`` with
    ``or_categories=["ems"]``; a member of any of them counts.
    """

    class AppliesTo(models.TextChoices):
        ALL = "all", _("Every committee")
        BUILDING = "building", _("Building committees")
        HIGH_SCHOOL = "high", _("High school committees")
        DISTRICT_WIDE = "district", _("District-wide committees")

    district = models.ForeignKey(
        District, on_delete=models.CASCADE, related_name="representation_rules"
    )
    category = models.CharField(max_length=20, choices=Category.choices)
    or_categories = models.JSONField(
        default=list,
        blank=True,
        verbose_name="or",
        help_text='Other categories that fill this seat too, e.g. ["ems"] beside fire for '
        '"a local first responder".',
    )
    minimum = models.PositiveSmallIntegerField(default=1)
    applies_to = models.CharField(max_length=10, choices=AppliesTo.choices, default=AppliesTo.ALL)
    note = models.CharField(
        max_length=200, blank=True, help_text="Why, e.g. 'C.G.S. 10-222m: a local police officer'."
    )

    class Meta:
        ordering = ["district", "category"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "category", "applies_to"], name="one_rule_per_category_scope"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} × {self.minimum} ({self.get_applies_to_display()})"

    @property
    def categories(self) -> list[str]:
        """The categories whose members fill this seat, its own first."""
        return [self.category, *(c for c in self.or_categories if c != self.category)]

    @property
    def label(self) -> str:
        """The seat in a chair's words: "Firefighter or EMT or paramedic"."""
        labels = [str(Category(c).label) for c in self.categories if c in Category.values]
        if not labels:
            return self.category
        seat = labels[0]
        for label in labels[1:]:
            seat = gettext("%(seat)s or %(other)s") % {"seat": seat, "other": _in_sentence(label)}
        return seat

    def clean(self) -> None:
        known = set(Category.values)
        if not isinstance(self.or_categories, list) or not set(self.or_categories) <= known:
            raise ValidationError(
                {"or_categories": "List categories from: " + ", ".join(sorted(known)) + "."}
            )

    def applies(self, committee: Committee) -> bool:
        if self.applies_to == self.AppliesTo.ALL:
            return True
        if self.applies_to == self.AppliesTo.DISTRICT_WIDE:
            return committee.building_id is None
        if committee.building_id is None:
            return False
        if self.applies_to == self.AppliesTo.HIGH_SCHOOL:
            return committee.building.level == Building.Level.HIGH
        return True


def _in_sentence(label: str) -> str:
    """A label after "or": "firefighter", but "EMT or paramedic" keeps its capitals."""
    return label[:1].lower() + label[1:] if label[1:2].islower() else label


class CommitteeUserObjectPermission(UserObjectPermissionBase):
    """guardian's direct foreign-key table for capabilities on a committee."""

    content_object = models.ForeignKey(Committee, on_delete=models.CASCADE)


class CommitteeGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Committee, on_delete=models.CASCADE)
