from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from committees.forms import DateInput, DateTimeField, DateTimeInput, PageForm
from committees.models import Building, Committee, Level
from incidents.models import DrillCadence, DrillKind, Incident


class ReportForm(forms.Form):
    building = forms.ModelChoiceField(queryset=Building.objects.none(), label=_("School"))
    occurred_at = DateTimeField(label=_("When"), widget=DateTimeInput)
    area = forms.CharField(
        max_length=120, label=_("Where"), help_text=_("A general area, e.g. 'east parking lot'.")
    )
    kind = forms.ChoiceField(choices=Incident.Kind.choices, label=_("Type"))
    severity = forms.ChoiceField(choices=Incident.Severity.choices, label=_("Severity"))
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 6}), label=_("Description"))
    people_involved = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        label=_("People involved"),
        help_text=_("Roles, not students' names ('a grade 9 student', 'a visitor')."),
    )
    immediate_actions = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, label=_("What was done at once")
    )

    def __init__(self, *args, district_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["building"].queryset = Building.objects.filter(
            district_id=district_id
        ).order_by("name")


class StatusForm(PageForm):
    id_prefix = "status"
    status = forms.ChoiceField(choices=Incident.Status.choices, label=_("Status"))
    note = forms.CharField(max_length=500, label=_("Why"))


class TriageForm(PageForm):
    id_prefix = "triage"
    committee = forms.ModelChoiceField(queryset=Committee.objects.none(), label=_("Committee"))
    note = forms.CharField(max_length=500, label=_("Why"))

    def __init__(self, *args, committees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = committees


class FollowUpForm(PageForm):
    id_prefix = "follow-up"
    title = forms.CharField(max_length=200, label=_("Follow-up"))


class DrillForm(forms.Form):
    """Plan a drill, or log one already held."""

    kind = forms.ChoiceField(choices=DrillKind.choices, label=_("Type"))
    planned_for = forms.DateField(label=_("Planned for"), required=False, widget=DateInput)
    held_at = DateTimeField(
        label=_("Held at"),
        required=False,
        widget=DateTimeInput,
        help_text=_("Leave empty to plan."),
    )
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), required=False, min_value=1, max_value=600
    )
    participants = forms.IntegerField(label=_("Participants"), required=False, min_value=0)
    notes = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, label=_("Notes")
    )
    visibility = forms.ChoiceField(
        choices=[
            (Level.COMMITTEE, Level.COMMITTEE.label),
            (Level.RESTRICTED, Level.RESTRICTED.label),
        ],
        initial=Level.COMMITTEE,
        label=_("Who may read it"),
    )

    def clean(self):
        data = super().clean()
        if not data.get("planned_for") and not data.get("held_at"):
            raise forms.ValidationError(_("Give the planned date, or when the drill was held."))
        return data


class DrillHeldForm(forms.Form):
    held_at = DateTimeField(label=_("Held at"), widget=DateTimeInput)
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), required=False, min_value=1, max_value=600
    )
    participants = forms.IntegerField(label=_("Participants"), required=False, min_value=0)
    notes = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, label=_("Notes")
    )


def _score_choices():
    """In the reader's language: evaluated each time the form is drawn."""
    return [("", gettext("No score"))] + [
        (n, gettext("%(n)s of 5") % {"n": n}) for n in range(1, 6)
    ]


class ObserverForm(forms.Form):
    name = forms.CharField(max_length=150, label=_("Observer"))
    role = forms.CharField(
        max_length=150, label=_("Role"), help_text=_("'Police evaluator, Westport PD'.")
    )
    score = forms.TypedChoiceField(
        choices=_score_choices,
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("1 (poor) to 5 (excellent)."),
    )
    remarks = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, label=_("Remarks")
    )


class ProblemForm(forms.Form):
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), label=_("Problem found")
    )


class SchoolYearForm(forms.Form):
    year = forms.TypedChoiceField(coerce=int, label=_("School year"))
    first_day = forms.DateField(label=_("First day of school"), widget=DateInput)
    last_day = forms.DateField(label=_("Last day of school"), widget=DateInput)

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, f"{y}–{str(y + 1)[-2:]}") for y in years]


class CadenceForm(forms.Form):
    profile = forms.ChoiceField(choices=DrillCadence.Profile.choices, label=_("Rule"))
    first_within_days = forms.IntegerField(
        min_value=1, max_value=120, label=_("First drill within (days of the first school day)")
    )
    every_months = forms.IntegerField(min_value=1, max_value=12, label=_("Then one every (months)"))
    kind = forms.ChoiceField(choices=DrillKind.choices, label=_("Drill owed"))
    alternate_kind = forms.ChoiceField(
        choices=[("", _("None"))] + DrillKind.choices, required=False, label=_("Alternate drill")
    )
    alternate_every = forms.IntegerField(
        min_value=0, max_value=12, label=_("Alternate every (th period; 0: never)")
    )
