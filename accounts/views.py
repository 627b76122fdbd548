from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError

from accounts import services
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
