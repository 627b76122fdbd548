import datetime
import re

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from committees.gate import gated
from committees.models import Committee, District, Level, level_known


@gated(committee="committee", level="visibility")
class Meeting(models.Model):
    """A committee meeting: when and where, its agenda, who came, and its minutes."""

    class Kind(models.TextChoices):
        REGULAR = "regular", _("Regular meeting")
        SPECIAL = "special", _("Special meeting")
        DRILL_DEBRIEF = "drill_debrief", _("Drill debrief")
        EXECUTIVE = "executive", _("Executive session")

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        HELD = "held", pgettext_lazy("meeting", "Held")
        CANCELLED = "cancelled", _("Cancelled")

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="meetings")
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.REGULAR)
    starts_at = models.DateTimeField(help_text="Stored in UTC, shown in the district's time zone.")
    ends_at = models.DateTimeField(null=True, blank=True)
    location = models.CharField(max_length=200, blank=True)
    video_link = models.URLField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    # Who may know of the meeting at all; an executive session is restricted by
    # default. What the public learns comes from its notice and summary alone.
    visibility = models.CharField(max_length=12, choices=Level.choices, default=Level.COMMITTEE)
    public_purpose = models.CharField(
        max_length=300,
        blank=True,
        help_text="For an executive session: its purpose in general terms, as the public "
        "record will show it.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # The full minutes: a draft until the committee approves them; an edit after
    # approval opens the next revision and keeps the approved one.
    minutes_revision = models.PositiveSmallIntegerField(default=1)
    minutes_approved_at = models.DateTimeField(null=True, blank=True)
    minutes_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Submitted for approval: the approvers are told at once; whoever submitted them
    # never approves them (four eyes). An edit returns them to draft.
    minutes_submitted_at = models.DateTimeField(null=True, blank=True)
    minutes_submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # An executive session's minutes are reviewed for release by this day (M.G.L. c.30A
    # §22(g)): set when they are approved, moved by each decision to keep them closed.
    minutes_review_on = models.DateField(null=True, blank=True)

    class Meta:
        db_table = "committees_meeting"
        ordering = ["-starts_at", "-id"]
        indexes = [
            models.Index(fields=["committee", "-starts_at"]),
            # Today's "Minutes to approve": the few submitted and not yet approved, not
            # every meeting of the reader's committees.
            models.Index(
                fields=["committee", "starts_at"],
                condition=models.Q(
                    minutes_submitted_at__isnull=False, minutes_approved_at__isnull=True
                ),
                name="meeting_minutes_to_approve",
            ),
            # Executive sessions still closed, by the day their release review is due
            # (Today and the daily scan).
            models.Index(
                fields=["committee", "minutes_review_on"],
                condition=models.Q(kind="executive", minutes_review_on__isnull=False),
                name="meeting_release_review_due",
            ),
        ]
        constraints = [level_known("meeting_level_known")]

    def __str__(self) -> str:
        return self.title

    @property
    def minutes_state(self) -> str:
        """draft, submitted or approved."""
        if self.minutes_approved_at is not None:
            return "approved"
        return "submitted" if self.minutes_submitted_at is not None else "draft"

    def has_started(self, now: datetime.datetime | None = None) -> bool:
        """Has the meeting begun? Its start, in UTC, against now: before it, nothing is
        recorded as having happened (attendance, "held", a public summary)."""
        return self.starts_at <= (now or timezone.now())

    @property
    def default_level(self) -> str:
        """The level of its new agenda items and sections: restricted for an executive
        session or a restricted meeting, committee otherwise."""
        restricted = self.kind == self.Kind.EXECUTIVE or self.visibility == Level.RESTRICTED
        return Level.RESTRICTED if restricted else Level.COMMITTEE


class MeetingChange(models.Model):
    """A meeting scheduled, changed or cancelled: who, when, what and why."""

    class Kind(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        CHANGED = "changed", _("Changed")
        CANCELLED = "cancelled", _("Cancelled")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    changes = models.JSONField(default=dict, help_text="Field: [before, after].")
    reason = models.CharField(max_length=500, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "committees_meetingchange"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.meeting}"


@gated(committee="committee")
class AgendaTemplateItem(models.Model):
    """A standing agenda item the committee puts on every meeting it schedules."""

    committee = models.ForeignKey(
        Committee, on_delete=models.CASCADE, related_name="agenda_template"
    )
    order = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    minutes = models.PositiveSmallIntegerField(default=10)

    class Meta:
        db_table = "committees_agendatemplateitem"
        ordering = ["committee", "order", "id"]

    def __str__(self) -> str:
        return self.title


@gated(committee="meeting__committee", level="visibility", within=["meeting__visibility"])
class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    order = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    presenter = models.CharField(max_length=120, blank=True)
    minutes = models.PositiveSmallIntegerField(default=10, help_text="Time allotted.")
    visibility = models.CharField(max_length=12, choices=Level.choices, default=Level.COMMITTEE)

    class Meta:
        db_table = "committees_agendaitem"
        ordering = ["meeting", "order", "id"]
        # It holds a packet's documents: the gate reads its level along their chain.
        constraints = [level_known("agenda_item_level_known")]

    def __str__(self) -> str:
        return self.title


@gated(committee="meeting__committee", level="meeting__visibility")
class Attendance(models.Model):
    """A member's attendance at a meeting."""

    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        ABSENT = "absent", _("Absent")
        EXCUSED = "excused", _("Excused")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    membership = models.ForeignKey(
        "committees.Membership", on_delete=models.CASCADE, related_name="attendance"
    )

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        REMOTE = "remote", _("Remotely")

    status = models.CharField(max_length=8, choices=Status.choices)
    # How a present member took part; the reason where the district's rules want one.
    mode = models.CharField(max_length=9, choices=Mode.choices, default=Mode.IN_PERSON)
    remote_reason = models.CharField(max_length=300, blank=True)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        db_table = "committees_attendance"
        ordering = ["meeting", "membership__user__last_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "membership"], name="one_attendance_per_member"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.membership.user} {self.get_status_display().lower()}"


@gated(committee="meeting__committee", level="meeting__visibility")
class Guest(models.Model):
    """Someone at the table who is not a member: the fire marshal, a town engineer."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="guests")
    name = models.CharField(max_length=150)
    organization = models.CharField(max_length=150, blank=True)

    class Meta:
        db_table = "committees_guest"
        ordering = ["meeting", "name"]

    def __str__(self) -> str:
        return self.name


@gated(committee="meeting__committee", level="visibility", within=["meeting__visibility"])
class MinutesSection(models.Model):
    """One part of the minutes, in Markdown, at its own level."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="sections")
    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="sections"
    )
    order = models.PositiveSmallIntegerField()
    heading = models.CharField(max_length=200)
    body = models.TextField(blank=True, help_text="Markdown.")
    documents = models.TextField(
        blank=True,
        help_text="Documents referenced, one per line: a title, then optionally a link.",
    )
    visibility = models.CharField(max_length=12, choices=Level.choices, default=Level.COMMITTEE)

    class Meta:
        db_table = "committees_minutessection"
        ordering = ["meeting", "order", "id"]
        constraints = [level_known("minutes_section_level_known")]

    def __str__(self) -> str:
        return self.heading

    @property
    def document_list(self) -> list[tuple[str, str]]:
        return referenced_documents(self.documents)


_LINK = re.compile(r"\s*(https?://\S+)\s*$")


def referenced_documents(text: str) -> list[tuple[str, str]]:
    """(title, link) per line of a section's documents; a link only if http(s)."""
    documents = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        match = _LINK.search(line)
        link = match.group(1) if match else ""
        title = line[: match.start()].rstrip(" -–—|:") if match else line
        documents.append((title or link, link))
    return documents


@gated(
    committee="section__meeting__committee",
    level="section__visibility",
    within=["section__meeting__visibility"],
)
class Vote(models.Model):
    """A decision: the motion, who moved it, and how the votes fell."""

    class Result(models.TextChoices):
        CARRIED = "carried", _("Carried")
        FAILED = "failed", pgettext_lazy("vote", "Failed")
        TABLED = "tabled", _("Tabled")

    section = models.ForeignKey(MinutesSection, on_delete=models.CASCADE, related_name="votes")
    motion = models.CharField(max_length=500)
    mover = models.CharField(max_length=150, blank=True)
    seconder = models.CharField(max_length=150, blank=True)
    result = models.CharField(max_length=8, choices=Result.choices)
    yes = models.PositiveSmallIntegerField(default=0)
    no = models.PositiveSmallIntegerField(default=0)
    abstain = models.PositiveSmallIntegerField(default=0)
    note = models.CharField(
        max_length=500,
        blank=True,
        help_text="Anything the record should keep: who abstained and why, an amendment.",
    )
    public_motion = models.CharField(
        max_length=300,
        blank=True,
        help_text="For an executive session: the motion in general terms, as the public "
        "record will show it.",
    )

    class Meta:
        db_table = "committees_vote"
        ordering = ["section", "id"]

    def __str__(self) -> str:
        return self.motion


@gated(
    committee="vote__section__meeting__committee",
    level="vote__section__visibility",
    within=["vote__section__meeting__visibility"],
)
class VoteCorrection(models.Model):
    """A vote as it stood before a correction: kept on the record, as strict as its vote."""

    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="corrections")
    was = models.JSONField(help_text="The vote's fields before the correction.")
    reason = models.CharField(max_length=300)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "meetings_votecorrection"
        ordering = ["vote", "at", "id"]

    def __str__(self) -> str:
        return f"Correction of {self.vote}"

    @property
    def was_counts(self) -> str:
        return f"{self.was.get('yes', 0)}–{self.was.get('no', 0)}–{self.was.get('abstain', 0)}"

    @property
    def was_roll(self) -> list[tuple[str, str]]:
        """A roll call's roll as it was: (name, vote in the reader's words) per member."""
        labels = dict(RollCall.Choice.choices)
        return [
            (entry.get("name", ""), str(labels.get(entry.get("choice"), entry.get("choice"))))
            for entry in self.was.get("roll", [])
        ]

    @property
    def was_roll_text(self) -> str:
        """The roll as it was, on one line: "Ana Ruiz: Yes; Ben Ode: No"."""
        return "; ".join(f"{name}: {choice}" for name, choice in self.was_roll)


@gated(
    committee="vote__section__meeting__committee",
    level="vote__section__visibility",
    within=["vote__section__meeting__visibility"],
)
class RollCall(models.Model):
    """One member's vote on a roll call, by name: part of its vote, as strict as it."""

    class Choice(models.TextChoices):
        YES = "yes", _("Yes")
        NO = "no", _("No")
        ABSTAIN = "abstain", _("Abstain")
        ABSENT = "absent", _("Absent")

    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="roll")
    membership = models.ForeignKey(
        "committees.Membership", on_delete=models.CASCADE, related_name="roll_calls"
    )
    choice = models.CharField(max_length=8, choices=Choice.choices)
    note = models.CharField(
        max_length=300, blank=True, help_text=_("E.g. why the member abstained or recused.")
    )

    class Meta:
        db_table = "meetings_rollcall"
        ordering = ["vote", "membership__user__last_name", "membership__user__first_name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["vote", "membership"], name="one_roll_entry_per_member")
        ]

    def __str__(self) -> str:
        return f"{self.membership.user}: {self.get_choice_display()}"


