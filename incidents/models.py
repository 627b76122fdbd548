"""What happens in the buildings: incidents, reported by anyone, triaged by the committee."""

from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import translation
from django.utils.translation import gettext, ngettext, pgettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from committees.gate import gated, held_by
from committees.models import Building, Committee, District, Level, level_known
from committees.workflow import Workflow
from followups.models import ActionItem


@gated(committee="committee", level="visibility", named_grants=True, assignee="reporter")
class Incident(models.Model):
    """An incident in a building: reported by any signed-in person of the district.

    It belongs to the building's committee from the start (the triage queue), and
    triage may hand it to another committee of the district. A threat report, or any
    type the district names, is restricted from the start and never lowered, so
    family and student members never see it (ACCESS.md, the Connecticut rule). The
    reporter sees their own report and its status through the gate, as an assignee
    does; never the committee's deliberations. A named grant may share one incident
    with one person of the district (the fire marshal), under the same eligibility rule:
    never a family or student member, if it is restricted.
    """

    class Kind(models.TextChoices):
        INJURY = "injury", _("Injury")
        FACILITY_HAZARD = "facility_hazard", _("Facility hazard")
        SECURITY_BREACH = "security_breach", _("Security breach")
        THREAT = "threat", _("Threat")
        INTRUDER = "intruder", _("Intruder")
        WEATHER = "weather", _("Weather")
        MEDICAL = "medical", _("Medical")
        TRANSPORTATION = "transportation", _("Transportation")
        OTHER = "other", pgettext_lazy("one kind", "Other")

    class Severity(models.TextChoices):
        LOW = "low", _("Low")
        MODERATE = "moderate", _("Moderate")
        HIGH = "high", _("High")
        CRITICAL = "critical", _("Critical")

    class Status(models.TextChoices):
        REPORTED = "reported", _("Reported")
        TRIAGED = "triaged", _("Triaged")
        UNDER_REVIEW = "under_review", _("Under review")
        CLOSED = "closed", _("Closed")

    # The moves a status may make; each is recorded with who, when and why.
    TRANSITIONS = {
        Status.REPORTED: {Status.TRIAGED, Status.CLOSED},
        Status.TRIAGED: {Status.UNDER_REVIEW, Status.CLOSED},
        Status.UNDER_REVIEW: {Status.TRIAGED, Status.CLOSED},
        Status.CLOSED: {Status.UNDER_REVIEW},
    }
    WORKFLOW = Workflow(Status, TRANSITIONS, "incident")
    # Named, not "all but closed", so that an index on the status serves the open ones.
    OPEN = [Status.REPORTED, Status.TRIAGED, Status.UNDER_REVIEW]

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
        constraints = [level_known("incident_level_known")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} at {self.building}, {self.occurred_at:%Y-%m-%d}"


class IncidentUserObjectPermission(UserObjectPermissionBase):
    """Named grants: one incident shared with one person (guardian, direct foreign key)."""

    content_object = models.ForeignKey(Incident, on_delete=models.CASCADE)


class IncidentGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Incident, on_delete=models.CASCADE)


class StatusEvent(models.Model):
    """A status change: who, when, from what to what, and why."""

    from_status = models.CharField(max_length=14, blank=True)
    to_status = models.CharField(max_length=14)
    note = models.CharField(max_length=500, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["at", "id"]


class IncidentEvent(StatusEvent):
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="events")
    # The statuses' labels for the history ("Under review", never "under_review").
    from_status = models.CharField(max_length=14, blank=True, choices=Incident.Status.choices)
    to_status = models.CharField(max_length=14, choices=Incident.Status.choices)

    class Meta(StatusEvent.Meta):
        pass

    def __str__(self) -> str:
        return f"{self.incident}: {self.to_status}"


