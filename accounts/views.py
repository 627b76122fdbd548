from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts import services
from accounts.forms import ApiTokenForm, ServiceAccountForm, WebhookForm
from accounts.models import ApiToken, User
from notifications import webhooks
from notifications.models import Webhook
from safety_portal.client import client_address
from safety_portal.view_helpers import form_errors


class LoginView(auth_views.LoginView):
    """Django's sign-in, then the person's own language (chosen for their e-mail) for
    the pages too, until they pick another with the switcher."""

    def form_valid(self, form):
        response = super().form_valid(form)
        language = form.get_user().language
        if language:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
        return response


class PasswordResetView(auth_views.PasswordResetView):
    """The password e-mail, throttled per address and per e-mail address, sent through
    the outbox.

    django-axes counts failed sign-ins only; without this, anyone could fill a
    person's mailbox with reset links, or probe for addresses at any speed.
    """

    def form_valid(self, form):
        try:
            services.password_reset_request_record(
                address=client_address(self.request), email=form.cleaned_data["email"]
            )
        except ValidationError as refusal:
            form.add_error(None, refusal)
            return self.render_to_response(self.get_context_data(form=form), status=429)
        # Through the outbox, in the person's language, and sent again if the mail
        # server is down (not Django's e-mail, sent once from the request).
        services.password_reset_send(email=form.cleaned_data["email"])
        return redirect(self.get_success_url())


@never_cache
@login_required
def tokens_page(request):
    """The person's own API tokens, and a form to make one.

    A new token's key is shown in the answer to the form itself, never kept (only its
    digest is), so no later page can show it again: not even a session holds it.
    """
    form = ApiTokenForm(request.POST or None)
    key = None
    if request.method == "POST" and form.is_valid():
        _token, key = services.api_token_create(
            user=request.user, name=form.cleaned_data["name"], days=form.cleaned_data["days"]
        )
        form = ApiTokenForm()  # empty again, for the next one
    tokens = ApiToken.objects.filter(user=request.user)
    context = {"form": form, "key": key, "tokens": tokens, "now": timezone.now()}
    return render(request, "accounts/tokens.html", context)


@require_POST
@login_required
def token_revoke(request, pk: int):
    """Revoke one of the person's own tokens; another person's is a 404, as no token."""
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    services.api_token_revoke(token=token, by=request.user)
    messages.success(
        request, _("The token “%(name)s” is revoked: its key works no more.") % {"name": token.name}
    )
    return redirect("accounts:tokens")


# --- a district's service accounts: for its safety administrators only ----------------------
#
# The list answers 403 to anyone else signed in (the page is no secret, as the district
# overview); an account, its tokens and its webhooks answer 404 (which integrations a
# district runs is not for others to learn), as do another district's to an administrator.


def _account_or_404(request, pk: int) -> User:
    user = request.user
    if not (user.is_district_admin and user.district_id and not user.is_service_account):
        raise Http404("Not found.")
    return get_object_or_404(
        services.service_accounts_of(user.district_id).select_related("district"), pk=pk
    )


@never_cache
@login_required
def service_accounts(request):
    """The district's service accounts, and a form to make one."""
    services.require_district_admin(request.user, request.user.district_id)
    district = request.user.district
    form = ServiceAccountForm(request.POST or None, roles=services.service_account_roles(district))
    if request.method == "POST" and form.is_valid():
        try:
            account = services.service_account_create(
                district=district,
                name=form.cleaned_data["name"],
                role=form.cleaned_data["role"],
                by=request.user,
            )
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(
                request,
                _("The service account “%(name)s” is made.") % {"name": account.display_name},
            )
            return redirect("accounts:service_account", account.pk)
    accounts = [
        (account, services.service_account_role(account))
        for account in services.service_accounts_of(district.pk).prefetch_related(
            "administered_buildings"
        )
    ]
    return render(request, "accounts/service_accounts.html", {"form": form, "accounts": accounts})


@never_cache
@login_required
def service_account(request, pk: int):
    """One service account: its tokens and its webhooks, a form to make each.

    A new token's key, and a new webhook's secret, are shown in the answer to the form
    itself and never again (the key is kept as a digest; the secret is not kept at all).
    """
    account = _account_or_404(request, pk)
    if request.method == "POST" and not account.is_active:
        raise PermissionDenied("A retired service account gets no new token nor webhook.")
    token_form = ApiTokenForm(request.POST if "make_token" in request.POST else None)
    webhook_form = WebhookForm(request.POST if "make_webhook" in request.POST else None)
    key = secret = None
    if request.method == "POST" and "make_token" in request.POST and token_form.is_valid():
        try:
            _token, key = services.api_token_create(
                user=account,
                name=token_form.cleaned_data["name"],
                days=token_form.cleaned_data["days"],
                by=request.user,
            )
        except ValidationError as error:
            form_errors(token_form, error)
        else:
            token_form = ApiTokenForm()
    if request.method == "POST" and "make_webhook" in request.POST and webhook_form.is_valid():
        try:
            _hook, secret = services.webhook_register(
                account=account,
                url=webhook_form.cleaned_data["url"],
                events=webhook_form.cleaned_data["events"],
                by=request.user,
            )
        except ValidationError as error:
            form_errors(webhook_form, error)
        else:
            webhook_form = WebhookForm()
    context = {
        "account": account,
        "role": services.service_account_role(account),
        "tokens": ApiToken.objects.filter(user=account),
        "webhooks": Webhook.objects.filter(account=account, removed_at__isnull=True),
        "deliveries": webhooks.latest_deliveries(account),
        "token_form": token_form,
        "webhook_form": webhook_form,
        "key": key,
        "secret": secret,
        "now": timezone.now(),
    }
    return render(request, "accounts/service_account.html", context)


@require_POST
@login_required
def service_token_revoke(request, pk: int, token: int):
    account = _account_or_404(request, pk)
    token = get_object_or_404(ApiToken, pk=token, user=account)
    services.api_token_revoke(token=token, by=request.user)
    messages.success(
        request, _("The token “%(name)s” is revoked: its key works no more.") % {"name": token.name}
    )
    return redirect("accounts:service_account", account.pk)


@require_POST
@login_required
def webhook_remove(request, pk: int, webhook: int):
    account = _account_or_404(request, pk)
    hook = get_object_or_404(Webhook, pk=webhook, account=account, removed_at__isnull=True)
    services.webhook_remove(webhook=hook, by=request.user)
    messages.success(
        request,
        _("The webhook to %(url)s is removed: it is told nothing more.") % {"url": hook.url},
    )
    return redirect("accounts:service_account", account.pk)


@require_POST
@login_required
def service_account_retire(request, pk: int):
    account = _account_or_404(request, pk)
    if account.is_active:
        services.service_account_retire(account=account, by=request.user)
        messages.success(
            request,
            _("“%(name)s” is retired: its tokens are revoked and its webhooks told nothing more.")
            % {"name": account.display_name},
        )
    return redirect("accounts:service_accounts")
