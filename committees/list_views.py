"""The district overview."""

import datetime

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import render

from committees import access, selectors
from committees.models import Committee, RepresentationRule
from followups.item_filters import overdue_q
from followups.models import ActionItem
from safety_portal.school_calendar import school_year_of, school_year_window


def _school_year_began(district, today: datetime.date) -> datetime.datetime:
    """The school year's first midnight where the district is: "done this school year"
    starts there."""
    return school_year_window(district, school_year_of(today))[0]


@login_required
def district_overview(request):
    """Per building: open, overdue, done this school year, empty seats; worst first."""
    user = request.user
    if not user.is_district_admin:
        raise PermissionDenied
    scope = access.scope_for(user)
    today = scope.today
    committees = list(access.visible(user, Committee.objects.select_related("building")))
    ids = [c.pk for c in committees]
    counts = {
        row["committee_id"]: row
        for row in access.visible(user, ActionItem.objects.filter(committee_id__in=ids))
        .values("committee_id")
        .annotate(
            open=Count("id", filter=~Q(status__in=ActionItem.CLOSED)),
            overdue=Count("id", filter=overdue_q(today)),
            done=Count(
                "id",
                filter=Q(
                    status=ActionItem.Status.DONE,
                    completed_at__gte=_school_year_began(user.district, today),
                ),
            ),
        )
    }
    rules = list(RepresentationRule.objects.filter(district_id=scope.district_id))
    seat_counts, ending = selectors.seat_counts(ids, today)
    rows = []
    for committee in committees:
        row = counts.get(committee.pk, {})
        seats = selectors.seats_for(
            committee, rules, seat_counts[committee.pk], ending[committee.pk]
        )
        rows.append(
            {
                "committee": committee,
                "open": row.get("open", 0),
                "overdue": row.get("overdue", 0),
                "done": row.get("done", 0),
                "empty_seats": sum(seat.missing for seat in seats),
            }
        )
    rows.sort(key=lambda r: (-r["overdue"], -r["open"], -r["empty_seats"], r["committee"].name))
    return render(request, "committees/district_overview.html", {"rows": rows, "today": today})