class SchoolYear(models.Model):
    """The district's school calendar for one year: the drill cadence counts from its first day."""

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="school_years")
    year = models.PositiveSmallIntegerField(help_text="The year it starts in: 2026 for 2026–27.")
    first_day = models.DateField(help_text="The first day of school.")
    last_day = models.DateField(help_text="The last day of school.")

    class Meta:
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["district", "year"], name="school_year_per_district"),
            models.CheckConstraint(
                condition=models.Q(last_day__gt=models.F("first_day")),
                name="school_year_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.district}: {self.year}–{str(self.year + 1)[-2:]}"


class DrillKind(models.TextChoices):
    FIRE = "fire", _("Fire")
    LOCKDOWN = "lockdown", _("Lockdown")
    EVACUATION = "evacuation", _("Evacuation")
    SHELTER_IN_PLACE = "shelter_in_place", _("Shelter in place")
    REVERSE_EVACUATION = "reverse_evacuation", _("Reverse evacuation")
    BUS = "bus", _("Bus")
    CRISIS_RESPONSE = "crisis_response", _("Crisis response")


def _a_drill(kind: str) -> str:
    """A drill of a kind ("a fire drill", "an evacuation drill"): the English article
    follows the English word; a translation has its own phrase with the kind's label."""
    with translation.override("en"):
        vowel = str(DrillKind(kind).label)[:1].lower() in "aeiou"
    label = str(DrillKind(kind).label).lower()
    # Translators: a drill of one kind, e.g. "a fire drill"; %(kind)s is the kind in lower case.
    return (gettext("an %(kind)s drill") if vowel else gettext("a %(kind)s drill")) % {
        "kind": label
    }


def _ordinal(n: int) -> str:
    """The ordinal of ``n``, "3rd", in the active language ("3.º")."""
    if 10 <= n % 100 <= 20:
        return pgettext("ordinal", "%(n)sth") % {"n": n}
    ending = n % 10
    if ending == 1:
        return pgettext("ordinal", "%(n)sst") % {"n": n}
    if ending == 2:
        return pgettext("ordinal", "%(n)snd") % {"n": n}
    if ending == 3:
        return pgettext("ordinal", "%(n)srd") % {"n": n}
    return pgettext("ordinal", "%(n)sth") % {"n": n}


class DrillCadence(models.Model):
    """The district's rule for required drills, counted in periods from the first school day.

    The Connecticut profile (C.G.S. 10-231): a fire drill within 30 days of the first
    school day and monthly after that; every third month a crisis response drill,
    planned with local police, takes the fire drill's place.
    """

    class Profile(models.TextChoices):
        CONNECTICUT = "connecticut", _("Connecticut (C.G.S. 10-231)")
        CUSTOM = "custom", _("Custom")

    district = models.OneToOneField(District, on_delete=models.CASCADE, related_name="cadence")
    profile = models.CharField(max_length=12, choices=Profile.choices, default=Profile.CONNECTICUT)
    first_within_days = models.PositiveSmallIntegerField(
        default=30,
        validators=[MinValueValidator(1)],
        help_text="The first drill falls due within this many days of the first school day.",
    )
    every_months = models.PositiveSmallIntegerField(
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text="Then one drill in each period of this many months.",
    )
    kind = models.CharField(max_length=20, choices=DrillKind.choices, default=DrillKind.FIRE)
    alternate_kind = models.CharField(
        max_length=20, choices=DrillKind.choices, default=DrillKind.CRISIS_RESPONSE, blank=True
    )
    alternate_every = models.PositiveSmallIntegerField(
        default=3,
        help_text="Every this-many-th period requires the alternate kind instead (0: never).",
    )

    def __str__(self) -> str:
        return f"{self.district}: {self.get_profile_display()}"

    def in_words(self) -> str:
        """'Connecticut (C.G.S. 10-231): a fire drill within 30 days of the first school day,
        then one each month; every 3rd month a crisis response drill instead', in the
        active language: whole sentences with placeholders, for the translators."""
        values = {
            "rule": self.get_profile_display(),
            "drill": _a_drill(self.kind),
            "days": self.first_within_days,
            "months": self.every_months,
        }
        text = (
            ngettext(
                "%(rule)s: %(drill)s within %(days)s days of the first school day, then one "
                "each month",
                "%(rule)s: %(drill)s within %(days)s days of the first school day, then one "
                "every %(months)s months",
                self.every_months,
            )
            % values
        )
        if self.alternate_kind and self.alternate_every:
            values = {
                "rule": text,
                "drill": _a_drill(self.alternate_kind),
                "nth": _ordinal(self.alternate_every),
            }
            if self.every_months == 1:
                if self.alternate_every == 1:
                    text = gettext("%(rule)s; each month %(drill)s instead") % values
                else:
                    text = gettext("%(rule)s; every %(nth)s month %(drill)s instead") % values
            elif self.alternate_every == 1:
                text = gettext("%(rule)s; each period %(drill)s instead") % values
            else:
                text = gettext("%(rule)s; every %(nth)s period %(drill)s instead") % values
        return text

    @classmethod
    def connecticut(cls, district: District) -> "DrillCadence":
        """The Connecticut profile, unsaved: the rule a district has until it sets its own."""
        return cls(district=district, profile=cls.Profile.CONNECTICUT)


@gated(committee="committee", level="visibility")
class Drill(models.Model):
    """A drill, planned and then held; the observers' scores and the problems found hang
    off it and share its level."""

    Kind = DrillKind

    building = models.ForeignKey(Building, on_delete=models.PROTECT, related_name="drills")
    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="drills")
    kind = models.CharField(max_length=20, choices=DrillKind.choices)
    planned_for = models.DateField(null=True, blank=True)
    held_at = models.DateTimeField(null=True, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(600)]
    )
    participants = models.PositiveIntegerField(
        null=True, blank=True, help_text="How many people took part."
    )
    notes = models.TextField(blank=True)
    visibility = models.CharField(max_length=12, choices=Level.choices, default=Level.COMMITTEE)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_at", "-planned_for", "-id"]
        indexes = [models.Index(fields=["committee", "held_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(planned_for__isnull=False) | models.Q(held_at__isnull=False),
                name="drill_planned_or_held",
            ),
            level_known("drill_level_known"),
        ]

    def __str__(self) -> str:
        day = self.held_at.date() if self.held_at else self.planned_for
        return f"{self.get_kind_display()} drill, {self.building}, {day:%Y-%m-%d}"


class DrillObserver(models.Model):
    """Someone who watched the drill, e.g. the police evaluator, with a score and remarks."""

    drill = models.ForeignKey(Drill, on_delete=models.CASCADE, related_name="observers")
    name = models.CharField(max_length=150)
    role = models.CharField(max_length=150, help_text="'Police evaluator, Westport PD'.")
    score = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text="1 (poor) to 5 (excellent).",
    )
    remarks = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.role})"


