"""The assessment pages as a chair uses them: plan, name the assessors, answer the
checklist area by area, complete; what members without clearance see of it."""

import pytest
from django.urls import reverse

from assessments.models import Answer, Area, Assessment, Assessor, Finding

pytestmark = pytest.mark.django_db


def test_a_chair_plans_answers_and_completes_an_assessment_through_the_pages(cast, login):
    client = login(cast.chair)
    template = cast.assessments["high"]["completed"].template
    page = client.post(
        reverse("assessments:plan", args=[cast.high.pk]),
        {"planned_for": "2026-12-10", "template": template.pk},
    )
    assessment = Assessment.objects.latest("pk")
    assert page.url == reverse("assessments:assessment", args=[assessment.pk])
    assert assessment.answers.count() == template.questions.count()

    client.post(
        reverse("assessments:assessor_add", args=[assessment.pk]),
        {"role": "fire", "name": "Brian Cole", "organisation": "Westport Fire Department"},
    )
    client.post(
        reverse("assessments:assessor_add", args=[assessment.pk]),
        {"role": "police", "user": cast.officer.pk},
    )
    assert set(Assessor.objects.filter(assessment=assessment).values_list("name", flat=True)) == {
        "Brian Cole",
        cast.officer.display_name,
    }
    refused = client.post(
        reverse("assessments:assessor_add", args=[assessment.pk]), {"role": "firm"}
    )
    assert "Name the assessor" in refused.content.decode()

    # Area by area; each saved page goes on to the next area.
    areas = list(Area)
    for n, area in enumerate(areas):
        answers = assessment.answers.filter(area=area)
        data = {f"response_{a.pk}": "met" for a in answers}
        if area == Area.ENTRANCES:
            first = answers.first()
            data[f"response_{first.pk}"] = "not_met"
            data[f"note_{first.pk}"] = "The east door was propped open at 10 a.m."
        page = client.post(reverse("assessments:answer", args=[assessment.pk, area]), data)
        following = areas[n + 1] if n + 1 < len(areas) else None
        expected = (
            reverse("assessments:answer", args=[assessment.pk, following])
            if following
            else reverse("assessments:assessment", args=[assessment.pk])
        )
        assert page.url == expected
    finding = Finding.objects.get(assessment=assessment)
    assert finding.answer.note == "The east door was propped open at 10 a.m."
    assert finding.public_category == "entrance_security"

    detail = client.get(reverse("assessments:assessment", args=[assessment.pk])).content.decode()
    assert "The east door was propped open" in detail and "Complete the assessment" in detail
    client.post(reverse("assessments:complete", args=[assessment.pk]))
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.COMPLETED
    # Completed: its answers are kept as they are.
    answer_page = reverse("assessments:answer", args=[assessment.pk, "doors"])
    assert client.get(answer_page).status_code == 403

    # The list: date and status for the committee, findings counted for the cleared.
    listing = client.get(reverse("assessments:list", args=[cast.high.pk])).content.decode()
    assert "Findings (closed)" in listing and "Completed" in listing
    parent = login(cast.parent)
    listing = parent.get(reverse("assessments:list", args=[cast.high.pk])).content.decode()
    assert "Completed" in listing and "Findings (closed)" not in listing
    detail = parent.get(reverse("assessments:assessment", args=[assessment.pk])).content.decode()
    assert "Brian Cole" in detail  # the assessors are the committee's
    assert "propped open" not in detail and "for cleared members only" in detail


def test_a_refused_completion_says_why_and_keeps_every_answer(cast, login):
    assessment = cast.assessments["high"]["in_progress"]
    client = login(cast.principal)
    page = client.post(reverse("assessments:complete", args=[assessment.pk]), follow=True)
    assert "not answered yet" in page.content.decode()
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.IN_PROGRESS
    assert assessment.answers.exclude(response="").count() == 1


def test_a_findings_page_keeps_its_history_and_shows_its_label(cast, login):
    finding = cast.findings["high"]["completed"]
    client = login(cast.chair)
    client.post(
        reverse("assessments:finding_edit", args=[finding.pk]),
        {"severity": "critical", "description": "Latch replaced, closer still weak."},
    )
    page = client.get(reverse("assessments:finding", args=[finding.pk])).content.decode()
    assert "Critical" in page and "Latch replaced, closer still weak." in page
    assert "Changes on record" in page and "Severity: High → Critical" in page
    assert "Entrance security: improvements planned" in page
    assert (
        login(cast.staff).get(reverse("assessments:finding", args=[finding.pk])).status_code == 404
    )


def test_the_committee_page_links_to_the_assessments(cast, login):
    page = login(cast.parent).get(reverse("committees:detail", args=[cast.high.pk]))
    assert reverse("assessments:list", args=[cast.high.pk]) in page.content.decode()


def test_answers_keep_the_question_as_asked(cast):
    answer = Answer.objects.filter(assessment=cast.assessments["high"]["completed"]).first()
    assert answer.question_text == answer.question.text