@gated(committee="meeting__committee", level="visibility", published="published_at")
class PublicSummary(models.Model):
    """What the community may be told about a meeting, written on its own.

    Never derived from the minutes. A draft is for the committee; publication is an
    explicit act by a second person with publish rights, after the redaction guard.
    """

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="summary")
    text = models.TextField(help_text="Plain words for families: what, not where.")
    # Public once published, and only then (the gate checks published_at).
    visibility = models.CharField(max_length=12, default=Level.PUBLIC, editable=False)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    # A correction goes public once a second person approves it (PublicTextChange);
    # the page then says "updated on". Withdrawal takes it off every public page.
    corrected_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    withdrawal_reason = models.CharField(max_length=300, blank=True)
    # A reviewer sent the draft back to its author with a comment; cleared when the
    # author saves it again (committees.workflow.send_back).
    sent_back_at = models.DateTimeField(null=True, blank=True)
    sent_back_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    sent_back_comment = models.TextField(blank=True)
    # An executive session's public record, fixed when the summary is published:
    # {"purpose": ..., "votes": [{"motion", "result", "yes", "no", "abstain"}]}.
    record = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        db_table = "committees_publicsummary"
        verbose_name_plural = "public summaries"
        indexes = [
            # Today's "Public texts to review": the few drafts among a district's
            # history, oldest first, found without walking every meeting.
            models.Index(
                fields=["updated_at", "id"],
                condition=models.Q(published_at__isnull=True, withdrawn_at__isnull=True),
                name="summary_awaiting_publication",
            )
        ]

    def __str__(self) -> str:
        return f"Public summary of {self.meeting}"


