"""The assessment pages cost the same number of queries with few findings and with many.

tests/test_query_budgets.py copies every assessment record but findings (one per answer
by design, a copy cannot hold one); here the school gets more assessments, each with a
finding on every question, action items on them and milestones tied.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments import services
from assessments.models import Answer, Finding
from committees import public_cache
from committees.models import Level

pytestmark = pytest.mark.django_db


def _count(client, district_id: int, url: str) -> int:
    client.get(url)  # warm: per-process caches, the reads already on record
    public_cache.bump(district_id)  # the public page is read afresh, not from its cache
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def _more(cast, n: int) -> None:
    template = cast.assessments["high"]["completed"].template
    milestone = cast.milestones[("high", Level.COMMITTEE)]
    for day in range(n):
        assessment = services.assessment_plan(
            building=cast.high.building,
            planned_for=datetime.date(2026, 11, 1 + day),
            template=template,
            by=None,
        )
        services.answers_record(
            assessment=assessment,
            answers={
                a.pk: (Answer.Response.NOT_MET, f"Note {a.pk}") for a in assessment.answers.all()
            },
            by=None,
        )
        for finding in Finding.objects.filter(assessment=assessment):
            services.finding_label_set(
                finding=finding,
                public_category=finding.public_category,
                public_label="Improvements planned",
                by=None,
            )
            services.finding_action_item(finding=finding, title="Fix it", by=None)
            services.finding_action_item(finding=finding, title="Check it", by=None)
            services.finding_milestone_tie(finding=finding, milestone=milestone, by=None)
        services.assessment_complete(assessment=assessment, by=None)


@pytest.mark.parametrize("role", ["chair", "district_admin", "parent"])
def test_no_assessment_page_costs_more_with_more_findings(cast, login, role):
    assessment = cast.assessments["high"]["completed"]
    finding = cast.findings["high"]["completed"]
    pages = [
        reverse("assessments:list", args=[cast.high.pk]),
        reverse("assessments:assessment", args=[assessment.pk]),
        reverse("public:building", args=[cast.district.slug, cast.high.building.slug]),
        reverse("api:public-school", args=[cast.district.slug, cast.high.building.slug]),
    ]
    if role != "parent":
        pages += [
            reverse("assessments:finding", args=[finding.pk]),
            reverse(
                "assessments:answer", args=[cast.assessments["high"]["in_progress"].pk, "doors"]
            ),
        ]
    client = login(cast.people[role])
    services.finding_milestone_tie(
        finding=finding, milestone=cast.milestones[("high", Level.COMMITTEE)], by=None
    )
    few = {url: _count(client, cast.district.pk, url) for url in pages}
    _more(cast, 3)
    for _ in range(3):
        services.finding_action_item(finding=finding, title="Another step", by=None)
    many = {url: _count(client, cast.district.pk, url) for url in pages}
    assert many == few
    assert Finding.objects.filter(assessment__committee=cast.high).count() > 90
