"""A district's open meeting rules: set by its safety administrators, or returned to the
state's defaults. Each change is on record (the audit trail registers ``MeetingRules``)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from committees.models import District
from meetings.models import MeetingRules

__all__ = ["meeting_rules_reset", "meeting_rules_set"]


def _require_district_admin(by, district: District) -> None:
    """``by`` None is the system itself (seed, tasks)."""
    if by is None:
        return
    if not (by.is_active and by.is_district_admin and by.district_id == district.pk):
        raise PermissionDenied(_("Only the district's safety administrators set its rules."))


@transaction.atomic
def meeting_rules_set(*, district: District, by, **values) -> MeetingRules:
    """Keep the district's own rules (the first save creates its row, starting from the
    state's defaults). Holidays are kept as ISO dates, sorted, each once."""
    _require_district_admin(by, district)
    unknown = set(values) - set(MeetingRules.FIELDS)
    if unknown:
        raise TypeError(f"Not a meeting rule: {', '.join(sorted(unknown))}")
    rules = MeetingRules.objects.select_for_update().filter(district=district).first()
    if rules is None:
        rules = MeetingRules.state_defaults(district)
    for name, value in values.items():
        setattr(rules, name, value)
    rules.holidays = sorted({str(day) for day in rules.holidays or []})
    if rules.posted_minutes_days < rules.draft_minutes_days:
        raise ValidationError(
            {
                "posted_minutes_days": _(
                    "Approved minutes cannot be due before the draft: give at least as "
                    "many days as for the draft."
                )
            }
        )
    rules.full_clean(exclude=["district"])
    rules.save()
    return rules


@transaction.atomic
def meeting_rules_reset(*, district: District, by) -> bool:
    """Return to the state's defaults: the district's own row goes (on record). True if
    it kept one."""
    _require_district_admin(by, district)
    deleted, _rows = MeetingRules.objects.filter(district=district).delete()
    return bool(deleted)
