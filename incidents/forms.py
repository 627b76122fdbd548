from django import forms

from committees.models import Building, Committee
from incidents.models import Incident


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"


class ReportForm(forms.Form):
    building = forms.ModelChoiceField(queryset=Building.objects.none(), label="School")
    occurred_at = forms.DateTimeField(label="When", widget=DateTimeInput)
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


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=Incident.Status.choices)
    note = forms.CharField(max_length=500, label="Why")


class TriageForm(forms.Form):
    committee = forms.ModelChoiceField(queryset=Committee.objects.none())
    note = forms.CharField(max_length=500, label="Why")

    def __init__(self, *args, committees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = committees


class FollowUpForm(forms.Form):
    title = forms.CharField(max_length=200, label="Follow-up")
