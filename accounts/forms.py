from django import forms

from accounts.models import ApiToken


class ApiTokenForm(forms.Form):
    """A new API token: what the person calls it, and how long it lasts (never for ever)."""

    name = forms.CharField(
        label="Name", max_length=100, help_text=ApiToken._meta.get_field("name").help_text
    )
    days = forms.TypedChoiceField(
        label="Expires after",
        choices=ApiToken.Lifetime.choices,
        coerce=int,
        initial=ApiToken.Lifetime.QUARTER,
    )
