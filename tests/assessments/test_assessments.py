"""Security assessments: checklists and their versions, a finding's life, the public label
and its guard, the public figures, the copies on record, the message on completion."""

import datetime

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import dateformat, translation

from assessments import selectors, services
from assessments.checklist import BUILT_IN
from assessments.models import Answer, Area, Assessment, AssessmentCopy, Finding, FindingItem
from audit.models import AuditEntry as LogEntry
from committees import services as core
from committees.models import Level
from compliance.models import Duty, DutyKind, DutyStatus
from followups import services as followups
from followups.models import ActionItem
from notifications import services as outbox
from notifications.models import Kind, Notification
from tests.assessments.cast import PUBLIC_LABEL
from tests.matrix import pdf_text

pytestmark = pytest.mark.django_db


def _planned(cast, **values):
    template = cast.assessments["high"]["completed"].template
    return services.assessment_plan(
        building=cast.high.building,
        planned_for=values.get("planned_for", datetime.date(2026, 11, 30)),
        template=template,
        by=cast.chair,
    )


def _answer_all(assessment, by, findings: dict[int, str] | None = None) -> None:
    """Every answer met, except the ones given (index -> response)."""
    findings = findings or {}
    answers = list(assessment.answers.all())
    services.answers_record(
        assessment=assessment,
        answers={
            a.pk: (findings.get(n, Answer.Response.MET), f"Note {n}" if n in findings else "")
            for n, a in enumerate(answers)
        },
        by=by,
    )


# --- templates and their versions ---------------------------------------------------------


def test_the_built_in_checklist_covers_every_area_with_three_to_five_questions(cast):
    assert set(BUILT_IN) == set(Area.values)
    assert all(3 <= len(questions) <= 5 for questions in BUILT_IN.values())
    template = cast.assessments["high"]["completed"].template
    assert template.district == cast.district
    assert template.questions.count() == sum(map(len, BUILT_IN.values()))


def test_editing_a_used_checklist_makes_a_new_version_and_the_assessment_keeps_its_questions(
    cast, login
):
    used = cast.assessments["high"]["completed"]
    template = used.template
    question = template.questions.order_by("order").first()
    asked = used.answers.get(question=question).question_text

    edited = services.template_question_edit(
        question=question,
        area=question.area,
        text="Is the fence line walked weekly?",
        by=cast.district_admin,
    )

    assert edited.template.version == template.version + 1 and edited.template.is_current
    template.refresh_from_db()
    assert not template.is_current
    assert template.questions.get(pk=question.pk).text == asked  # the old version as it was
    assert used.answers.get(question=question).question_text == asked
    newer = services.assessment_plan(
        building=cast.high.building,
        planned_for=datetime.date(2027, 1, 15),
        template=edited.template,
        by=cast.chair,
    )
    texts = list(newer.answers.values_list("question_text", flat=True))
    assert "Is the fence line walked weekly?" in texts and asked not in texts
    # An old version is offered to nobody, and a second edit of the new one (unused)
    # changes it in place.
    with pytest.raises(ValidationError):
        services.assessment_plan(
            building=cast.high.building,
            planned_for=datetime.date(2027, 1, 15),
            template=template,
            by=cast.chair,
        )
    unused = services.template_start(district=cast.district, name="Short checklist", by=None)
    services.template_question_add(
        template=unused, area=Area.TRAINING, text="Is CPR training current?", by=cast.district_admin
    )
    assert unused.questions.filter(text="Is CPR training current?").exists()
    unused.refresh_from_db()
    assert unused.version == 1 and unused.is_current
    # Pages: the district administrator sees and edits its checklists; nobody else does.
    client = login(cast.district_admin)
    page = client.get(reverse("assessments:template", args=[edited.template_id]))
    assert "Is the fence line walked weekly?" in page.content.decode()
    assert login(cast.chair).get(reverse("assessments:templates")).status_code == 403


def test_only_the_districts_administrator_keeps_its_checklists(cast):
    template = cast.assessments["high"]["completed"].template
    for person in (cast.chair, cast.principal, cast.other_admin):
        with pytest.raises(PermissionDenied):
            services.template_question_add(
                template=template, area=Area.TRAINING, text="?", by=person
            )


# --- answering and findings ---------------------------------------------------------------


