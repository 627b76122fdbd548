"""Every write to assessments: templates and their versions, assessments, their assessors,
answers and findings, the action items and milestones tied to findings, copies.

Plain functions with keyword arguments, one transaction each. ``by`` None is the system
(the demo, the seed).
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from assessments import checklist
from assessments.models import (
    AREA_CATEGORY,
    AREA_WORK,
    Answer,
    Assessment,
    AssessmentCopy,
    Assessor,
    ChecklistTemplate,
    Finding,
    FindingItem,
    FindingMilestone,
    TemplateQuestion,
)
from committees import access, public_cache
from committees.access import Cap
from committees.models import (
    Building,
    Committee,
    District,
    Level,
    Membership,
    Position,
    PublicTextChange,
)
from committees.records import fields_set
from committees.services.grants import disclosure_record
from committees.services.public_text import public_text_propose
from committees.workflow import status_move
from compliance import services as compliance
from compliance.models import DutyKind
from followups import services as followups
from followups.models import ActionItem, Milestone
from notifications import services as notifications
from notifications.models import Kind

__all__ = [
    "answer_record",
    "answers_record",
    "assessment_complete",
    "assessment_copy_record",
    "assessment_plan",
    "assessor_add",
    "finding_action_item",
    "finding_edit",
    "finding_item_link",
    "finding_label_set",
    "finding_milestone_tie",
    "finding_milestone_untie",
    "template_question_add",
    "template_question_edit",
    "template_question_remove",
    "template_start",
]


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


def may_record(user, obj) -> bool:
    """Those who record the committee's work and are cleared: chairs, secretaries,
    building and district administrators."""
    return access.can(user, Cap.RECORD_MEETINGS, obj) and access.can(user, Cap.VIEW_RESTRICTED, obj)


def may_assign(user, obj) -> bool:
    """Those who assign the committee's action items and are cleared."""
    return access.can(user, Cap.ASSIGN_ACTION_ITEMS, obj) and access.can(
        user, Cap.VIEW_RESTRICTED, obj
    )


def _require_record(by, obj) -> None:
    if by is not None and not may_record(by, obj):
        raise PermissionDenied(_("You may not record this committee's assessments."))


def _require_assign(by, obj) -> None:
    if by is not None and not may_assign(by, obj):
        raise PermissionDenied(_("Only the committee's chairs and administrators do this."))


def may_keep_templates(user, district_id: int) -> bool:
    return bool(
        user.is_authenticated
        and user.is_active
        and user.is_district_admin
        and user.district_id == district_id
    )


def _require_templates(by, district_id: int) -> None:
    if by is not None and not may_keep_templates(by, district_id):
        raise PermissionDenied(_("Only the district's safety administrators keep its checklists."))


# --- templates ---------------------------------------------------------------------------


@transaction.atomic
def template_start(*, district: District, by, name: str = "") -> ChecklistTemplate:
    """The district's own template, copied from the built-in checklist."""
    _require_templates(by, district.pk)
    name = name.strip() or checklist.BUILT_IN_NAME
    if ChecklistTemplate.objects.filter(district=district, name=name).exists():
        raise ValidationError({"name": _("The district has a checklist of that name already.")})
    template = ChecklistTemplate.objects.create(district=district, name=name, created_by=by)
    TemplateQuestion.objects.bulk_create(
        TemplateQuestion(template=template, area=area, order=n, text=text)
        for n, (area, text) in enumerate(
            (area, text) for area, texts in checklist.BUILT_IN.items() for text in texts
        )
    )
    return template


def _editable(template: ChecklistTemplate, by) -> tuple[ChecklistTemplate, dict[int, int]]:
    """The version to edit: this one, or, if an assessment uses it, its next version (a copy),
    with the new questions' ids by the old ones'."""
    template = ChecklistTemplate.objects.select_for_update().get(pk=template.pk)
    if not template.is_current:
        raise ValidationError(_("This is an earlier version: edit the current one."))
    if not Assessment.objects.filter(template=template).exists():
        return template, {}
    template.is_current = False
    template.save(update_fields=["is_current"])
    latest = ChecklistTemplate.objects.filter(
        district_id=template.district_id, name=template.name
    ).aggregate(n=Max("version"))["n"]
    newer = ChecklistTemplate.objects.create(
        district_id=template.district_id, name=template.name, version=latest + 1, created_by=by
    )
    mapping = {}
    for question in template.questions.all():
        old = question.pk
        question.pk, question.template = None, newer
        question.save()
        mapping[old] = question.pk
    return newer, mapping