@gated(committee="meeting__committee", level="visibility", published="published_at")
class MeetingNotice(models.Model):
    """The public announcement of a meeting, in its own words: what, when, where.

    Time and status come from the meeting (a moved or cancelled meeting shows so);
    the title, place and purpose are written for the public and pass the guard.
    """

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="notice")
    title = models.CharField(max_length=200, help_text="As the public will read it.")
    place = models.CharField(
        max_length=200, blank=True, help_text="In general terms: a building, not a room."
    )
    purpose = models.CharField(
        max_length=300, blank=True, help_text="For an executive session, in general terms."
    )
    visibility = models.CharField(max_length=12, default=Level.PUBLIC, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "committees_meetingnotice"

    def __str__(self) -> str:
        return self.title


class CalendarToken(models.Model):
    """The secret in a member's private calendar address; replaced to revoke it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_token"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "committees_calendartoken"

    def __str__(self) -> str:
        return f"Calendar of {self.user}"


@gated(
    committee="meeting__committee",
    level="visibility",
    within=["meeting__visibility", "section__visibility"],
)
class MinutesSectionRevision(models.Model):
    """A section as it stood in an approved revision of the minutes, kept when edited.

    It stays as strict as its section: raising the section raises its kept revisions.
    """

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="old_sections")
    section = models.ForeignKey(
        MinutesSection,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="revisions",
    )
    revision = models.PositiveSmallIntegerField()
    order = models.PositiveSmallIntegerField()
    heading = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    documents = models.TextField(blank=True)
    visibility = models.CharField(max_length=12, choices=Level.choices)
    approved_at = models.DateTimeField()
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        db_table = "committees_minutessectionrevision"
        ordering = ["meeting", "-revision", "order", "id"]

    def __str__(self) -> str:
        return f"{self.heading} (revision {self.revision})"

    @property
    def document_list(self) -> list[tuple[str, str]]:
        return referenced_documents(self.documents)


@gated(
    committee="meeting__committee",
    level="visibility",
    within=["meeting__visibility", "agenda_item__visibility", "section__visibility"],
)
class MeetingDocument(models.Model):
    """A file of a meeting's packet, on one agenda item or one minutes section.

    It has a level of its own, never below that of what holds it (the gate reads the
    strictest along the chain). Kept in private storage, served only through the gate.
    """

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="files")
    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, null=True, blank=True, related_name="files"
    )
    section = models.ForeignKey(
        MinutesSection, on_delete=models.CASCADE, null=True, blank=True, related_name="files"
    )
    title = models.CharField(max_length=200, help_text=_("As the packet will list it."))
    file = models.FileField(upload_to="meetings/%Y/%m/")
    name = models.CharField(max_length=200, help_text="The file's name as uploaded.")
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    visibility = models.CharField(max_length=12, choices=Level.choices, default=Level.COMMITTEE)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["meeting", "uploaded_at", "id"]
        constraints = [
            level_known("meeting_document_level_known"),
            models.CheckConstraint(
                condition=models.Q(agenda_item__isnull=False, section__isnull=True)
                | models.Q(agenda_item__isnull=True, section__isnull=False),
                name="meeting_document_on_item_or_section",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class MeetingRules(models.Model):
    """A district's open meeting rules: how early a meeting's notice and agenda must be
    public, how soon its minutes are due, and how votes and remote members are recorded.

    Each district may keep its own; one that keeps none follows its state's defaults
    (``for_district``): Connecticut (C.G.S. 1-225) 24 hours before a regular meeting;
    Massachusetts (M.G.L. c.30A §20) 48 hours, Saturdays, Sundays and legal holidays
    not counted, a roll call to enter executive session (§21), and a reason for a
    member who takes part remotely (940 CMR 29.10).
    """

    district = models.OneToOneField(
        District, on_delete=models.CASCADE, related_name="meeting_rules"
    )
    notice_hours = models.PositiveSmallIntegerField(
        _("hours of notice"),
        default=24,
        help_text=_("How many hours before a meeting its notice must be public."),
    )
    notice_skips_weekends_and_holidays = models.BooleanField(
        _("weekends and holidays not counted"),
        default=False,
        help_text=_("Saturdays, Sundays and the holidays below do not count toward the hours."),
    )
    holidays = models.JSONField(
        _("holidays"),
        default=list,
        blank=True,
        help_text=_("Legal holidays the district observes (dates)."),
    )
    draft_minutes_days = models.PositiveSmallIntegerField(
        _("days to draft the minutes"),
        default=7,
        help_text=_("Days after a meeting by which its draft minutes are ready."),
    )
    posted_minutes_days = models.PositiveSmallIntegerField(
        _("days to post approved minutes"),
        default=30,
        help_text=_("Days after a meeting by which its approved minutes are posted."),
    )
    roll_call_in_executive = models.BooleanField(
        _("roll call in executive session"),
        default=False,
        help_text=_("Votes in executive session are taken by roll call."),
    )
    remote_reason_required = models.BooleanField(
        _("reason for remote participation"),
        default=False,
        help_text=_("A member who takes part remotely gives a reason."),
    )

    # What a district sets (the rules' page, the service): every field but the district.
    FIELDS = (
        "notice_hours",
        "notice_skips_weekends_and_holidays",
        "holidays",
        "draft_minutes_days",
        "posted_minutes_days",
        "roll_call_in_executive",
        "remote_reason_required",
    )

    class Meta:
        verbose_name = _("meeting rules")
        verbose_name_plural = _("meeting rules")

    def __str__(self) -> str:
        return str(self.district)

    @classmethod
    def for_district(cls, district: District) -> "MeetingRules":
        """The district's rules, or its state's defaults (unsaved) where it keeps none."""
        try:
            return cls.objects.get(district=district)
        except cls.DoesNotExist:
            return cls.state_defaults(district)

    @classmethod
    def state_defaults(cls, district: District) -> "MeetingRules":
        """The rules of the district's state, as a district that keeps none follows them
        (unsaved)."""
        return cls(district=district, **STATE_DEFAULTS.get(district.state, {}))

    def values(self) -> dict:
        """The rules as the district sets them: field name -> value."""
        return {name: getattr(self, name) for name in self.FIELDS}


# The states' open meeting laws, where they differ from the model's defaults (CT).
STATE_DEFAULTS = {
    "MA": {
        "notice_hours": 48,
        "notice_skips_weekends_and_holidays": True,
        "roll_call_in_executive": True,
        "remote_reason_required": True,
    },
}


@gated(committee="meeting__committee", level="visibility", published="published_at")
class PublicAgenda(models.Model):
    """A meeting's agenda as the public reads it: posted by someone with publish rights.

    A snapshot, taken when posted, of what is public then: the agenda items whose own
    level is public, their documents whose own level is public, and the video link. The
    titles pass the redaction guard. Readers never take the snapshot's word alone: the
    public pages and downloads show a document only while it still exists, public, on an
    item that is still public (``selectors.public_agenda_documents``). Posting again
    takes a new snapshot.
    """

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="public_agenda")
    # [{"id", "order", "title", "documents": [{"id", "title", "name", "content_type", "size"}]}]
    items = models.JSONField(default=list, blank=True, editable=False)
    video_link = models.URLField(blank=True, editable=False)
    visibility = models.CharField(max_length=12, default=Level.PUBLIC, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # First posted (what the open meeting law's deadline asks), and last posted again.
    published_at = models.DateTimeField(null=True, blank=True)
    revised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("public agenda")
        verbose_name_plural = _("public agendas")

    def __str__(self) -> str:
        return f"Public agenda of {self.meeting}"

    @property
    def document_ids(self) -> list[int]:
        return [d["id"] for item in self.items for d in item.get("documents", [])]


@gated(committee="meeting__committee", level="visibility", published="published_at")
class PublicMinutes(models.Model):
    """The minutes as the public may read them, posted on the public meeting page.

    Of a regular meeting: prepared from its approved minutes, the sections of committee
    or public level only, each restricted section left out and marked as withheld (a
    part ``{"withheld": true}``, no heading, no text of it). Of an executive session:
    written on its own when a review releases them, never from the restricted sections.
    Its level is the meeting's own while a draft (restricted for an executive session),
    public once a second person with publish rights publishes it after the redaction guard.
    """

    class Source(models.TextChoices):
        MINUTES = "minutes", _("Prepared from the approved minutes")
        RELEASE = "release", _("Written on its own for a release")

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="public_minutes")
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.MINUTES)
    # [{"heading": ..., "body": ...} | {"withheld": true}], in order.
    parts = models.JSONField(default=list, blank=True)
    # The revision of the minutes it was prepared from (0 for a release).
    minutes_revision = models.PositiveSmallIntegerField(default=0)
    visibility = models.CharField(max_length=12, choices=Level.choices, default=Level.COMMITTEE)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    withdrawal_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name_plural = "public minutes"
        constraints = [level_known("public_minutes_level_known")]

    def __str__(self) -> str:
        return f"Public minutes of {self.meeting}"

    @property
    def text(self) -> str:
        """Every public word of it, for the redaction guard."""
        return "\n".join(
            f"{part.get('heading', '')}\n{part.get('body', '')}"
            for part in self.parts
            if not part.get("withheld")
        )


@gated(committee="meeting__committee", level="visibility", within=["meeting__visibility"])
class MinutesReleaseDecision(models.Model):
    """A review of an executive session's minutes: kept closed (why, and until when it is
    reviewed again) or released. Each is kept; the reasons are restricted."""

    class Decision(models.TextChoices):
        KEEP_CLOSED = "keep_closed", _("Keep closed")
        RELEASE = "release", _("Release")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="release_decisions")
    decision = models.CharField(max_length=12, choices=Decision.choices)
    reason = models.TextField(blank=True)
    next_review_on = models.DateField(null=True, blank=True)
    visibility = models.CharField(max_length=12, choices=Level.choices, default=Level.RESTRICTED)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["meeting", "-at", "-id"]
        constraints = [level_known("release_decision_level_known")]

    def __str__(self) -> str:
        return f"{self.get_decision_display()}: {self.meeting}"
