"""The public's side of community concerns: send one, follow its status. No sign-in.

Never cached (committees/public_cache.py is not for these): the form carries a CSRF
token, and a status page must show the status of the moment.
"""

from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from committees import selectors
from committees.models import Building
from incidents import concerns
from incidents.models import Concern
from safety_portal.client import client_address
from safety_portal.view_helpers import form_errors, render_public

# The public's words for a concern's status, in the reader's language.
STATUS_LABELS = {
    Concern.Status.RECEIVED: _("Received"),
    Concern.Status.UNDER_REVIEW: _("Under review"),
    Concern.Status.ADDRESSED: _("Addressed"),
}
TRAP = "website"  # a field people never see; bots fill in whatever they find


class ConcernForm(forms.Form):
    building = forms.ModelChoiceField(
        queryset=Building.objects.none(),
        to_field_name="slug",
        label=_("School or building"),
        empty_label=_("Choose one"),
    )
    location = forms.CharField(
        max_length=Concern._meta.get_field("location").max_length,
        label=_("Where exactly"),
        help_text=_("For example: the gate by the bus loop."),
    )
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=Concern.DESCRIPTION_LIMIT,
        label=_("What is the concern?"),
        error_messages={
            "max_length": _(
                "Please shorten the description to %(limit_value)d characters "
                "(it has %(show_value)d)."
            )
        },
    )
    name = forms.CharField(
        max_length=Concern._meta.get_field("name").max_length,
        required=False,
        label=_("Your name"),
    )
    contact = forms.CharField(
        max_length=Concern._meta.get_field("contact").max_length,
        required=False,
        label=_("Your e-mail or phone"),
        help_text=_("Only if the committee may contact you about it."),
    )
    website = forms.CharField(
        required=False,
        label=_("Leave this empty"),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, district, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["building"].queryset = Building.objects.filter(
            district=district, committee__isnull=False
        ).order_by("name")

    def visible(self):
        return [field for field in self if field.name != TRAP]

    def trap(self):
        return self[TRAP]

    def caught(self) -> bool:
        """Filled in the field no person sees: a bot."""
        return bool(self.data.get(TRAP, "").strip())


class StatusLookupForm(forms.Form):
    reference = forms.CharField(max_length=32, label=_("Reference number"))


@never_cache
def concern_new(request, district):
    district = selectors.public_district(district)
    initial = {}
    if request.GET.get("building"):
        initial["building"] = request.GET["building"]
    form = ConcernForm(request.POST or None, initial=initial, district=district)
    if request.method == "POST":
        if form.caught():
            # Look like success, so that the sender learns nothing; keep nothing.
            return render_public(request, district, "public/concern_thanks.html", {})
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != TRAP}
            try:
                concern = concerns.concern_submit(address=client_address(request), **data)
            except ValidationError as error:
                form_errors(form, error)
            else:
                messages.success(
                    request,
                    gettext(
                        "Thank you: your concern was received. Its reference number is "
                        "%(reference)s. Keep it to check the status here."
                    )
                    % {"reference": concern.reference},
                )
                url = reverse("public:concern_status", args=[district.slug])
                return redirect(f"{url}?{urlencode({'reference': concern.reference})}")
    return render_public(request, district, "public/concern_form.html", {"form": form})


@never_cache
def concern_status(request, district):
    """Building, status and date for a reference number: nothing the sender wrote."""
    district = selectors.public_district(district)
    form = StatusLookupForm(request.GET or None)
    concern = None
    if form.is_valid():
        concern = concerns.concern_public_status(
            district=district, reference=form.cleaned_data["reference"]
        )
    return render_public(
        request,
        district,
        "public/concern_status.html",
        {
            "form": form,
            "concern": concern,
            "status_label": STATUS_LABELS[concern.status] if concern else None,
            "not_found": form.is_bound and form.is_valid() and concern is None,
        },
    )