def _clean_question(area: str, text: str) -> str:
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write the question.")})
    if area not in AREA_CATEGORY:
        raise ValidationError({"area": _("Choose an area.")})
    return text


@transaction.atomic
def template_question_add(
    *, template: ChecklistTemplate, area: str, text: str, by
) -> TemplateQuestion:
    """Add a question; a template an assessment uses gets a new version with it."""
    _require_templates(by, template.district_id)
    text = _clean_question(area, text)
    template, _mapping = _editable(template, by)
    order = (template.questions.aggregate(n=Max("order"))["n"] or 0) + 1
    return TemplateQuestion.objects.create(template=template, area=area, order=order, text=text)


@transaction.atomic
def template_question_edit(
    *, question: TemplateQuestion, area: str, text: str, by
) -> TemplateQuestion:
    """Reword a question; the assessments made with it keep the words they asked."""
    _require_templates(by, question.template.district_id)
    text = _clean_question(area, text)
    template, mapping = _editable(question.template, by)
    question = TemplateQuestion.objects.get(pk=mapping.get(question.pk, question.pk))
    if fields_set(question, {"area": area, "text": text}):
        question.save(update_fields=["area", "text"])
    return question


@transaction.atomic
def template_question_remove(*, question: TemplateQuestion, by) -> ChecklistTemplate:
    _require_templates(by, question.template.district_id)
    template, mapping = _editable(question.template, by)
    TemplateQuestion.objects.filter(pk=mapping.get(question.pk, question.pk)).delete()
    return template


# --- assessments -------------------------------------------------------------------------


@transaction.atomic
def assessment_plan(
    *, building: Building, planned_for: datetime.date, template: ChecklistTemplate, by
) -> Assessment:
    """Plan an assessment of a school, held by its committee, with the template's questions
    as they are today (copied onto its answers)."""
    committee = Committee.objects.filter(building=building).order_by("pk").first()
    if committee is None:
        raise ValidationError({"building": _("This school has no safety committee yet.")})
    _require_record(by, committee)
    if template.district_id != building.district_id or not template.is_current:
        raise ValidationError({"template": _("Choose a current checklist of the district.")})
    questions = list(template.questions.all())
    if not questions:
        raise ValidationError({"template": _("That checklist has no questions yet.")})
    assessment = Assessment.objects.create(
        building=building,
        committee=committee,
        template=template,
        planned_for=planned_for,
        created_by=by,
    )
    Answer.objects.bulk_create(
        Answer(
            assessment=assessment,
            question=question,
            area=question.area,
            order=n,
            question_text=question.text,
        )
        for n, question in enumerate(questions)
    )
    return assessment


@transaction.atomic
def assessor_add(
    *,
    assessment: Assessment,
    by,
    role: str,
    user=None,
    name: str = "",
    organisation: str = "",
) -> Assessor:
    """A person of the portal (of the district), or a named guest and their organisation."""
    _require_record(by, assessment)
    if user is not None:
        if user.district_id != assessment.committee.district_id:
            raise ValidationError({"user": _("Choose a person of the district.")})
        name = name.strip() or user.display_name
    if not name.strip():
        raise ValidationError({"name": _("Name the assessor, or choose a person of the portal.")})
    assessor = Assessor(
        assessment=assessment,
        user=user,
        name=name.strip(),
        organisation=organisation.strip(),
        role=role,
    )
    assessor.full_clean()
    assessor.save()
    return assessor


def _open_for_answers(assessment: Assessment) -> Assessment:
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.status == Assessment.Status.COMPLETED:
        raise ValidationError(_("The assessment is completed: its answers are kept as they are."))
    if assessment.status == Assessment.Status.PLANNED:
        status_move(
            assessment,
            workflow=Assessment.WORKFLOW,
            to=Assessment.Status.IN_PROGRESS,
            history=lambda before, after: None,  # the audit trail keeps the change
        )
    return assessment


def _answer(answer: Answer, response: str, note: str, by) -> Answer:
    """One answer, its finding made or dropped with it. The caller locks the assessment."""
    if response and response not in Answer.Response.values:
        raise ValidationError({"response": _("Choose met, partly, not met or not applicable.")})
    changed = fields_set(answer, {"response": response, "note": note.strip()})
    if not changed:
        return answer
    answer.answered_by, answer.answered_at = by, _now()
    answer.save(update_fields=[*changed, "answered_by", "answered_at"])
    finding = Finding.objects.filter(answer=answer).first()
    if response in Answer.FINDS and finding is None:
        Finding.objects.create(
            assessment_id=answer.assessment_id,
            answer=answer,
            description=answer.note,
            public_category=AREA_CATEGORY[answer.area],
            severity=Finding.Severity.HIGH
            if response == Answer.Response.NOT_MET
            else Finding.Severity.MODERATE,
        )
    elif response not in Answer.FINDS and finding is not None:
        if finding.links.exists():
            raise ValidationError(
                {
                    "response": _(
                        "This answer's finding has action items: it stays a finding. "
                        "Close its items instead."
                    )
                }
            )
        finding.delete()
    return answer


