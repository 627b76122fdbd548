"""Forms of the compliance pages: parse input; the services decide."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from committees.forms import DateInput, MultipleFileField, PersonChoiceField
from compliance.models import CoReviewerRole, Profile

User = get_user_model()


class CompleteForm(forms.Form):
    done_on = forms.DateField(
        label=_("Done on"), widget=DateInput, required=False, help_text=_("Empty: today.")
    )
    note = forms.CharField(
        label=_("Completion note"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("For the committee; never in the filing summary."),
    )
    files = MultipleFileField(
        label=_("Filed document or receipt"),
        required=False,
        help_text=_("Kept in private storage; the filing summary lists its name only."),
    )
    restricted = forms.BooleanField(
        label=_("The receipt is restricted (for cleared members only)"),
        required=False,
        help_text=_("Its name is then left out of the filing summary too."),
    )


class AssignForm(forms.Form):
    owner = PersonChoiceField(queryset=User.objects.none(), label=_("Owner"), required=False)

    def __init__(self, *args, people, near=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].offer(people, near)


class RescheduleForm(forms.Form):
    due_on = forms.DateField(label=_("Due on"), widget=DateInput)


class ReviewerForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=CoReviewerRole.choices)
    person = PersonChoiceField(
        queryset=User.objects.none(), label=_("A person of the portal"), required=False
    )
    name = forms.CharField(
        label=_("Or a guest's name"),
        max_length=200,
        required=False,
        help_text=_("e.g. Chief Dana Ruiz, Westport Police Department"),
    )

    def __init__(self, *args, people, near=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].offer(people, near)


class ProfileForm(forms.Form):
    profile = forms.ChoiceField(label=_("State profile"), choices=Profile.choices)


class RuleForm(forms.Form):
    every_months = forms.IntegerField(label=_("Every (months)"), min_value=1, max_value=120)
    due_month = forms.IntegerField(label=_("Due month"), min_value=1, max_value=12)
    due_day = forms.IntegerField(label=_("Due day"), min_value=1, max_value=31)
    enabled = forms.BooleanField(label=_("Kept"), required=False)


class RuleAddForm(forms.Form):
    title = forms.CharField(label=_("Duty"), max_length=200)
    every_months = forms.IntegerField(
        label=_("Every (months)"), min_value=1, max_value=120, initial=12
    )
    due_month = forms.IntegerField(label=_("Due month"), min_value=1, max_value=12)
    due_day = forms.IntegerField(label=_("Due day"), min_value=1, max_value=31)
