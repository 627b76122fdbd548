from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from notifications.models import ACCOUNT_KINDS, Kind, Mode

# What people of the portal can be sent; the others go to the public's subscribers.
PERSONAL_KINDS = [
    k
    for k in Kind
    if k not in (Kind.SUBSCRIPTION_CONFIRM, Kind.PUBLIC_UPDATE, Kind.CONCERN_RECEIPT)
    and k not in ACCOUNT_KINDS
]
# The digest itself is sent or not: "in the weekly digest only" means nothing for it.
DIGEST_MODES = [(Mode.IMMEDIATE, _("Every week")), (Mode.NONE, Mode.NONE.label)]


class PreferencesForm(forms.Form):
    """One choice per kind; kinds the district made mandatory are shown, fixed."""

    language = forms.ChoiceField(
        label=_("Language of my e-mail"),
        choices=[("", _("The site's language")), *settings.LANGUAGES],
        required=False,
    )
    due_soon_days = forms.IntegerField(
        label=_("Remind me this many days before an item is due"), min_value=1, max_value=30
    )

    def __init__(self, *args, mandatory: set[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.mandatory = mandatory
        for kind in PERSONAL_KINDS:
            modes = DIGEST_MODES if kind == Kind.DIGEST else Mode.choices
            field = forms.ChoiceField(label=kind.label, choices=modes)
            if kind.value in mandatory:
                field.disabled = True
                field.help_text = _("Required by the district: always sent right away.")
            self.fields[f"kind_{kind.value}"] = field

    def kind_fields(self):
        return [self[f"kind_{kind.value}"] for kind in PERSONAL_KINDS]

    def modes(self) -> dict[str, str]:
        return {
            kind.value: self.cleaned_data[f"kind_{kind.value}"]
            for kind in PERSONAL_KINDS
            if kind.value not in self.mandatory
        }
