"""The demo's assessments: last year's at each Westport school, findings in every state,
some tied to the follow-ups' items, public labels on the school pages."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from assessments import selectors
from assessments.models import Assessment, ChecklistTemplate, Finding, FindingItem
from committees import access, public_cache
from committees.models import Building, District, Level

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(settings):
    settings.DEBUG = True  # the demo runs with DEBUG on, as `make demo` runs it
    call_command("seed_demo", stdout=io.StringIO())
    # What the seed's commit would do: its public pages are read afresh.
    public_cache.bump(District.objects.get(slug="westport").pk)


def test_each_westport_school_has_last_years_assessment_with_findings_in_every_state(
    seeded, client
):
    westport = District.objects.get(slug="westport")
    today = access.district_today(westport)
    template = ChecklistTemplate.objects.get(district=westport, is_current=True)
    assert template.questions.count() > 27
    schools = Building.objects.filter(district=westport)
    states = set()
    for school in schools:
        [assessment] = Assessment.objects.filter(building=school)
        assert assessment.status == Assessment.Status.COMPLETED
        assert 250 < (today - assessment.completed_on).days < 400
        assert assessment.assessors.count() >= 2
        findings = selectors.with_state(Finding.objects.filter(assessment=assessment))
        states |= {f.state for f in findings}
        assert {f.visibility for f in findings} == {Level.RESTRICTED}
        page = client.get(reverse("public:building", args=[westport.slug, school.slug]))
        body = page.content.decode()
        assert "The last security assessment of the school was completed" in body
        for finding in findings:
            if finding.public_label:
                assert finding.public_label in body
            assert finding.description not in body
            assert finding.answer.question_text not in body
    assert states == set(Finding.State.values)
    high = client.get(reverse("public:building", args=[westport.slug, "westport-high"]))
    assert "7 of its 10 findings are addressed." in high.content.decode()
    # Some findings took up the follow-ups' own items, now restricted and linked back.
    tied = FindingItem.objects.filter(item__title="Camera coverage gap at the loading dock")
    assert tied.exists() and tied.get().item.visibility == Level.RESTRICTED
    # A second run adds nothing.
    call_command("seed_demo", stdout=io.StringIO())
    assert Assessment.objects.filter(building__district=westport).count() == schools.count()
