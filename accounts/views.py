from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts import services
from accounts.forms import ApiTokenForm
from accounts.models import ApiToken
from safety_portal.client import client_address


class PasswordResetView(auth_views.PasswordResetView):
    """Django's password e-mail, throttled per address and per e-mail address.

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
        return super().form_valid(form)


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
    services.api_token_revoke(token=token)
    messages.success(request, f"The token “{token.name}” is revoked: its key works no more.")
    return redirect("accounts:tokens")
