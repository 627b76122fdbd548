from django import forms
from django.contrib.auth import get_user_model

from committees.models import Category, Position

User = get_user_model()


class DateInput(forms.DateInput):
    input_type = "date"


class SeatFields(forms.Form):
    category = forms.ChoiceField(
        label="Represents", choices=Category.choices, help_text="Whom this person speaks for."
    )
    position = forms.ChoiceField(choices=Position.choices, initial=Position.MEMBER)
    term_start = forms.DateField(label="Term starts", widget=DateInput, required=False)
    term_end = forms.DateField(
        label="Term ends", widget=DateInput, required=False, help_text="Leave empty if open-ended."
    )
    restricted_clearance = forms.BooleanField(
        label="Restricted clearance",
        required=False,
        help_text="May see restricted records: procedures, vulnerability findings, threat "
        "reports. Family and student members cannot hold it under district policy.",
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("term_start"), data.get("term_end")
        if start and end and end < start:
            self.add_error("term_end", "The term cannot end before it starts.")
        return data


class MemberAddForm(SeatFields):
    email = forms.EmailField(
        label="E-mail",
        help_text="Someone already in the district is found by e-mail; otherwise a new "
        "account is created and they set a password from the sign-in page.",
    )
    first_name = forms.CharField(max_length=150, required=False)
    last_name = forms.CharField(max_length=150, required=False)
    title = forms.CharField(
        label="Job or role",
        max_length=120,
        required=False,
        help_text="E.g. School Resource Officer.",
    )
    organization = forms.CharField(
        max_length=120, required=False, help_text="E.g. Westport Police Department."
    )

    field_order = ["email", "first_name", "last_name", "title", "organization"]


class MemberChangeForm(SeatFields):
    pass


class ShareForm(forms.Form):
    person = forms.ModelChoiceField(
        queryset=User.objects.none(),
        label="Share with",
        help_text="One person of the district, e.g. the fire marshal who is not a member.",
    )

    def __init__(self, *args, district, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = User.objects.filter(
            district=district, is_active=True
        ).order_by("last_name", "first_name")
