"""Committees with work waiting, for the pages that read across them ("My committees",
Today): the same queries for a few as for many."""

import datetime

from django.utils import timezone

from committees import services
from committees.models import Category, Level, Position
from incidents import services as incident_services
from meetings import services as meeting_services
from tests.factories import ActionItemFactory, BuildingFactory


def committees_at_work(district, person, start: int, stop: int) -> None:
    """Committees ``start`` to ``stop`` - 1, each at a school of its own, with ``person``
    on it (chair of every other one, cleared), a meeting coming, one held with its
    minutes late, an incident reported
    and an item assigned to them, late by up to four days, every third one committee-level
    and the others restricted."""
    today = datetime.date.today()  # noqa: DTZ011
    for n in range(start, stop):
        building = BuildingFactory(district=district)
        committee = services.committee_create(
            district=district, name=f"Committee {n}", building=building
        )
        services.membership_add(
            committee=committee,
            user=person,
            category=Category.STAFF,
            position=Position.CHAIR if n % 2 else Position.MEMBER,
            restricted_clearance=True,
        )
        meeting_services.meeting_schedule(
            committee=committee,
            title=f"Meeting {n}",
            starts_at=timezone.now() + datetime.timedelta(days=1 + n % 30),
            location="Library",
            by=None,
        )
        # Held weeks ago, its draft minutes never submitted: late.
        meeting_services.meeting_schedule(
            committee=committee,
            title=f"Past meeting {n}",
            starts_at=timezone.now() - datetime.timedelta(days=10 + n % 30),
            location="Library",
            by=None,
        )
        incident_services.incident_report(
            building=building,
            occurred_at=timezone.now(),
            area=f"Room {n}",
            kind="facility_hazard",
            severity="low",
            description=f"A broken window in room {n}",
            by=person,
        )
        ActionItemFactory(
            committee=committee,
            assignee=person,
            visibility=Level.RESTRICTED if n % 3 else Level.COMMITTEE,
            due_date=today - datetime.timedelta(days=n % 5),
        )