@transaction.atomic
def answer_record(*, answer: Answer, response: str, note: str = "", by) -> Answer:
    """Answer one question; "not met" or "partly" makes it a finding at once."""
    _require_record(by, answer.assessment)
    _open_for_answers(answer.assessment)
    return _answer(Answer.objects.select_for_update().get(pk=answer.pk), response, note, by)


@transaction.atomic
def answers_record(*, assessment: Assessment, answers: dict[int, tuple[str, str]], by) -> int:
    """Answer several questions of one assessment at once (a page of the checklist):
    ``{answer id: (response, note)}``. All or nothing; how many changed."""
    _require_record(by, assessment)
    assessment = _open_for_answers(assessment)
    rows = Answer.objects.select_for_update().filter(assessment=assessment, pk__in=list(answers))
    changed = 0
    for answer in rows:
        response, note = answers[answer.pk]
        before = (answer.response, answer.note)
        _answer(answer, response, note, by)
        changed += before != (answer.response, answer.note)
    return changed


def _recipients(committee: Committee) -> set[int]:
    """The committee's cleared members and chairs, and the school's administrators."""
    today = access.district_today(committee.district)
    current = Membership.objects.current(today).filter(
        committee_id=committee.pk, user__is_active=True
    )
    ids = set(current.filter(restricted_clearance=True).values_list("user_id", flat=True))
    ids |= set(
        current.filter(position__in=[Position.CHAIR, Position.CO_CHAIR]).values_list(
            "user_id", flat=True
        )
    )
    if committee.building_id:
        ids |= set(committee.building.administrators.values_list("pk", flat=True))
    return ids


@transaction.atomic
def assessment_complete(
    *, assessment: Assessment, by, completed_on: datetime.date | None = None
) -> Assessment:
    """The assessment is done: every question answered, its findings made.

    The cleared members and the chair hear that it is completed with findings (no
    detail); the school's public page tells when, and how many findings are addressed.
    The first completion fulfils the school's open assessment duty on the compliance
    calendar (a reopened assessment completed again fulfils nothing more).
    """
    _require_record(by, assessment)
    assessment = (
        Assessment.objects.select_for_update(of=("self",))
        .select_related("committee__district", "committee__building")
        .get(pk=assessment.pk)
    )
    unanswered = assessment.answers.filter(response="").count()
    if unanswered:
        raise ValidationError(
            ngettext(
                "%(n)d question is not answered yet: answer each one (not applicable where "
                "it does not apply) before completing.",
                "%(n)d questions are not answered yet: answer each one (not applicable where "
                "it does not apply) before completing.",
                unanswered,
            )
            % {"n": unanswered}
        )
    completed_on = completed_on or access.district_today(assessment.committee.district)
    first_time = assessment.completed_on is None
    status_move(
        assessment,
        workflow=Assessment.WORKFLOW,
        to=Assessment.Status.COMPLETED,
        also={"completed_on": completed_on},
        history=lambda before, after: None,  # the audit trail keeps the change
    )
    if assessment.findings.exists():
        notifications.notify(
            recipients=_recipients(assessment.committee),
            kind=Kind.ASSESSMENT_FINDINGS,
            subject=assessment,
            period=f"completed-{completed_on.isoformat()}",
            by=by,
        )
    if first_time:
        compliance.duty_fulfil(
            building=assessment.building,
            kind=DutyKind.ASSESSMENT,
            on=completed_on,
            by=by,
            note="Completed in the portal's security assessments.",
        )
    public_cache.bump_on_commit(assessment.committee.district_id)
    return assessment


# --- findings ----------------------------------------------------------------------------


@transaction.atomic
def finding_edit(*, finding: Finding, by, severity: str, description: str) -> Finding:
    _require_record(by, finding)
    finding = Finding.objects.select_for_update().get(pk=finding.pk)
    changed = fields_set(finding, {"severity": severity, "description": description.strip()})
    if changed:
        finding.full_clean()
        finding.save(update_fields=list(changed))
    return finding


