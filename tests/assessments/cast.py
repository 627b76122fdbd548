"""The cast's security assessments: a completed one and one in progress per school, with
canaries in the answers' notes, the findings' descriptions, a draft public label and a
label awaiting approval; the assessors are the committee's."""

import datetime

from assessments import services as assessments
from assessments.models import Answer, ChecklistTemplate, Finding
from committees.models import Level
from tests.cast_base import Cast, canary

PUBLIC_LABEL = "Entrance security: improvements planned"


def _template(district):
    found = ChecklistTemplate.objects.filter(district=district, is_current=True).first()
    return found or assessments.template_start(district=district, by=None)


def add_assessments(cast: Cast, committee_name: str) -> None:
    committee = getattr(cast, committee_name)
    if committee.building is None:
        return
    template = _template(committee.district)
    done = assessments.assessment_plan(
        building=committee.building,
        planned_for=datetime.date(2026, 10, 6),
        template=template,
        by=None,
    )
    guest = canary("ASSESSOR", committee_name)
    assessments.assessor_add(
        assessment=done, by=None, role="police", name=guest, organisation="Police Department"
    )
    cast.canaries[guest] = (committee_name, Level.COMMITTEE)
    answers = list(done.answers.all())
    note = canary("ASSESSMENT-NOTE", committee_name)
    responses = {answers[0].pk: (Answer.Response.NOT_MET, note)}
    responses |= {a.pk: (Answer.Response.MET, "") for a in answers[1:]}
    assessments.answers_record(assessment=done, answers=responses, by=None)
    finding = Finding.objects.get(answer=answers[0])
    description = canary("FINDING", committee_name)
    assessments.finding_edit(finding=finding, severity="high", description=description, by=None)
    assessments.finding_label_set(
        finding=finding, public_category="entrance_security", public_label=PUBLIC_LABEL, by=None
    )
    # Its action items are the tests' own: the follow-ups' lists count the cast's items.
    assessments.assessment_complete(assessment=done, by=None)
    for text in (note, description):
        cast.canaries[text] = (committee_name, Level.RESTRICTED)

    going = assessments.assessment_plan(
        building=committee.building,
        planned_for=datetime.date(2026, 11, 20),
        template=template,
        by=None,
    )
    first = going.answers.first()
    draft_note = canary("ASSESSMENT-NOTE-DRAFT", committee_name)
    assessments.answer_record(
        answer=first, response=Answer.Response.PARTLY, note=draft_note, by=None
    )
    draft = Finding.objects.get(answer=first)
    label = canary("FINDING-LABEL-DRAFT", committee_name)
    assessments.finding_label_set(
        finding=draft, public_category="access_control", public_label=label, by=None
    )
    # A new label proposed, awaiting a second person's approval: as restricted as the
    # finding, on the pages, lists and messages of public text awaiting review.
    pending = canary("FINDING-LABEL-PENDING", committee_name)
    proposer = {"high": "chair", "other_committee": "other_admin"}.get(
        committee_name, "district_admin"
    )
    # A copy of the person: the gate keeps what it learns on the user object it is given,
    # and the cast's own objects must start the tests knowing nothing.
    person = cast.people[proposer]
    assessments.finding_label_set(
        finding=draft,
        public_category="access_control",
        public_label=pending,
        by=type(person).objects.get(pk=person.pk),
    )
    for text in (draft_note, label, pending):
        cast.canaries[text] = (committee_name, Level.RESTRICTED)
    cast.assessments[committee_name] = {"completed": done, "in_progress": going}
    cast.findings[committee_name] = {"completed": finding, "in_progress": draft}
