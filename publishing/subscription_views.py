"""The public's side of e-mail subscriptions: ask, confirm, unsubscribe. No sign-in."""

from django.core.exceptions import ValidationError
from django.utils import translation
from django.views.decorators.csrf import csrf_exempt

from committees.models import Building
from committees.selectors import public_district
from publishing import subscriptions
from publishing.forms import SubscribeForm
from safety_portal.view_helpers import form_errors, render_public


def subscribe(request, district):
    district = public_district(district)
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
            form_errors(form, error)
        else:
            return render_public(request, district, "publishing/public/subscribe_sent.html", {})
    return render_public(request, district, "publishing/public/subscribe.html", {"form": form})


@csrf_exempt  # the secret token in the address is the proof
def confirm(request, district, token):
    """GET: a button (mail scanners open every link they carry, and must not subscribe
    anyone); POST: confirmed."""
    district = public_district(district)
    if request.method != "POST":
        return render_public(
            request, district, "publishing/public/subscription_confirm.html", {"token": token}
        )
    subscription = subscriptions.subscription_confirm(token=token)
    known = subscription is not None and subscription.district_id == district.pk
    return render_public(
        request,
        district,
        "publishing/public/subscription_done.html",
        {"confirmed": known, "unknown": not known},
    )


@csrf_exempt  # the secret token in the address is the proof; mail programs POST here
def unsubscribe(request, district, token):
    """GET: a button (link checkers must not unsubscribe anyone); POST: done, one click."""
    district = public_district(district)
    if request.method == "POST":
        subscriptions.subscription_end(token=token)
        return render_public(
            request, district, "publishing/public/subscription_done.html", {"ended": True}
        )
    return render_public(request, district, "publishing/public/unsubscribe.html", {"token": token})
