from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import ApiToken
from notifications.models import WebhookEvent


class ApiTokenForm(forms.Form):
    """A new API token: what the person calls it, and how long it lasts (never for ever)."""

    name = forms.CharField(
        label=_("Name"), max_length=100, help_text=_("What it is for, e.g. Work-order sync.")
    )
    days = forms.TypedChoiceField(
        label=_("Expires after"),
        choices=ApiToken.Lifetime.choices,
        coerce=int,
        initial=ApiToken.Lifetime.QUARTER,
    )


class ServiceAccountForm(forms.Form):
    """A district's integration: its name, and the named role it holds."""

    name = forms.CharField(
        label=_("Name"), max_length=150, help_text=_("What it is, e.g. Facilities work orders.")
    )
    role = forms.ChoiceField(
        label=_("Role"),
        help_text=_("It sees and does what a person holding this role may, no more."),
    )

    def __init__(self, *args, roles: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = roles


class WebhookForm(forms.Form):
    """An HTTPS endpoint of the integration, and the events it is told of."""

    url = forms.URLField(
        label=_("Address"),
        max_length=500,
        assume_scheme="https",
        help_text=_(
            "An https:// address of the integration, e.g. "
            "https://workorders.example.org/hooks/safety."
        ),
    )
    events = forms.MultipleChoiceField(
        label=_("Events"),
        choices=WebhookEvent.choices,
        widget=forms.CheckboxSelectMultiple,
    )