def test_a_not_met_or_partly_answer_is_a_finding_and_a_met_one_drops_it(cast):
    assessment = _planned(cast)
    assert assessment.status == Assessment.Status.PLANNED
    answer = assessment.answers.first()
    services.answer_record(answer=answer, response="not_met", note="Gate 3 loose", by=cast.chair)
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.IN_PROGRESS
    finding = Finding.objects.get(answer=answer)
    assert finding.severity == Finding.Severity.HIGH and finding.visibility == Level.RESTRICTED
    assert finding.public_category == "grounds"  # the first area's public category
    services.answer_record(answer=answer, response="met", by=cast.chair)
    assert not Finding.objects.filter(answer=answer).exists()
    services.answer_record(answer=answer, response="partly", by=cast.chair)
    assert Finding.objects.get(answer=answer).severity == Finding.Severity.MODERATE
    # Not applicable is an answer, with its note, and no finding.
    services.answer_record(
        answer=answer, response="na", note="No fence: the site is open park", by=cast.chair
    )
    answer.refresh_from_db()
    assert (answer.response, answer.note) == ("na", "No fence: the site is open park")
    assert not Finding.objects.filter(answer=answer).exists()
    with pytest.raises(ValidationError):
        services.answer_record(answer=answer, response="maybe", by=cast.chair)


def test_completing_asks_every_question_answered_then_keeps_the_answers(cast):
    assessment = _planned(cast)
    with pytest.raises(ValidationError, match="not answered"):
        services.assessment_complete(assessment=assessment, by=cast.chair)
    _answer_all(assessment, cast.chair, {0: "not_met"})
    services.assessment_complete(assessment=assessment, by=cast.chair)
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.COMPLETED and assessment.completed_on
    with pytest.raises(ValidationError, match="completed"):
        services.answer_record(answer=assessment.answers.first(), response="met", by=cast.chair)


def test_the_uncleared_and_the_parent_never_write_an_assessment(cast):
    assessment = cast.assessments["high"]["in_progress"]
    for person in (cast.staff, cast.parent, cast.officer):  # the officer is cleared, records not
        with pytest.raises(PermissionDenied, match="may not"):
            services.answer_record(answer=assessment.answers.first(), response="met", by=person)


def test_a_findings_life_from_an_answer_to_items_closed_and_reopened(cast, login):
    assessment = _planned(cast)
    _answer_all(assessment, cast.chair, {0: "not_met"})
    finding = Finding.objects.get(assessment=assessment)
    assert selectors.state_of(finding) == Finding.State.OPEN

    first = services.finding_action_item(
        finding=finding, title="Repair the gate latch", by=cast.chair, assignee=cast.secretary
    )
    second = services.finding_action_item(finding=finding, title="Add a camera", by=cast.principal)
    assert {first.visibility, second.visibility} == {Level.RESTRICTED}
    assert first.source == ActionItem.Source.ASSESSMENT and str(finding.pk) in first.source_detail
    assert set(FindingItem.objects.filter(finding=finding).values_list("item", flat=True)) == {
        first.pk,
        second.pk,
    }
    assert selectors.state_of(finding) == Finding.State.IN_PROGRESS

    for item in (first, second):
        followups.action_item_set_status(item=item, status="done", by=cast.chair)
    assert selectors.state_of(finding) == Finding.State.IN_PROGRESS  # done, not yet verified
    followups.action_item_verify(item=first, by=cast.chair)
    assert selectors.state_of(finding) == Finding.State.IN_PROGRESS
    followups.action_item_verify(item=second, by=cast.chair)
    assert selectors.state_of(finding) == Finding.State.CLOSED

    followups.action_item_set_status(item=second, status="in_progress", by=cast.chair, note="No")
    assert selectors.state_of(finding) == Finding.State.IN_PROGRESS

    # Both ways: the finding's page lists its items, the item's page says where it came from.
    client = login(cast.chair)
    page = client.get(reverse("assessments:finding", args=[finding.pk])).content.decode()
    assert "Repair the gate latch" in page and "In progress" in page
    item_page = client.get(reverse("followups:action_item", args=[first.pk])).content.decode()
    assert "Assessment finding" in item_page and f"finding {finding.pk}" in item_page
    # An uncleared member sees neither the finding nor its items.
    staff = login(cast.staff)
    assert staff.get(reverse("assessments:finding", args=[finding.pk])).status_code == 404
    assert staff.get(reverse("followups:action_item", args=[first.pk])).status_code == 404


