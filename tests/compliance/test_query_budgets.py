"""The compliance pages cost the same number of queries with few duties and with many
(tests/test_query_budgets.py copies every record; an open duty is one per rule and
school, so here the calendar grows as it does in life: years of record, more rules,
more schools, more receipts and co-reviewers)."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from committees import services as committee_services
from compliance import services
from compliance.models import Duty, DutyKind, DutyStatus
from tests.factories import BuildingFactory

pytestmark = pytest.mark.django_db


def _pages(cast) -> list[str]:
    done = cast.duties["high"]["done"]
    return [
        reverse("compliance:calendar", args=[cast.high.pk]),
        reverse("compliance:duty", args=[done.pk]),
        reverse("compliance:duty", args=[cast.duties["high"]["open"].pk]),
        reverse("compliance:overview"),
        reverse("compliance:settings"),
        reverse("compliance:school_summary", args=[cast.high.pk, "csv"]),
        reverse("compliance:school_summary", args=[cast.high.pk, "pdf"]),
        reverse("compliance:district_summary", args=["csv"]),
        reverse("committees:detail", args=[cast.high.pk]),
        reverse("portal:mine"),
    ]


def _count(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200, url
    return len(queries)


def _grow(cast, years: int, batch: str) -> None:
    """Years of record at each school, a few duties of the district's own, more schools."""
    for n in range(3):
        services.duty_rule_add(
            district=cast.district,
            title=f"District duty {batch}{n}",
            every_months=12,
            due_month=3 + n,
            due_day=1,
            by=None,
        )
    for n in range(3):
        name = f"School {batch}{n}"
        school = BuildingFactory(district=cast.district, name=name, slug=f"school-{batch}{n}")
        committee_services.committee_create(
            district=cast.district, name=f"{name} Committee", building=school
        )
    services.duties_plan(district=cast.district)
    for committee in (cast.high, cast.middle):
        for _year in range(years):
            for duty in Duty.objects.filter(committee=committee, status=DutyStatus.OPEN):
                services.duty_reviewer_add(duty=duty, role="fire_chief", name="Chief", by=None)
                upload = SimpleUploadedFile("r.pdf", b"%PDF", content_type="application/pdf")
                services.duty_complete(
                    duty=duty, by=None, files=[upload], done_on=datetime.date(2026, 11, 1)
                )


@pytest.mark.parametrize("role", ["district_admin", "chair"])
def test_compliance_pages_cost_the_same_with_few_and_many_duties(role, cast, login):
    client = login(cast.people[role])
    pages = _pages(cast) if role == "district_admin" else _pages(cast)[:3] + _pages(cast)[5:7]
    _grow(cast, years=1, batch="a")
    few = {url: _count(client, url) for url in pages}
    _grow(cast, years=4, batch="b")
    assert Duty.objects.filter(committee=cast.high, kind=DutyKind.ASSESSMENT).count() > 5
    many = {url: _count(client, url) for url in pages}
    assert {url: (few[url], many[url]) for url in pages if many[url] > few[url]} == {}
