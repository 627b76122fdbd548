from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from notifications import preferences
from notifications.forms import PreferencesForm
from notifications.models import Kind, Mode, Preference


@login_required
def settings_page(request):
    """The person's own choices: which messages, how soon, in which language."""
    user = request.user
    mandatory = preferences.mandatory(user)
    chosen = dict(Preference.objects.filter(user=user).values_list("kind", "mode"))
    initial = {
        "language": user.language,
        "due_soon_days": user.due_soon_days,
        **{
            f"kind_{kind.value}": Mode.IMMEDIATE
            if kind.value in mandatory
            else chosen.get(kind.value, Mode.IMMEDIATE)
            for kind in Kind
        },
    }
    form = PreferencesForm(request.POST or None, initial=initial, mandatory=mandatory)
    if request.method == "POST" and form.is_valid():
        try:
            preferences.preferences_save(
                user=user,
                modes=form.modes(),
                due_soon_days=form.cleaned_data["due_soon_days"],
                language=form.cleaned_data["language"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your choices are saved."))
            return redirect("notifications:settings")
    return render(request, "notifications/settings.html", {"form": form})