def test_an_items_own_level_cannot_go_below_its_finding(cast):
    finding = cast.findings["high"]["completed"]
    item = services.finding_action_item(finding=finding, title="Fix the latch", by=cast.chair)
    with pytest.raises(ValidationError):
        followups.action_item_edit(item=item, visibility=Level.COMMITTEE, by=cast.chair)


def test_an_existing_item_tied_to_a_finding_becomes_restricted(cast):
    finding = cast.findings["high"]["completed"]
    item = cast.items[("high", Level.COMMITTEE)]
    services.finding_item_link(finding=finding, item=item, by=cast.chair)
    item.refresh_from_db()
    assert item.visibility == Level.RESTRICTED and item.source == ActionItem.Source.ASSESSMENT
    with pytest.raises(ValidationError):
        services.finding_item_link(
            finding=finding, item=cast.items[("middle", Level.COMMITTEE)], by=cast.district_admin
        )


def test_a_milestone_is_tied_to_a_finding_from_its_page(cast, login):
    finding = cast.findings["high"]["completed"]
    milestone = cast.milestones[("high", Level.COMMITTEE)]
    client = login(cast.chair)
    url = reverse("assessments:finding_milestone", args=[finding.pk])
    assert client.post(url, {"milestone": milestone.pk}).status_code == 302
    page = client.get(reverse("assessments:finding", args=[finding.pk])).content.decode()
    assert milestone.title in page
    refused = client.post(url, {"milestone": milestone.pk})
    assert "tied to the finding already" in refused.content.decode()
    other = cast.milestones[("middle", Level.COMMITTEE)]
    with pytest.raises(ValidationError):
        services.finding_milestone_tie(finding=finding, milestone=other, by=cast.district_admin)


# --- the public label and its guard -------------------------------------------------------


def test_a_public_label_with_a_forbidden_term_is_refused_with_a_clear_message(cast, login):
    cast.district.forbidden_public_terms = "Room 114\nCode Blue"
    cast.district.save()
    finding = cast.findings["high"]["completed"]
    client = login(cast.chair)
    url = reverse("assessments:finding_label", args=[finding.pk])
    page = client.post(
        url, {"public_category": "access_control", "public_label": "Door of room 114: fixed"}
    )
    assert page.status_code == 200
    body = page.content.decode()
    assert "written on its own" in body and "Room 114" in body
    finding.refresh_from_db()
    assert finding.public_label == PUBLIC_LABEL  # nothing saved


def test_a_public_label_sharing_eight_words_with_restricted_text_is_refused(cast):
    finding = cast.findings["high"]["completed"]
    services.finding_edit(
        finding=finding,
        severity="high",
        description="The side door by the gym does not latch when it closes on its own.",
        by=cast.chair,
    )
    with pytest.raises(ValidationError) as refused:
        services.finding_label_set(
            finding=finding,
            public_category="access_control",
            public_label="Fixed: the side door by the gym does not latch when",
            by=cast.chair,
        )
    assert "overlap" in str(refused.value)
    # The question as asked is restricted too.
    question = finding.answer.question_text
    with pytest.raises(ValidationError):
        services.finding_label_set(
            finding=finding, public_category="grounds", public_label=question, by=cast.chair
        )
    # Seven words in common, and general words, pass.
    services.finding_label_set(
        finding=finding,
        public_category="access_control",
        public_label="Door hardware: the side door by the gym does",
        by=cast.chair,
    )


# --- public figures -----------------------------------------------------------------------


def _school_page(client, cast) -> str:
    url = reverse("public:building", args=[cast.district.slug, cast.high.building.slug])
    return client.get(url).content.decode()


def _completed_with(cast, n_findings: int, labels: dict[int, tuple[str, str]]) -> Assessment:
    assessment = _planned(cast, planned_for=datetime.date(2026, 12, 1))
    _answer_all(assessment, cast.chair, dict.fromkeys(range(n_findings), "not_met"))
    findings = list(Finding.objects.filter(assessment=assessment).order_by("answer__order"))
    for n, (category, label) in labels.items():
        _label(cast, findings[n], category, label)
    # Completed today, after the cast's own assessment (the page tells the last one).
    return services.assessment_complete(assessment=assessment, by=cast.chair)


def _label(cast, finding, category: str, label: str) -> None:
    """Proposed by the chair, approved by the principal (four eyes)."""
    change = services.finding_label_set(
        finding=finding, public_category=category, public_label=label, by=cast.chair
    )
    core.public_text_approve(change=change, by=cast.principal)


