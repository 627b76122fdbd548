import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from committees.models import Category, Membership, Position
from safety_portal import choices

User = get_user_model()


class DateInput(forms.DateInput):
    input_type = "date"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (evidence of completion, a filing's receipts)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data]
        return [super().clean(data, initial)] if data else []


class PageForm(forms.Form):
    """A form that shares its page with others: its fields' ids begin with its own
    ``id_prefix`` (``status-note``, ``progress-note``), so that no id is on a page twice
    and each label, help text and error names its own field. The names sent are Django's
    as ever."""

    id_prefix = ""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", f"{self.id_prefix}-%s")
        super().__init__(*args, **kwargs)


class SeatFields(forms.Form):
    category = forms.ChoiceField(
        label=_("Represents"),
        choices=Category.choices,
        help_text=_("Whom this person speaks for."),
    )
    position = forms.ChoiceField(
        label=_("Position"), choices=Position.choices, initial=Position.MEMBER
    )
    term_start = forms.DateField(label=_("Term starts"), widget=DateInput, required=False)
    term_end = forms.DateField(
        label=_("Term ends"),
        widget=DateInput,
        required=False,
        help_text=_("Leave empty if open-ended."),
    )
    restricted_clearance = forms.BooleanField(
        label=_("Restricted clearance"),
        required=False,
        help_text=_(
            "May see restricted records: procedures, vulnerability findings, threat "
            "reports. Family and student members cannot hold it under district policy."
        ),
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("term_start"), data.get("term_end")
        if start and end and end < start:
            self.add_error("term_end", _("The term cannot end before it starts."))
        return data


class MemberAddForm(SeatFields):
    email = forms.EmailField(
        label=_("E-mail"),
        help_text=_(
            "Someone already in the district is found by e-mail; otherwise a new "
            "account is created and they set a password from the sign-in page."
        ),
    )
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    title = forms.CharField(
        label=_("Job or role"),
        max_length=120,
        required=False,
        help_text=_("E.g. School Resource Officer."),
    )
    organization = forms.CharField(
        label=_("Organization"),
        max_length=120,
        required=False,
        help_text=_("E.g. Westport Police Department."),
    )

    field_order = ["email", "first_name", "last_name", "title", "organization"]


class MemberChangeForm(SeatFields):
    pass


def person_role(person) -> str:
    """Whom a person is to the district: their seats and schools, or their job."""
    roles = []
    if person.is_district_admin:
        roles.append(gettext("District safety administrator"))
    roles += [
        gettext("Administrator, %(school)s") % {"school": b.name}
        for b in person.administered_buildings.all()
    ]
    # Labels from the tables: get_*_display builds the choices at every call.
    position, category = (choices.labels(Membership, f) for f in ("position", "category"))
    for seat in getattr(person, "current_seats", []):
        building = seat.committee.building
        school = building.name if building else gettext("District-wide")
        roles.append(f"{position[seat.position]}, {category[seat.category]}, {school}")
    if not roles:
        roles.append(
            ", ".join(filter(None, [person.title, person.organization]))
            or gettext("No committee seat")
        )
    return "; ".join(roles)


class Typed(str):
    """What was typed in a person field's second input: an e-mail or a user name."""


class PersonWidget(forms.Select):
    """A menu of the people nearest the record, and an input for anyone else of the
    district, named by their e-mail or user name: ``<name>_other``."""

    template_name = "committees/widgets/person.html"

    def use_required_attribute(self, initial) -> bool:
        # The menu may stay empty when a name is typed beside it: the browser must not
        # refuse the form for it. The field says what is missing.
        return False

    def value_from_datadict(self, data, files, name):
        typed = (data.get(f"{name}_other") or "").strip()
        return Typed(typed) if typed else super().value_from_datadict(data, files, name)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["other_name"] = f"{name}_other"
        context["widget"]["other_value"] = value if isinstance(value, Typed) else ""
        return context


class _NearChoices(forms.models.ModelChoiceIterator):
    """The menu's choices: the field's ``near`` people where it has them."""

    def __init__(self, field):
        super().__init__(field)
        if field.near is not None:
            self.queryset = field.near


class PersonChoiceField(forms.ModelChoiceField):
    """A person of the district, with role and school, so that the right one is chosen.

    A district holds a thousand people or more: the menu offers those near the record
    (``near``: its committee's members, its school's and the district's administrators;
    everyone when not given), and anyone else of ``queryset`` is named by e-mail or user
    name in the input beside it. Either way the choice is checked against ``queryset``
    (who may be given the record), never against the menu alone.
    """

    widget = PersonWidget
    iterator = _NearChoices
    # What a name typed beside the menu that matches nobody of ``queryset`` is told.
    not_found = _(
        "No one of the district who may be given this has the e-mail or user name %(typed)s."
    )

    def __init__(self, *args, **kwargs):
        self.near = None
        super().__init__(*args, **kwargs)

    def offer(self, people, near=None) -> None:
        """Who may be chosen (``people``), and who is in the menu (``near``)."""
        self.near = near
        self.queryset = people  # which gives the widget its choices, ``near``'s

    def label_from_instance(self, obj) -> str:
        return f"{obj.display_name} — {person_role(obj)}"

    def to_python(self, value):
        if not isinstance(value, Typed):
            return super().to_python(value)
        found = list(self.queryset.filter(Q(email__iexact=value) | Q(username__iexact=value))[:2])
        if len(found) > 1:  # an e-mail two accounts share: the user name tells them apart
            raise forms.ValidationError(
                gettext("Several people have %(typed)s: type the user name of the one you mean.")
                % {"typed": value},
                code="invalid_choice",
            )
        if not found:
            raise forms.ValidationError(self.not_found % {"typed": value}, code="invalid_choice")
        return found[0]


class ShareForm(forms.Form):
    person = PersonChoiceField(
        queryset=User.objects.none(),
        label=_("Share with"),
        help_text=_("One person of the district, e.g. the fire marshal who is not a member."),
    )

    def __init__(self, *args, people, near=None, **kwargs):
        """``people``: selectors.share_candidates, those who may receive the record;
        ``near``: those of them the menu offers (selectors.near_people)."""
        super().__init__(*args, **kwargs)
        self.fields["person"].offer(people, near)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def format_value(self, value):
        if isinstance(value, datetime.datetime):
            if timezone.is_aware(value):
                value = timezone.localtime(value)
            return value.strftime("%Y-%m-%dT%H:%M")
        return value


class DateTimeField(forms.DateTimeField):
    """A date and time; one sent with a UTC offset (as a script may) is the same instant in
    the current time zone, so that any offset the parser accepts (up to a day) is one the
    database keeps (PostgreSQL: under 16 hours). An instant past the calendar's ends is
    refused as any invalid date."""

    def to_python(self, value):
        result = super().to_python(value)
        if result is not None and timezone.is_aware(result):
            try:
                result = timezone.localtime(result)
            except OverflowError:
                raise forms.ValidationError(
                    self.error_messages["invalid"], code="invalid"
                ) from None
        return result


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Why is it withdrawn?"), max_length=300)


class DeclineForm(forms.Form):
    reason = forms.CharField(label=_("Why not (optional)"), max_length=300, required=False)


class SendBackForm(forms.Form):
    """A reviewer's comment for the author of a text sent back (the author reads it)."""

    comment = forms.CharField(
        label=_("What should the author change?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=300,
    )
