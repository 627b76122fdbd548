"""The meetings' forms: they parse what a page sends; the services decide."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from committees.forms import DateTimeField, DateTimeInput, MultipleFileField
from committees.models import Level
from meetings.models import (
    AgendaItem,
    Attendance,
    Meeting,
    MeetingRules,
    MinutesReleaseDecision,
    RollCall,
    Vote,
)


class RollFields:
    """A roll call on a vote's form: each member's vote by name (``v<membership id>``)
    and a note (``vn<membership id>``). With a roll, the counts follow from it."""

    def add_roll(self, members) -> None:
        self.roll_members = list(members)
        for membership in self.roll_members:
            name = membership.user.display_name
            self.fields[f"v{membership.pk}"] = forms.ChoiceField(
                label=_("Roll call: %(name)s") % {"name": name},
                choices=[("", "—"), *RollCall.Choice.choices],
                required=False,
            )
            self.fields[f"vn{membership.pk}"] = forms.CharField(
                label=_("Note on %(name)s's vote") % {"name": name},
                max_length=300,
                required=False,
            )

    def clean_roll(self, data: dict) -> None:
        """A roll call names every member, or none (a vote by counts)."""
        given = [m for m in self.roll_members if data.get(f"v{m.pk}")]
        if given and len(given) != len(self.roll_members):
            for m in self.roll_members:
                if not data.get(f"v{m.pk}"):
                    self.add_error(f"v{m.pk}", _("A roll call records every member's vote."))

    def take_roll(self, data: dict) -> tuple[dict[int, str], dict[int, str]]:
        """The roll and its notes, taken out of ``data`` (the rest goes to the service)."""
        roll, notes = {}, {}
        for m in self.roll_members:
            choice, note = data.pop(f"v{m.pk}", ""), data.pop(f"vn{m.pk}", "")
            if choice:
                roll[m.pk], notes[m.pk] = choice, note
        return roll, notes


def _documents_field() -> forms.CharField:
    """A minutes section's referenced documents, as written and as edited."""
    return forms.CharField(
        label=_("Referenced documents"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_(
            "One per line: a title, then optionally a link, e.g. "
            "'Door hardware survey, October https://files.example.org/survey'."
        ),
    )


class MeetingForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, initial=_("Regular meeting"))
    kind = forms.ChoiceField(choices=Meeting.Kind.choices, label=_("Type"))
    starts_at = DateTimeField(label=_("Starts"), widget=DateTimeInput)
    ends_at = DateTimeField(label=_("Ends"), widget=DateTimeInput, required=False)
    location = forms.CharField(label=_("Place"), max_length=200, required=False)
    video_link = forms.URLField(label=_("Video link"), required=False, assume_scheme="https")
    public_purpose = forms.CharField(
        label=_("Purpose in general terms"),
        max_length=300,
        required=False,
        help_text=_(
            "Required for an executive session: what the public record will say, "
            "e.g. 'to discuss security measures'."
        ),
    )
    visibility = forms.ChoiceField(
        label=_("Who may see this meeting"),
        choices=[
            ("", _("Usual: restricted for an executive session, the committee otherwise")),
            (Level.COMMITTEE, _("The whole committee")),
            (
                Level.PUBLIC,
                _("The whole committee; an open meeting, whose agenda items may be public"),
            ),
            (Level.RESTRICTED, _("Members with restricted clearance")),
        ],
        required=False,
    )

    def clean_visibility(self):
        return self.cleaned_data["visibility"] or None


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Why is it cancelled?"), max_length=500)


class AgendaItemForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    presenter = forms.CharField(label=_("Presenter"), max_length=120, required=False)
    minutes = forms.IntegerField(
        min_value=1, max_value=240, initial=10, label=_("Minutes allotted")
    )
    visibility = forms.ChoiceField(
        label=_("Visibility"), choices=Level.choices, initial=Level.COMMITTEE
    )


class AgendaTemplateItemForm(forms.Form):
    title = forms.CharField(
        label=_("Title"), max_length=200, help_text=_("E.g. 'Review of last month's drills'.")
    )
    minutes = forms.IntegerField(
        min_value=1, max_value=240, initial=10, label=_("Minutes allotted")
    )


class MoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", "Up"), ("down", "Down")])