def _close(finding, cast) -> None:
    item = services.finding_action_item(finding=finding, title="Fix", by=cast.chair)
    followups.action_item_set_status(item=item, status="done", by=cast.chair)
    followups.action_item_verify(item=item, by=cast.chair)


def test_the_school_page_tells_the_last_assessment_and_findings_addressed(
    cast, client, django_capture_on_commit_callbacks
):
    assessment = _completed_with(
        cast,
        9,
        {
            0: ("grounds", "Grounds: lighting improvements planned"),
            1: ("grounds", "Grounds: fencing repairs planned"),
            4: ("entrance_security", "Entrance security: improvements planned"),
        },
    )
    findings = list(Finding.objects.filter(assessment=assessment).order_by("answer__order"))
    page = _school_page(client, cast)
    completed_on = assessment.completed_on
    assert f"completed in {completed_on:%B %Y}" in page
    with translation.override("es"):  # "diciembre de 2026", not "diciembre 2026"
        url = reverse("public:building", args=[cast.district.slug, cast.high.building.slug])
        month = dateformat.format(completed_on, "F")
    with translation.override("en"):  # and English again after the Spanish page
        spanish = client.get(url).content.decode()
    assert f"se completó en {month} de {completed_on.year}." in spanish
    assert "Of its 9 findings, fewer than 5 are addressed so far." in page  # 0 addressed

    with django_capture_on_commit_callbacks(execute=True):
        for finding in findings[:7]:
            _close(finding, cast)
    page = _school_page(client, cast)  # the same cached page, bumped by the verifications
    assert "7 of its 9 findings are addressed." in page
    # Labels grouped by category; never a question, a note or an area name.
    assert page.index("Entrance security</strong>") < page.index("Grounds and perimeter</strong>")
    assert "Grounds: lighting improvements planned" in page
    assert "Grounds: fencing repairs planned" in page
    for answer in assessment.answers.all():
        assert answer.question_text not in page
    assert "Note 0" not in page
    for area in Area.labels:
        assert str(area) not in page

    # A reopened item takes its finding back out of the count.
    item = findings[0].links.get().item
    with django_capture_on_commit_callbacks(execute=True):
        followups.action_item_set_status(item=item, status="in_progress", by=cast.chair, note="")
    assert "6 of its 9 findings are addressed." in _school_page(client, cast)

    # A label changed is on the page at once.
    with django_capture_on_commit_callbacks(execute=True):
        _label(
            cast,
            findings[4],
            "entrance_security",
            "Entrance security: new visitor system installed",
        )
    assert "new visitor system installed" in _school_page(client, cast)

    # The public API says the same, and no more.
    api = client.get(
        reverse("api:public-school", args=[cast.district.slug, cast.high.building.slug])
    ).json()["figures"]["assessment"]
    assert api["last_completed_on"] == completed_on.isoformat()
    assert api["findings"] == 9 and api["addressed"] == 6
    assert {group["category"] for group in api["labels"]} == {
        "Entrance security",
        "Grounds and perimeter",
    }


def test_few_findings_are_told_only_as_fewer_than_the_threshold(cast, client):
    _completed_with(cast, 2, {})
    page = _school_page(client, cast)
    assert "It found fewer than 5 things to improve." in page
    api = client.get(
        reverse("api:public-school", args=[cast.district.slug, cast.high.building.slug])
    ).json()["figures"]["assessment"]
    assert api["findings"] is None and api["findings_fewer_than"] == 5


def test_a_draft_label_and_an_unfinished_assessment_are_never_public(cast, client):
    page = _school_page(client, cast)
    assert "CANARY-FINDING-LABEL-DRAFT-high-7f3a" not in page
    assert PUBLIC_LABEL in page  # the cast's completed assessment's label


# --- exports ------------------------------------------------------------------------------


def test_the_pdf_is_for_the_cleared_and_recorded_as_a_copy(cast, login):
    assessment = cast.assessments["high"]["completed"]
    url = reverse("assessments:export", args=[assessment.pk, "pdf"])
    response = login(cast.cleared_staff).post(url)
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "CANARY-ASSESSMENT-NOTE-high-7f3a" in text and "CANARY-FINDING-high-7f3a" in text
    copy = AssessmentCopy.objects.get(assessment=assessment)
    assert copy.given_by == cast.cleared_staff and copy.how == AssessmentCopy.How.EXPORT_PDF
    assert LogEntry.objects.filter(
        action=LogEntry.Action.DISCLOSE, object_id=assessment.pk, actor=cast.cleared_staff
    ).exists()
    text_copy = login(cast.chair).post(reverse("assessments:export", args=[assessment.pk, "txt"]))
    assert "CANARY-FINDING-high-7f3a" in text_copy.content.decode()
    for person in (cast.staff, cast.parent):
        assert login(person).post(url).status_code == 403
    assert login(cast.stranger).post(url).status_code == 404
    assert AssessmentCopy.objects.filter(assessment=assessment).count() == 2