class DrillProblem(models.Model):
    """A problem found in a drill; it can become an action item of the committee."""

    drill = models.ForeignKey(Drill, on_delete=models.CASCADE, related_name="problems")
    description = models.TextField()
    action_item = models.OneToOneField(
        ActionItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="drill_problem",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.description[:60]


@gated(committee="committee", level="visibility")
class Concern(models.Model):
    """A non-urgent safety concern from the community, sent without signing in.

    The sender may stay anonymous; their name and contact are committee data and never
    public. With the reference number they see the status (received, under review,
    addressed) and nothing more. ``source_key`` is a keyed hash of the sender's address,
    kept for the rate limit only (never the address itself).
    """

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        UNDER_REVIEW = "under_review", _("Under review")
        ADDRESSED = "addressed", _("Addressed")

    TRANSITIONS = {
        Status.RECEIVED: {Status.UNDER_REVIEW, Status.ADDRESSED},
        Status.UNDER_REVIEW: {Status.ADDRESSED},
        Status.ADDRESSED: {Status.UNDER_REVIEW},
    }
    WORKFLOW = Workflow(Status, TRANSITIONS, "concern")
    DESCRIPTION_LIMIT = 2000

    reference = models.CharField(max_length=16, unique=True)
    building = models.ForeignKey(Building, on_delete=models.PROTECT, related_name="concerns")
    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="concerns")
    location = models.CharField(max_length=200, help_text="Where: 'the gate by the bus loop'.")
    description = models.TextField(validators=[MaxLengthValidator(DESCRIPTION_LIMIT)])
    name = models.CharField(max_length=150, blank=True)
    contact = models.CharField(max_length=200, blank=True, help_text="E-mail or phone.")
    # The page's language when it was sent: its receipt is written in it.
    language = models.CharField(max_length=8, blank=True, editable=False)
    status = models.CharField(max_length=14, choices=Status.choices, default=Status.RECEIVED)
    status_changed_at = models.DateTimeField()
    visibility = models.CharField(max_length=12, choices=Level.choices, default=Level.COMMITTEE)
    source_key = models.CharField(max_length=64, db_index=True, editable=False)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["committee", "status", "-created_at"]),
            models.Index(fields=["source_key", "created_at"]),
        ]
        constraints = [level_known("concern_level_known")]

    def __str__(self) -> str:
        return f"Concern {self.reference} at {self.building}"


class ConcernEvent(StatusEvent):
    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=14, blank=True, choices=Concern.Status.choices)
    to_status = models.CharField(max_length=14, choices=Concern.Status.choices)

    class Meta(StatusEvent.Meta):
        pass

    def __str__(self) -> str:
        return f"{self.concern}: {self.to_status}"


class FollowUp(models.Model):
    """An action item made from an incident or a concern, linked back to it.

    The source holds the item: the gate decides on the stricter of the two levels, so a
    follow-up of a threat report stays restricted even if someone lowers the item.
    """

    item = models.OneToOneField(ActionItem, on_delete=models.CASCADE, related_name="origin")
    incident = models.ForeignKey(
        Incident, on_delete=models.CASCADE, null=True, blank=True, related_name="follow_ups"
    )
    concern = models.ForeignKey(
        Concern, on_delete=models.CASCADE, null=True, blank=True, related_name="follow_ups"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(incident__isnull=False, concern__isnull=True)
                | models.Q(incident__isnull=True, concern__isnull=False),
                name="follow_up_has_one_source",
            )
        ]

    def __str__(self) -> str:
        return f"Follow-up {self.item_id}"


# Action items made from these records are held by them (levels follow the chain).
held_by(
    ActionItem,
    "origin__incident__visibility",
    "origin__concern__visibility",
    "drill_problem__drill__visibility",
)
