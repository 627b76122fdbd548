"""Security assessments: a school's list, an assessment's checklist and findings, a finding's
page, the district's checklists. Thin: parse, call a selector or a service, render."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from assessments import exports, selectors, services
from assessments.forms import (
    AreaAnswersForm,
    AssessorForm,
    FindingForm,
    FindingItemForm,
    MilestoneTieForm,
    PlanForm,
    PublicLabelForm,
    QuestionForm,
    TemplateStartForm,
)
from assessments.models import (
    Answer,
    Area,
    Assessment,
    AssessmentCopy,
    Assessor,
    ChecklistTemplate,
    Finding,
    FindingMilestone,
    TemplateQuestion,
)
from committees import access
from committees import selectors as core
from committees.access import Cap
from followups.models import ActionItem, Milestone
from safety_portal.view_helpers import (
    committee_or_404,
    download,
    form_page,
    post_action,
    say_proposed,
)


def _assessment(request, pk, via: str | None = None) -> Assessment:
    return core.get_visible_or_404(
        request.user,
        Assessment.objects.select_related("committee__district", "building", "template"),
        via,
        pk=pk,
    )


def _finding(request, pk, via: str | None = None) -> Finding:
    return core.get_visible_or_404(
        request.user,
        selectors.with_state(
            Finding.objects.select_related(
                "assessment__committee__district", "assessment__building", "answer"
            )
        ),
        via,
        pk=pk,
    )


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _to_assessment(assessment) -> tuple:
    return ("assessments:assessment", assessment.pk)


def _to_finding(finding) -> tuple:
    return ("assessments:finding", finding.pk)


@login_required
def assessment_list(request, pk):
    committee = committee_or_404(request, pk)
    cleared = access.can(request.user, Cap.VIEW_RESTRICTED, committee)
    return render(
        request,
        "assessments/list.html",
        {
            "committee": committee,
            "assessments": selectors.school_assessments(request.user, committee, counts=cleared),
            "cleared": cleared,
            "can_plan": committee.building_id is not None
            and services.may_record(request.user, committee),
        },
    )


@login_required
def assessment_plan(request, pk):
    committee = committee_or_404(request, pk)
    _require(committee.building_id is not None and services.may_record(request.user, committee))
    return form_page(
        request,
        PlanForm(request.POST or None, district=committee.district),
        save=lambda data: services.assessment_plan(
            building=committee.building, by=request.user, **data
        ),
        said=_("Assessment planned. Its checklist's answers and findings are restricted."),
        done=_to_assessment,
        template="assessments/form.html",
        context={"committee": committee, "heading": _("Plan an assessment")},
    )


@login_required
def assessment_detail(request, pk):
    assessment = _assessment(request, pk)
    user = request.user
    cleared = access.can(user, Cap.VIEW_RESTRICTED, assessment)
    answers, findings, copies = [], [], []
    if cleared:
        answers = list(access.visible(user, Answer.objects.filter(assessment=assessment)))
        findings = list(
            access.visible(
                user, selectors.with_state(Finding.objects.filter(assessment=assessment))
            ).select_related("answer")
        )
        copies = access.visible(
            user, AssessmentCopy.objects.filter(assessment=assessment)
        ).select_related("given_by")
        access.record_reads(user, [*answers, *findings], via="page")
    areas = []
    for answer in answers:
        if not areas or areas[-1][0] != answer.area:
            areas.append((answer.area, Area(answer.area).label, []))
        areas[-1][2].append(answer)
    may_record = services.may_record(user, assessment)
    return render(
        request,
        "assessments/detail.html",
        {
            "assessment": assessment,
            "committee": assessment.committee,
            "assessors": access.visible(
                user, Assessor.objects.filter(assessment=assessment)
            ).select_related("user"),
            "cleared": cleared,
            "areas": areas,
            "unanswered": sum(1 for a in answers if not a.response),
            "findings": findings,
            "copies": copies,
            "can_record": may_record,
            "can_answer": may_record and assessment.status != Assessment.Status.COMPLETED,
            "history": core.record_history(user, assessment),
            "history_key": core.record_key(assessment),
        },
    )


@login_required
def assessor_add(request, pk):
    assessment = _assessment(request, pk)
    _require(services.may_record(request.user, assessment))
    return form_page(
        request,
        AssessorForm(request.POST or None, committee=assessment.committee),
        save=lambda data: services.assessor_add(assessment=assessment, by=request.user, **data),
        said=_("Assessor added."),
        done=lambda _assessor: _to_assessment(assessment),
        template="assessments/form.html",
        context={
            "committee": assessment.committee,
            "assessment": assessment,
            "heading": _("Add an assessor"),
        },
    )


@login_required
def answer_area(request, pk, area):
    """One area of the checklist: a response and a note for each of its questions."""
    if area not in Area.values:
        raise Http404("No such area.")
    assessment = _assessment(request, pk)
    _require(services.may_record(request.user, assessment))
    if assessment.status == Assessment.Status.COMPLETED:
        raise PermissionDenied
    answers = list(
        access.visible(request.user, Answer.objects.filter(assessment=assessment, area=area))
    )
    access.record_reads(request.user, answers, via="page")
    form = AreaAnswersForm(request.POST or None, answers=answers)
    areas = list(Area)
    following = areas[areas.index(area) + 1] if area != areas[-1] else None
    return form_page(
        request,
        form,
        save=lambda _data: services.answers_record(
            assessment=assessment, answers=form.by_answer(), by=request.user
        ),
        said=_("Answers saved; each “not met” or “partly” is a finding."),
        done=lambda _n: (
            ("assessments:answer", assessment.pk, following)
            if following
            else _to_assessment(assessment)
        ),
        template="assessments/answers.html",
        context={
            "committee": assessment.committee,
            "assessment": assessment,
            "area_label": Area(area).label,
            "heading": Area(area).label,
        },
    )


@login_required
@require_POST
def assessment_complete(request, pk):
    assessment = _assessment(request, pk)
    _require(services.may_record(request.user, assessment))
    return post_action(
        request,
        lambda: services.assessment_complete(assessment=assessment, by=request.user),
        said=_("Assessment completed. The cleared members hear of its findings."),
        back=redirect(*_to_assessment(assessment)),
    )


@login_required
@require_http_methods(["GET", "POST"])
def assessment_export(request, pk, fmt):
    """A PDF or text copy for the cleared reader, recorded as given to them (a POST: the
    record is a write; a GET answers with the button that asks for it)."""
    if fmt not in ("pdf", "txt"):
        raise Http404("No such format.")
    assessment = _assessment(request, pk)
    _require(access.can(request.user, Cap.VIEW_RESTRICTED, assessment))
    if request.method == "GET":
        return render(
            request,
            "assessments/export.html",
            {"committee": assessment.committee, "assessment": assessment, "fmt": fmt},
        )
    via = "pdf" if fmt == "pdf" else "text"
    user = request.user
    answers = list(access.visible(user, Answer.objects.filter(assessment=assessment)))
    findings = list(
        access.visible(
            user, selectors.with_state(Finding.objects.filter(assessment=assessment))
        ).select_related("answer")
    )
    access.record_reads(user, [*answers, *findings], via=via)
    how = AssessmentCopy.How.EXPORT_PDF if fmt == "pdf" else AssessmentCopy.How.EXPORT_TEXT
    services.assessment_copy_record(assessment=assessment, how=how, by=user)
    assessors = access.visible(user, Assessor.objects.filter(assessment=assessment))
    return download(
        exports.assessment_document(user, assessment, assessors, answers, findings), fmt
    )


# --- findings ----------------------------------------------------------------------------


@login_required
def finding_detail(request, pk):
    finding = _finding(request, pk, via="page")
    user = request.user
    items = access.visible(
        user, ActionItem.objects.filter(assessment_finding__finding=finding)
    ).select_related("assignee")
    milestones = FindingMilestone.objects.filter(finding=finding).select_related("milestone__plan")
    seen = access.visible(user, Milestone.objects.filter(pk__in=milestones.values("milestone")))
    return render(
        request,
        "assessments/finding.html",
        {
            "finding": finding,
            "assessment": finding.assessment,
            "committee": finding.assessment.committee,
            "items": items,
            "milestones": seen.select_related("plan"),
            "can_record": services.may_record(user, finding),
            "can_assign": services.may_assign(user, finding),
            "can_publish": access.can(user, Cap.PUBLISH_PUBLIC_UPDATE, finding),
            "pending": core.public_text_pending(user, finding=[finding.pk]),
            "history": core.record_history(user, finding),
            "history_key": core.record_key(finding),
        },
    )


def _finding_form(request, finding, form, save, said, heading):
    return form_page(
        request,
        form,
        save=save,
        said=said,
        done=lambda _saved: _to_finding(finding),
        template="assessments/form.html",
        context={
            "committee": finding.assessment.committee,
            "assessment": finding.assessment,
            "finding": finding,
            "heading": heading,
        },
    )


@login_required
def finding_edit(request, pk):
    finding = _finding(request, pk)
    _require(services.may_record(request.user, finding))
    initial = {"severity": finding.severity, "description": finding.description}
    return _finding_form(
        request,
        finding,
        FindingForm(request.POST or None, initial=initial),
        lambda data: services.finding_edit(finding=finding, by=request.user, **data),
        _("Finding saved."),
        _("Finding"),
    )


@login_required
def finding_label(request, pk):
    finding = _finding(request, pk)
    _require(services.may_record(request.user, finding))
    initial = {"public_category": finding.public_category, "public_label": finding.public_label}
    return _finding_form(
        request,
        finding,
        PublicLabelForm(request.POST or None, initial=initial),
        lambda data: services.finding_label_set(finding=finding, by=request.user, **data),
        lambda change: say_proposed(request, change),
        _("Public label of the finding"),
    )


@login_required
def finding_item(request, pk):
    finding = _finding(request, pk)
    _require(services.may_assign(request.user, finding))
    return form_page(
        request,
        FindingItemForm(request.POST or None, committee=finding.assessment.committee),
        save=lambda data: services.finding_action_item(finding=finding, by=request.user, **data),
        said=_("Action item made from the finding, restricted as the finding is."),
        done=lambda item: ("followups:action_item", item.pk),
        template="assessments/form.html",
        context={
            "committee": finding.assessment.committee,
            "assessment": finding.assessment,
            "finding": finding,
            "heading": _("An action item from the finding"),
        },
    )


@login_required
def finding_milestone(request, pk):
    finding = _finding(request, pk)
    _require(services.may_assign(request.user, finding))
    milestones = access.visible(
        request.user, Milestone.objects.filter(plan__committee=finding.assessment.committee)
    ).select_related("plan")
    return _finding_form(
        request,
        finding,
        MilestoneTieForm(request.POST or None, milestones=milestones),
        lambda data: services.finding_milestone_tie(finding=finding, by=request.user, **data),
        _("Milestone tied to the finding."),
        _("Tie a milestone of the improvement plan"),
    )


# --- the district's checklists -----------------------------------------------------------


def _require_templates(request) -> None:
    _require(services.may_keep_templates(request.user, request.user.district_id))


def _template(request, pk) -> ChecklistTemplate:
    _require_templates(request)
    return get_object_or_404(ChecklistTemplate, pk=pk, district_id=request.user.district_id)


@login_required
def template_list(request):
    _require_templates(request)
    return render(
        request,
        "assessments/templates.html",
        {
            "templates": ChecklistTemplate.objects.filter(district_id=request.user.district_id),
            "form": TemplateStartForm(),
        },
    )


@login_required
@require_POST
def template_start(request):
    _require_templates(request)
    form = TemplateStartForm(request.POST)
    return post_action(
        request,
        lambda: services.template_start(
            district=request.user.district, by=request.user, **form.cleaned_data
        ),
        said=_("The built-in checklist is now the district's, to adjust."),
        back=redirect("assessments:templates"),
        form=form,
        invalid=_("Give the checklist a name."),
    )


@login_required
def template_detail(request, pk):
    template = _template(request, pk)
    return render(
        request,
        "assessments/template.html",
        {
            "template": template,
            "questions": template.questions.all(),
            "form": QuestionForm(),
            "in_use": Assessment.objects.filter(template=template).exists(),
        },
    )


@login_required
def question_add(request, pk):
    template = _template(request, pk)
    return form_page(
        request,
        QuestionForm(request.POST or None),
        save=lambda data: services.template_question_add(
            template=template, by=request.user, **data
        ),
        said=_("Question added."),
        done=lambda question: ("assessments:template", question.template_id),
        template="assessments/template_form.html",
        context={"template": template, "heading": _("Add a question")},
    )


def _question(request, pk) -> TemplateQuestion:
    _require_templates(request)
    return get_object_or_404(
        TemplateQuestion.objects.select_related("template"),
        pk=pk,
        template__district_id=request.user.district_id,
    )


@login_required
def question_edit(request, pk):
    question = _question(request, pk)
    return form_page(
        request,
        QuestionForm(request.POST or None, initial={"area": question.area, "text": question.text}),
        save=lambda data: services.template_question_edit(
            question=question, by=request.user, **data
        ),
        said=_("Question saved. Assessments made with the checklist keep their questions."),
        done=lambda saved: ("assessments:template", saved.template_id),
        template="assessments/template_form.html",
        context={"template": question.template, "heading": _("Edit a question")},
    )


@login_required
@require_POST
def question_remove(request, pk):
    question = _question(request, pk)
    return post_action(
        request,
        lambda: services.template_question_remove(question=question, by=request.user),
        said=_("Question removed. Assessments made with the checklist keep their questions."),
        back=redirect("assessments:templates"),
    )