def test_a_spanish_readers_copy_of_an_assessment_is_in_spanish(cast, login):
    assessment = cast.assessments["high"]["completed"]
    client = login(cast.chair)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    text = client.post(reverse("assessments:export", args=[assessment.pk, "txt"])).content
    text = text.decode()
    assert "Evaluación de seguridad: Westport High School" in text
    assert "Hallazgos" in text and "Estado: " in text and "Fecha: " in text
    for english in ("Security assessment:", "Findings", "Status:", "Date:", "Exported by"):
        assert english not in text, english


# --- the message on completion -------------------------------------------------------------


def test_completion_with_findings_tells_the_cleared_and_the_chair_without_detail(cast):
    Notification.objects.all().delete()
    mail.outbox = []
    assessment = _planned(cast)
    _answer_all(assessment, cast.principal, {0: "not_met"})
    services.assessment_complete(assessment=assessment, by=cast.principal)
    outbox.sweep()
    told = {m.to[0].split("<")[1].rstrip(">") for m in mail.outbox}
    cleared = {cast.chair, cast.secretary, cast.cleared_staff, cast.officer}
    assert told == {person.email for person in cleared}
    for message in mail.outbox:
        assert "completed with findings" in message.subject
        assert "Note 0" not in message.body and "gate" not in message.body.lower()
    assert set(Notification.objects.values_list("kind", flat=True)) == {Kind.ASSESSMENT_FINDINGS}


def test_a_public_label_is_public_only_once_someone_else_approves_it(
    cast, client, login, django_capture_on_commit_callbacks
):
    finding = cast.findings["high"]["completed"]
    label = "Entrance security: door hardware replaced"
    change = services.finding_label_set(
        finding=finding, public_category="entrance_security", public_label=label, by=cast.chair
    )
    assert change.visibility == Level.RESTRICTED  # as restricted as the finding
    finding.refresh_from_db()
    assert finding.public_label == PUBLIC_LABEL
    assert label not in _school_page(client, cast)
    # The finding's page shows it awaiting review; the chair cannot approve their own.
    page = login(cast.principal).get(reverse("assessments:finding", args=[finding.pk]))
    assert label in page.content.decode() and "Approve and make public" in page.content.decode()
    with pytest.raises(ValidationError, match="four eyes"):
        core.public_text_approve(change=change, by=cast.chair)
    with django_capture_on_commit_callbacks(execute=True):
        core.public_text_approve(change=change, by=cast.principal)
    finding.refresh_from_db()
    assert finding.public_label == label
    assert label in _school_page(client, cast)


def test_completing_an_assessment_fulfils_the_schools_assessment_duty_once(cast):
    """The compliance calendar's duty (C.G.S. 10-222n) is done when the assessment is."""
    open_duty = Duty.objects.get(
        committee=cast.high, kind=DutyKind.ASSESSMENT, status=DutyStatus.OPEN
    )
    assessment = _planned(cast)
    _answer_all(assessment, cast.chair)
    services.assessment_complete(
        assessment=assessment, by=cast.chair, completed_on=datetime.date(2026, 11, 2)
    )
    open_duty.refresh_from_db()
    assert (open_duty.status, open_duty.done_on, open_duty.done_by) == (
        DutyStatus.DONE,
        datetime.date(2026, 11, 2),
        cast.chair,
    )
    following = Duty.objects.get(
        committee=cast.high, kind=DutyKind.ASSESSMENT, status=DutyStatus.OPEN
    )
    assert following.due_on > open_duty.due_on
    # Reopened to correct it and completed again: the next period's duty stays open.
    Assessment.objects.filter(pk=assessment.pk).update(status=Assessment.Status.IN_PROGRESS)
    assessment.refresh_from_db()
    services.assessment_complete(assessment=assessment, by=cast.chair)
    following.refresh_from_db()
    assert following.status == DutyStatus.OPEN
