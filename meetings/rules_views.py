"""The district's open meeting rules: its safety administrators set them, beside the
compliance calendar's settings, and may return to the state's defaults."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils import dateformat
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from meetings import selectors, services
from meetings.forms import MeetingRulesForm
from meetings.models import MeetingRules
from safety_portal.documents import SHORT_DAY
from safety_portal.view_helpers import form_page


def _require_district_admin(request) -> None:
    """As the compliance settings: the district's safety administrators only."""
    if not (request.user.is_district_admin and request.user.district_id):
        raise PermissionDenied


def _day(value) -> str:
    """A holiday as the reader's language writes a date (kept as ISO text; one written
    some other way, by hand, is shown as it is)."""
    try:
        return dateformat.format(datetime.date.fromisoformat(str(value)), str(SHORT_DAY))
    except ValueError:
        return str(value)


def _shown(name: str, value) -> str:
    """A rule's value as the page says it."""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if name == "holidays":
        return "; ".join(_day(day) for day in value or []) or _("None")
    if name == "notice_hours":
        return ngettext("%(n)d hour", "%(n)d hours", value) % {"n": value}
    return ngettext("%(n)d day", "%(n)d days", value) % {"n": value}


def _rows(form: MeetingRulesForm, current: MeetingRules, defaults: MeetingRules) -> list[dict]:
    """Each rule: the district's value, the state's, and whether they differ."""
    rows = []
    for name in MeetingRules.FIELDS:
        mine, theirs = getattr(current, name), getattr(defaults, name)
        if name == "holidays":
            mine, theirs = sorted(map(str, mine or [])), sorted(map(str, theirs or []))
        rows.append(
            {
                "label": form.fields[name].label,
                "value": _shown(name, mine),
                "default": _shown(name, theirs),
                "differs": mine != theirs,
            }
        )
    return rows


@login_required
def meeting_rules(request):
    """The district's rules as a form, beside its state's defaults; saving keeps the
    district's own (its row is created the first time)."""
    _require_district_admin(request)
    district = request.user.district
    current = MeetingRules.for_district(district)
    defaults = MeetingRules.state_defaults(district)
    form = MeetingRulesForm(request.POST or None, initial=MeetingRulesForm.initial_of(current))
    rows = _rows(form, current, defaults)
    return form_page(
        request,
        form,
        save=lambda data: services.meeting_rules_set(district=district, by=request.user, **data),
        said=_("Saved: the district's meetings follow these rules from now on."),
        done=lambda _rules: ("meetings:rules",),
        template="meetings/rules.html",
        context={
            "district": district,
            "kept": current.pk is not None,
            "rows": rows,
            "differs": any(row["differs"] for row in rows),
            "history": selectors.rules_history(district),
        },
    )


@login_required
@require_POST
def meeting_rules_reset(request):
    """Return to the state's defaults: the district's own rules go (on record)."""
    _require_district_admin(request)
    if services.meeting_rules_reset(district=request.user.district, by=request.user):
        messages.success(request, _("The district follows its state's defaults again."))
    else:
        messages.info(request, _("The district already follows its state's defaults."))
    return redirect("meetings:rules")
