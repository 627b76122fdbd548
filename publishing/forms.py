"""The forms of public updates (the committee's side) and of e-mail subscriptions (the
public's side, in the reader's language)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from committees.models import Building


class UpdateForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Body"),
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "Plain words for families: what is being done, never which door, camera "
            "or room, and nothing of confidential procedures."
        ),
    )


class SubscribeForm(forms.Form):
    email = forms.EmailField(label=_("Your e-mail address"))
    building = forms.ModelChoiceField(
        queryset=Building.objects.none(),
        required=False,
        label=_("Updates of"),
        empty_label=_("Every school in the district"),
    )

    def __init__(self, *args, district, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["building"].queryset = Building.objects.filter(district=district).order_by(
            "name"
        )