class SectionForm(RollFields, forms.Form):
    heading = forms.CharField(label=_("Heading"), max_length=200)
    agenda_item = forms.ModelChoiceField(
        queryset=AgendaItem.objects.none(), required=False, label=_("For agenda item")
    )
    body = forms.CharField(
        label=_("Body"),
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        help_text=_("Markdown."),
    )
    documents = _documents_field()
    visibility = forms.ChoiceField(label=_("Visibility"), choices=Level.choices)
    motion = forms.CharField(
        label=_("Motion"),
        max_length=500,
        required=False,
        help_text=_("If a vote was taken: the motion."),
    )
    mover = forms.CharField(label=_("Mover"), max_length=150, required=False)
    seconder = forms.CharField(label=_("Seconder"), max_length=150, required=False)
    result = forms.ChoiceField(
        label=_("Result"), choices=[("", "—"), *Vote.Result.choices], required=False
    )
    yes = forms.IntegerField(label=_("Yes"), min_value=0, required=False)
    no = forms.IntegerField(label=_("No"), min_value=0, required=False)
    abstain = forms.IntegerField(label=_("Abstain"), min_value=0, required=False)
    vote_note = forms.CharField(
        max_length=500,
        required=False,
        label=_("Note on the vote"),
        help_text=_("E.g. who abstained and why, or an amendment."),
    )
    public_motion = forms.CharField(
        max_length=300,
        required=False,
        label=_("Public wording of the motion"),
        help_text=_("Executive sessions: the motion in general terms, for the public record."),
    )

    def __init__(self, *args, agenda, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = agenda
        self.add_roll(members)

    def clean(self):
        data = super().clean()
        if data.get("motion") and not data.get("result"):
            self.add_error("result", _("Record how the vote went."))
        self.clean_roll(data)
        return data


class AttendanceForm(forms.Form):
    guests = forms.CharField(
        label=_("Guests"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("One per line: name, organisation (e.g. 'Karen Doyle, Westport Fire')."),
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = list(members)
        for membership in self.members:
            self.fields[f"m{membership.pk}"] = forms.ChoiceField(
                label=f"{membership.user.display_name} ({membership.get_category_display()})",
                choices=Attendance.Status.choices,
                initial=Attendance.Status.PRESENT,
            )
            self.fields[f"n{membership.pk}"] = forms.CharField(
                label=_("Note on %(name)s") % {"name": membership.user.display_name},
                max_length=300,
                required=False,
            )
            self.fields[f"o{membership.pk}"] = forms.ChoiceField(
                label=_("How %(name)s took part") % {"name": membership.user.display_name},
                choices=Attendance.Mode.choices,
                initial=Attendance.Mode.IN_PERSON,
                required=False,
            )
            self.fields[f"r{membership.pk}"] = forms.CharField(
                label=_("Why %(name)s took part remotely") % {"name": membership.user.display_name},
                max_length=300,
                required=False,
            )

    def statuses(self) -> dict[int, str]:
        return {m.pk: self.cleaned_data[f"m{m.pk}"] for m in self.members}

    def modes(self) -> dict[int, str]:
        return {m.pk: self.cleaned_data.get(f"o{m.pk}") or "in_person" for m in self.members}

    def remote_reasons(self) -> dict[int, str]:
        return {m.pk: self.cleaned_data.get(f"r{m.pk}", "") for m in self.members}

    def notes(self) -> dict[int, str]:
        return {m.pk: self.cleaned_data[f"n{m.pk}"] for m in self.members}

    def guest_list(self) -> list[tuple[str, str]]:
        rows = []
        for line in self.cleaned_data["guests"].splitlines():
            name, _, org = line.partition(",")
            if name.strip():
                rows.append((name.strip()[:150], org.strip()[:150]))
        return rows


class SummaryForm(forms.Form):
    text = forms.CharField(
        label=_("Public summary"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=5000,
        help_text=_(
            "Written for families and the press: what the committee did, in general "
            "terms. Never which door, camera or room; never student names."
        ),
    )


class SectionEditForm(forms.Form):
    heading = forms.CharField(label=_("Heading"), max_length=200)
    body = forms.CharField(
        label=_("Body"),
        widget=forms.Textarea(attrs={"rows": 10}),
        required=False,
        help_text=_("Markdown."),
    )
    documents = _documents_field()
    visibility = forms.ChoiceField(label=_("Visibility"), choices=Level.choices)


class NoticeForm(forms.Form):
    title = forms.CharField(
        label=_("Title"), max_length=200, help_text=_("As the public will read it.")
    )
    place = forms.CharField(
        label=_("Place"),
        max_length=200,
        required=False,
        help_text=_("In general terms: a building, not a room."),
    )
    purpose = forms.CharField(
        label=_("Purpose"),
        max_length=300,
        required=False,
        help_text=_("For an executive session: its purpose in general terms."),
    )


class VoteForm(RollFields, forms.Form):
    """A vote added to a section already written, or corrected (with the reason). With
    ``members``, a roll call may be recorded instead of the counts."""

    motion = forms.CharField(label=_("Motion"), max_length=500)
    mover = forms.CharField(label=_("Moved by"), max_length=150, required=False)
    seconder = forms.CharField(label=_("Seconded by"), max_length=150, required=False)
    result = forms.ChoiceField(label=_("Result"), choices=Vote.Result.choices)
    yes = forms.IntegerField(label=_("Yes"), min_value=0, initial=0)
    no = forms.IntegerField(label=_("No"), min_value=0, initial=0)
    abstain = forms.IntegerField(label=_("Abstaining"), min_value=0, initial=0)
    note = forms.CharField(
        label=_("Note on the vote"),
        max_length=500,
        required=False,
        help_text=_("E.g. who abstained and why, or an amendment."),
    )
    public_motion = forms.CharField(
        label=_("Public wording of the motion"),
        max_length=300,
        required=False,
        help_text=_("Executive sessions: the motion in general terms, for the public record."),
    )

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.add_roll(members)
        if self.roll_members:
            for name in ("yes", "no", "abstain"):
                self.fields[name].required = False
                self.fields[name].help_text = _("Leave as is for a roll call: the roll counts.")

    def clean(self):
        data = super().clean()
        self.clean_roll(data)
        return data


class VoteCorrectForm(VoteForm):
    """A vote corrected, with the reason. With ``members`` (those its roll named) it was a
    roll call: each member's vote is corrected by name, every one given, and the counts
    are not asked (they follow from the roll)."""

    reason = forms.CharField(
        label=_("Why is it corrected?"),
        max_length=300,
        help_text=_("Kept on the record with the vote as it was."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.roll_members:
            for name in ("yes", "no", "abstain"):
                del self.fields[name]
        self.fields["reason"] = self.fields.pop("reason")  # last, after the roll

    def clean(self):
        data = super().clean()
        if self.roll_members and not any(data.get(f"v{m.pk}") for m in self.roll_members):
            for m in self.roll_members:
                self.add_error(f"v{m.pk}", _("A roll call records every member's vote."))
        return data


def _rule_field(name: str, field_class, **kwargs):
    """A field of the rules' form, labelled and explained as the model is (one wording for
    the form, the admin and the audit trail)."""
    model_field = MeetingRules._meta.get_field(name)
    return field_class(
        label=capfirst(model_field.verbose_name), help_text=model_field.help_text, **kwargs
    )


# A district lists its legal holidays: a few a year, some years ahead.
MOST_HOLIDAYS = 200


class MeetingRulesForm(forms.Form):
    """A district's open meeting rules. Holidays are a date per line, written as ISO
    (2027-01-18) or as the reader's language writes dates; a line that is no date is
    named in the error, and nothing typed is lost."""

    notice_hours = _rule_field("notice_hours", forms.IntegerField, min_value=1, max_value=720)
    notice_skips_weekends_and_holidays = _rule_field(
        "notice_skips_weekends_and_holidays", forms.BooleanField, required=False
    )
    holidays = forms.CharField(
        label=_("Holidays the district observes"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        help_text=_(
            "One date per line, e.g. 2027-01-18 (year-month-day) or as dates are written "
            "in your language. They are kept sorted, each once."
        ),
    )
    draft_minutes_days = _rule_field(
        "draft_minutes_days", forms.IntegerField, min_value=1, max_value=365
    )
    posted_minutes_days = _rule_field(
        "posted_minutes_days", forms.IntegerField, min_value=1, max_value=365
    )
    roll_call_in_executive = _rule_field(
        "roll_call_in_executive", forms.BooleanField, required=False
    )
    remote_reason_required = _rule_field(
        "remote_reason_required", forms.BooleanField, required=False
    )

    @staticmethod
    def initial_of(rules: MeetingRules) -> dict:
        initial = rules.values()
        initial["holidays"] = "\n".join(sorted(str(day) for day in rules.holidays or []))
        return initial

    def clean_holidays(self) -> list[str]:
        """The dates, sorted and each once, as ISO text (the model keeps them so)."""
        lines = self.cleaned_data["holidays"].splitlines()
        days: set[datetime.date] = set()
        errors = []
        parse = forms.DateField()
        for number, line in enumerate(lines, start=1):
            text = line.strip()
            if not text:
                continue
            try:
                days.add(parse.to_python(text))
            except ValidationError:
                errors.append(
                    ValidationError(
                        _("Line %(line)d: “%(text)s” is not a date."),
                        params={"line": number, "text": text[:40]},
                    )
                )
        if errors:
            raise ValidationError(errors)
        if len(days) > MOST_HOLIDAYS:
            raise ValidationError(
                _("List at most %(most)d holidays."), params={"most": MOST_HOLIDAYS}
            )
        return [day.isoformat() for day in sorted(days)]

    def clean(self):
        data = super().clean()
        draft, posted = data.get("draft_minutes_days"), data.get("posted_minutes_days")
        if draft is not None and posted is not None and posted < draft:
            self.add_error(
                "posted_minutes_days",
                _(
                    "Approved minutes cannot be due before the draft: give at least as "
                    "many days as for the draft."
                ),
            )
        return data


class DocumentUploadForm(forms.Form):
    """Files for an agenda item's or a section's packet, at a level not below it.

    ``floor``: the level of what holds them (the strictest along its chain), the level's
    default. ``id_prefix``: on the meeting's page each item has its own form, and no id
    is on the page twice.
    """

    files = MultipleFileField(
        label=_("Files"),
        help_text=_(
            "PDF, office documents, spreadsheets, slides, text or photos; up to 10 MB each. "
            "Kept private: only those who may see the level chosen can download them."
        ),
    )
    titles = forms.CharField(
        label=_("Titles"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_(
            "As the packet lists them: one a line, in the order of the files. A file "
            "without one is listed by its name."
        ),
    )
    visibility = forms.ChoiceField(
        label=_("Level"),
        choices=Level.choices,
        required=False,  # none chosen: the level of what holds them
        help_text=_("Never less strict than the item or section it belongs to."),
    )

    def __init__(self, *args, floor: str, id_prefix: str = "document", **kwargs):
        kwargs.setdefault("auto_id", f"{id_prefix}-%s")
        super().__init__(*args, **kwargs)
        self.fields["visibility"].initial = floor

    def clean_titles(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["titles"].rstrip().splitlines()]


class DocumentLevelForm(forms.Form):
    visibility = forms.ChoiceField(label=_("Level"), choices=Level.choices)


class PublicAgendaForm(forms.Form):
    video_link = forms.BooleanField(
        label=_("Show the meeting's video link to the public"), required=False, initial=True
    )


class PublicMinutesForm(forms.Form):
    """The public minutes, part by part: each readable part's heading and text, and a box
    to withhold it; a withheld part shows as a mark and keeps nothing to edit; one more
    part may be added at the end."""

    def __init__(self, *args, parts: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.parts = parts
        for n, part in enumerate(parts):
            if part.get("withheld"):
                continue
            self.fields[f"heading_{n}"] = forms.CharField(
                label=_("Heading"), max_length=200, required=False, initial=part.get("heading")
            )
            self.fields[f"body_{n}"] = forms.CharField(
                label=_("Text"),
                required=False,
                max_length=20000,
                widget=forms.Textarea(attrs={"rows": 6}),
                initial=part.get("body"),
            )
            self.fields[f"withhold_{n}"] = forms.BooleanField(
                label=_("Withhold this section"), required=False
            )
        self.fields["heading_new"] = forms.CharField(
            label=_("Heading of a new section"), max_length=200, required=False
        )
        self.fields["body_new"] = forms.CharField(
            label=_("Text of a new section"),
            required=False,
            max_length=20000,
            widget=forms.Textarea(attrs={"rows": 6}),
            help_text=_(
                "Written for the public: what the committee did, in general terms. Never "
                "which door, camera or room; never student names."
            ),
        )

    def rows(self):
        """Per part, in order: ("withheld", None) or ("part", its three bound fields)."""
        for n, part in enumerate(self.parts):
            if part.get("withheld"):
                yield "withheld", None
            else:
                yield "part", (self[f"heading_{n}"], self[f"body_{n}"], self[f"withhold_{n}"])

    def new_parts(self) -> list[dict]:
        data = self.cleaned_data
        parts = []
        for n, part in enumerate(self.parts):
            if part.get("withheld") or data.get(f"withhold_{n}"):
                parts.append({"withheld": True})
            else:
                parts.append({"heading": data[f"heading_{n}"], "body": data[f"body_{n}"]})
        if data.get("heading_new") or data.get("body_new"):
            parts.append({"heading": data["heading_new"], "body": data["body_new"]})
        return parts


class ReleaseDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=MinutesReleaseDecision.Decision.choices,
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Why they stay closed"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Kept on the record, restricted. Required to keep them closed."),
    )
    next_review_on = forms.DateField(
        label=_("Next review"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Required to keep them closed."),
    )
