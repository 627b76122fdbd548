from django import forms

from committees.forms import DateInput, DateTimeField, DateTimeInput, PageForm
from committees.models import Building, Committee, Level
from incidents.models import DrillCadence, DrillKind, Incident


class ReportForm(forms.Form):
    building = forms.ModelChoiceField(queryset=Building.objects.none(), label="School")
    occurred_at = DateTimeField(label="When", widget=DateTimeInput)
    area = forms.CharField(
        max_length=120, label="Where", help_text="A general area, e.g. 'east parking lot'."
    )
    kind = forms.ChoiceField(choices=Incident.Kind.choices, label="Type")
    severity = forms.ChoiceField(choices=Incident.Severity.choices)
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 6}))
    people_involved = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Roles, not students' names ('a grade 9 student', 'a visitor').",
    )
    immediate_actions = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, label="What was done at once"
    )

    def __init__(self, *args, district_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["building"].queryset = Building.objects.filter(
            district_id=district_id
        ).order_by("name")


class StatusForm(PageForm):
    id_prefix = "status"
    status = forms.ChoiceField(choices=Incident.Status.choices)
    note = forms.CharField(max_length=500, label="Why")


class TriageForm(PageForm):
    id_prefix = "triage"
    committee = forms.ModelChoiceField(queryset=Committee.objects.none())
    note = forms.CharField(max_length=500, label="Why")

    def __init__(self, *args, committees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = committees


class FollowUpForm(PageForm):
    id_prefix = "follow-up"
    title = forms.CharField(max_length=200, label="Follow-up")


class DrillForm(forms.Form):
    """Plan a drill, or log one already held."""

    kind = forms.ChoiceField(choices=DrillKind.choices, label="Type")
    planned_for = forms.DateField(label="Planned for", required=False, widget=DateInput)
    held_at = DateTimeField(
        label="Held at", required=False, widget=DateTimeInput, help_text="Leave empty to plan."
    )
    duration_minutes = forms.IntegerField(
        label="Duration (minutes)", required=False, min_value=1, max_value=600
    )
    participants = forms.IntegerField(label="Participants", required=False, min_value=0)
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    visibility = forms.ChoiceField(
        choices=[
            (Level.COMMITTEE, Level.COMMITTEE.label),
            (Level.RESTRICTED, Level.RESTRICTED.label),
        ],
        initial=Level.COMMITTEE,
        label="Who may read it",
    )

    def clean(self):
        data = super().clean()
        if not data.get("planned_for") and not data.get("held_at"):
            raise forms.ValidationError("Give the planned date, or when the drill was held.")
        return data


class DrillHeldForm(forms.Form):
    held_at = DateTimeField(label="Held at", widget=DateTimeInput)
    duration_minutes = forms.IntegerField(
        label="Duration (minutes)", required=False, min_value=1, max_value=600
    )
    participants = forms.IntegerField(label="Participants", required=False, min_value=0)
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)


class ObserverForm(forms.Form):
    name = forms.CharField(max_length=150, label="Observer")
    role = forms.CharField(max_length=150, help_text="'Police evaluator, Westport PD'.")
    score = forms.TypedChoiceField(
        choices=[("", "No score")] + [(n, f"{n} of 5") for n in range(1, 6)],
        coerce=int,
        empty_value=None,
        required=False,
        help_text="1 (poor) to 5 (excellent).",
    )
    remarks = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)


class ProblemForm(forms.Form):
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label="Problem found")


class SchoolYearForm(forms.Form):
    year = forms.TypedChoiceField(coerce=int, label="School year")
    first_day = forms.DateField(label="First day of school", widget=DateInput)
    last_day = forms.DateField(label="Last day of school", widget=DateInput)

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, f"{y}–{str(y + 1)[-2:]}") for y in years]


class CadenceForm(forms.Form):
    profile = forms.ChoiceField(choices=DrillCadence.Profile.choices, label="Rule")
    first_within_days = forms.IntegerField(
        min_value=1, max_value=120, label="First drill within (days of the first school day)"
    )
    every_months = forms.IntegerField(min_value=1, max_value=12, label="Then one every (months)")
    kind = forms.ChoiceField(choices=DrillKind.choices, label="Drill owed")
    alternate_kind = forms.ChoiceField(
        choices=[("", "None")] + DrillKind.choices, required=False, label="Alternate drill"
    )
    alternate_every = forms.IntegerField(
        min_value=0, max_value=12, label="Alternate every (th period; 0: never)"
    )