@transaction.atomic
def finding_label_set(
    *, finding: Finding, public_category: str, public_label: str, by
) -> PublicTextChange | None:
    """The finding's public words, written on their own.

    The category (a fixed list) is set at once; the label is proposed, and public once
    someone else with publish rights approves it (four eyes: ``public_text_approve``).
    Refused if the redaction guard finds a forbidden term or a run of words shared with
    restricted text. ``by`` None (the demo) applies it at once.
    """
    _require_record(by, finding)
    finding = (
        Finding.objects.select_for_update(of=("self",))
        .select_related("assessment__committee__district")
        .get(pk=finding.pk)
    )
    try:
        change = public_text_propose(
            kind=PublicTextChange.Kind.FINDING,
            record=finding,
            texts={"public_label": public_label},
            by=by,
        )
    except ValidationError as error:
        raise ValidationError(
            {
                "public_label": _(
                    "The public label must be written on its own, in general words. %(why)s"
                )
                % {"why": " ".join(error.messages)}
            }
        ) from None
    changed = fields_set(finding, {"public_category": public_category})
    if changed:
        finding.full_clean()
        finding.save(update_fields=list(changed))
        public_cache.bump_on_commit(finding.assessment.committee.district_id)
    return change


@transaction.atomic
def finding_action_item(*, finding: Finding, title: str, by, **values) -> ActionItem:
    """An action item from the finding: restricted, on its committee, linked both ways."""
    _require_assign(by, finding)
    finding = Finding.objects.select_related("assessment__committee", "answer").get(pk=finding.pk)
    assessment = finding.assessment
    values.setdefault("category", AREA_WORK[finding.answer.area])
    item = followups.action_item_create(
        committee=assessment.committee,
        title=title,
        by=by,
        source=ActionItem.Source.ASSESSMENT,
        source_detail=f"Assessment of {assessment.planned_for:%B %-d, %Y}, finding {finding.pk}",
        visibility=Level.RESTRICTED,
        **values,
    )
    FindingItem.objects.create(finding=finding, item=item)
    public_cache.bump_on_commit(assessment.committee.district_id)
    return item


@transaction.atomic
def finding_item_link(*, finding: Finding, item: ActionItem, by) -> FindingItem:
    """Tie an action item the committee has already to the finding; it becomes restricted
    (a finding holds it) and says where it came from."""
    _require_assign(by, finding)
    finding = Finding.objects.select_related("assessment").get(pk=finding.pk)
    if item.committee_id != finding.assessment.committee_id:
        raise ValidationError({"item": _("Choose an action item of the same committee.")})
    if FindingItem.objects.filter(item=item).exists():
        raise ValidationError({"item": _("That action item comes from a finding already.")})
    followups.action_item_edit(
        item=item,
        by=by,
        visibility=Level.RESTRICTED,
        source=ActionItem.Source.ASSESSMENT,
        source_detail=f"Assessment of {finding.assessment.planned_for:%B %-d, %Y}, "
        f"finding {finding.pk}",
    )
    link = FindingItem.objects.create(finding=finding, item=item)
    public_cache.bump_on_commit(finding.assessment.committee.district_id)
    return link


@transaction.atomic
def finding_milestone_tie(*, finding: Finding, milestone: Milestone, by) -> FindingMilestone:
    _require_assign(by, finding)
    finding = Finding.objects.select_related("assessment").get(pk=finding.pk)
    if milestone.plan.committee_id != finding.assessment.committee_id:
        raise ValidationError({"milestone": _("Choose a milestone of the committee's plans.")})
    if FindingMilestone.objects.filter(finding=finding, milestone=milestone).exists():
        raise ValidationError({"milestone": _("That milestone is tied to the finding already.")})
    return FindingMilestone.objects.create(finding=finding, milestone=milestone)


@transaction.atomic
def finding_milestone_untie(*, finding: Finding, milestone: Milestone, by) -> None:
    _require_assign(by, finding)
    FindingMilestone.objects.filter(finding=finding, milestone=milestone).delete()


# --- copies ------------------------------------------------------------------------------


@transaction.atomic
def assessment_copy_record(*, assessment: Assessment, how: str, by) -> AssessmentCopy:
    """An export of the whole assessment (restricted content): on record, as a disclosure."""
    if by is not None and not access.can(by, Cap.VIEW_RESTRICTED, assessment):
        raise PermissionDenied(_("You may not see this assessment's findings."))
    copy = AssessmentCopy.objects.create(
        assessment=assessment,
        given_by=by,
        given_to=by.display_name if by is not None else "",
        how=how,
    )
    disclosure_record(record=assessment, by=by, via="copy", to_name=copy.given_to)
    return copy
