"""The public's side of e-mail subscriptions: ask, confirm, unsubscribe. No sign-in."""

from zoneinfo import ZoneInfo

from django import forms
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt

from committees import selectors, subscriptions
from committees.models import Building


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


def _render(request, district, template, context):
    with timezone.override(ZoneInfo(district.time_zone)):
        return render(
            request, template, {"district": district, "site_district": district, **context}
        )


def subscribe(request, district):
    district = selectors.public_district(district)
    initial = {}
    if request.GET.get("school"):
        initial["building"] = Building.objects.filter(
            district=district, slug=request.GET["school"]
        ).first()
    form = SubscribeForm(request.POST or None, initial=initial, district=district)
    if request.method == "POST" and form.is_valid():
        try:
            subscriptions.subscription_request(
                district=district,
                language=translation.get_language() or "en",
                **form.cleaned_data,
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            return _render(request, district, "public/subscribe_sent.html", {})
    return _render(request, district, "public/subscribe.html", {"form": form})


def confirm(request, district, token):
    district = selectors.public_district(district)
    subscription = subscriptions.subscription_confirm(token=token)
    known = subscription is not None and subscription.district_id == district.pk
    return _render(
        request,
        district,
        "public/subscription_done.html",
        {"confirmed": known, "unknown": not known},
    )


@csrf_exempt  # the secret token in the address is the proof; mail programs POST here
def unsubscribe(request, district, token):
    """GET: a button (link checkers must not unsubscribe anyone); POST: done, one click."""
    district = selectors.public_district(district)
    if request.method == "POST":
        subscriptions.subscription_end(token=token)
        return _render(request, district, "public/subscription_done.html", {"ended": True})
    return _render(request, district, "public/unsubscribe.html", {"token": token})
