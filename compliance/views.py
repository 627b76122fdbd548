"""The compliance calendar's pages: a school's duties, a duty, the district's overview,
its profile and rules, the filing summaries. Thin: parse, call, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from committees import access
from committees.access import Cap
from committees.models import Committee, Level
from committees.selectors import near_people, share_candidates
from compliance import exports, registry, selectors, services
from compliance.forms import (
    AssignForm,
    CompleteForm,
    ProfileForm,
    RescheduleForm,
    ReviewerForm,
    RuleAddForm,
    RuleForm,
)
from compliance.models import DutyReceipt, DutyReviewer, DutyRule
from safety_portal.view_helpers import (
    committee_or_404,
    download,
    form_errors,
    post_action,
    private_file,
    read_in_chunks,
    require,
)


def _today(request):
    return access.scope_for(request.user).today


def _school(request, pk) -> Committee:
    """The committee; a district-wide one keeps no duties (they are each school's)."""
    return committee_or_404(request, pk)


@login_required
def calendar(request, pk):
    """A school's duties by due date, overdue on top; the features' own entries beside."""
    committee = _school(request, pk)
    today = _today(request)
    open_, record, record_lines = selectors.school_calendar(
        request.user, committee, today, request.GET.get("page")
    )
    # The names of restricted receipts shown to the cleared: reads kept in the trail.
    receipts = [r for line in record_lines for r in line.duty.receipts.all()]
    access.record_reads(request.user, receipts, via="page")
    return render(
        request,
        "compliance/calendar.html",
        {
            "committee": committee,
            "today": today,
            "open": open_,
            "page": record,
            "record": record_lines,
            "entries": registry.entries_for(request.user, [committee.pk]),
        },
    )


def _people(duty):
    """Whom a duty may be given to or reviewed with: the district's people, each with
    their seats and school (the picker says which Maria)."""
    return share_candidates(duty.committee.district, Level.COMMITTEE)


def _duty(request, pk):
    return selectors.duty_detail(request.user, pk)


def _duty_page(request, duty, **forms):
    user = request.user
    people = _people(duty)
    # The menus offer the school's people; anyone else of the district by e-mail.
    near = near_people(people, duty.committee, also=[duty.owner_id])
    link = registry.duty_link(duty.kind)
    feature_link = None
    if link is not None:
        try:
            feature_link = (link.label, reverse(link.url_name, args=[duty.committee.pk]))
        except NoReverseMatch:
            feature_link = None
    can_assign = access.can(user, Cap.ASSIGN_ACTION_ITEMS, duty)
    status = selectors.status_of(duty, _today(request))
    access.record_reads(user, list(duty.receipts.all()), via="page")
    return render(
        request,
        "compliance/duty.html",
        {
            "duty": duty,
            "committee": duty.committee,
            "status": status,
            "status_label": selectors.STATUS_LABELS[status],
            "can_complete": duty.status == "open" and services.may_complete(user, duty),
            "can_assign": can_assign,
            "may_restrict": access.can(user, Cap.VIEW_RESTRICTED, duty),
            "complete_form": forms.get("complete_form") or CompleteForm(),
            "assign_form": AssignForm(people=people, near=near, initial={"owner": duty.owner_id}),
            "reschedule_form": RescheduleForm(initial={"due_on": duty.due_on}),
            "reviewer_form": forms.get("reviewer_form") or ReviewerForm(people=people, near=near),
            "feature_link": feature_link,
            "missing_roles": [
                role
                for role in duty.rule.review_with
                if role not in {r.role for r in duty.reviewers.all()}
            ],
        },
        status=400 if forms else 200,
    )


@login_required
def duty(request, pk):
    return _duty_page(request, _duty(request, pk))


@login_required
@require_POST
def duty_complete(request, pk):
    duty = _duty(request, pk)
    if not services.may_complete(request.user, duty):
        raise PermissionDenied
    form = CompleteForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.duty_complete(duty=duty, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("Done. The next one is on the calendar."))
            return redirect("compliance:calendar", pk=duty.committee_id)
    return _duty_page(request, duty, complete_form=form)


@login_required
@require_POST
def duty_assign(request, pk):
    duty = _duty(request, pk)
    require(request, Cap.ASSIGN_ACTION_ITEMS, duty)
    form = AssignForm(request.POST, people=_people(duty))
    return post_action(
        request,
        lambda: services.duty_assign(duty=duty, by=request.user, **form.cleaned_data),
        form=form,
        invalid=_("Choose a person of the district."),
        said=_("Owner saved."),
        back=redirect("compliance:duty", pk=duty.pk),
    )


@login_required
@require_POST
def duty_reschedule(request, pk):
    duty = _duty(request, pk)
    require(request, Cap.ASSIGN_ACTION_ITEMS, duty)
    form = RescheduleForm(request.POST)
    return post_action(
        request,
        lambda: services.duty_reschedule(duty=duty, by=request.user, **form.cleaned_data),
        form=form,
        invalid=_("Give the new due date as a date."),
        said=_("Due date moved."),
        back=redirect("compliance:duty", pk=duty.pk),
    )


@login_required
@require_POST
def duty_reviewer_add(request, pk):
    duty = _duty(request, pk)
    require(request, Cap.ASSIGN_ACTION_ITEMS, duty)
    form = ReviewerForm(request.POST, people=_people(duty))
    return post_action(
        request,
        lambda: services.duty_reviewer_add(duty=duty, by=request.user, **form.cleaned_data),
        form=form,
        invalid=_("Choose a role, and a person or a guest's name."),
        said=_("Co-reviewer added."),
        back=redirect("compliance:duty", pk=duty.pk),
    )


@login_required
@require_POST
def duty_reviewer_remove(request, pk):
    reviewer = get_object_or_404(DutyReviewer.objects.select_related("duty"), pk=pk)
    duty = _duty(request, reviewer.duty_id)
    require(request, Cap.ASSIGN_ACTION_ITEMS, duty)
    return post_action(
        request,
        lambda: services.duty_reviewer_remove(reviewer=reviewer, by=request.user),
        said=_("Co-reviewer removed."),
        back=redirect("compliance:duty", pk=duty.pk),
    )


@login_required
def receipt(request, pk):
    """Receipts are served only here, after the gate has shown the receipt to the reader."""
    found = access.get_visible_or_404(
        request.user,
        DutyReceipt.objects.select_related("duty__committee"),
        via="page",  # the trail has no word of its own for a file; its page is its read
        pk=pk,
    )
    return private_file(found)


def _require_district_admin(request) -> None:
    if not request.user.is_district_admin:
        raise PermissionDenied


@login_required
def overview(request):
    """Every school of the district, the worst first; the overdue duties on top."""
    _require_district_admin(request)
    today = _today(request)
    page, rows, overdue = selectors.district_overview(request.user, today, request.GET.get("page"))
    return render(
        request,
        "compliance/overview.html",
        {"page": page, "rows": rows, "overdue": overdue, "today": today},
    )


@login_required
def settings_page(request):
    """The district's state profile and its rules, each adjustable."""
    _require_district_admin(request)
    district = request.user.district
    rules = list(DutyRule.objects.filter(district=district))
    return render(
        request,
        "compliance/settings.html",
        {
            "district": district,
            "profile_form": ProfileForm(initial={"profile": services.profile_of(district)}),
            "rules": [
                (rule, RuleForm(prefix=f"rule{rule.pk}", initial=_rule_initial(rule)))
                for rule in rules
            ],
            "add_form": RuleAddForm(),
        },
    )


def _rule_initial(rule: DutyRule) -> dict:
    return {
        "every_months": rule.every_months,
        "due_month": rule.due_month,
        "due_day": rule.due_day,
        "enabled": rule.enabled,
    }


@login_required
@require_POST
def profile(request):
    _require_district_admin(request)
    form = ProfileForm(request.POST)
    return post_action(
        request,
        lambda: services.profile_set(
            district=request.user.district, by=request.user, **form.cleaned_data
        ),
        form=form,
        invalid=_("Choose Connecticut or Massachusetts."),
        said=_("The district follows this profile; each school has its duties."),
        back=redirect("compliance:settings"),
    )


@login_required
@require_POST
def rule(request, pk):
    _require_district_admin(request)
    found = get_object_or_404(DutyRule, pk=pk, district_id=request.user.district_id)
    form = RuleForm(request.POST, prefix=f"rule{found.pk}")
    return post_action(
        request,
        lambda: services.duty_rule_update(rule=found, by=request.user, **form.cleaned_data),
        form=form,
        invalid=_("Give the cadence in months (1 to 120), and a due month and day."),
        said=_("Saved. Open duties keep their dates; the next ones follow this rule."),
        back=redirect("compliance:settings"),
    )


@login_required
@require_POST
def rule_add(request):
    _require_district_admin(request)
    form = RuleAddForm(request.POST)
    return post_action(
        request,
        lambda: services.duty_rule_add(
            district=request.user.district, by=request.user, **form.cleaned_data
        ),
        form=form,
        invalid=_("Give the duty a title, a cadence in months, and a due month and day."),
        said=_("Duty added for every school of the district."),
        back=redirect("compliance:settings"),
    )


def _summary(request, committee_ids, title, name, district, fmt):
    if fmt not in ("pdf", "csv"):
        raise Http404("No such format.")
    rows = selectors.filing_rows(request.user, committee_ids)
    if fmt == "csv":
        response = StreamingHttpResponse(
            exports.csv_blocks(read_in_chunks(request.user, rows, via="csv")),
            content_type="text/csv; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response
    return download(exports.summary_document(request.user, title, name, district, rows), "pdf")


@login_required
def school_summary(request, pk, fmt):
    committee = _school(request, pk)
    school = committee.building.name if committee.building_id else committee.name
    title = _("Filing summary: %(school)s") % {"school": school}
    name = f"{slugify(school)}-filing-summary-{_today(request).isoformat()}"
    return _summary(request, [committee.pk], title, name, committee.district, fmt)


@login_required
def district_summary(request, fmt):
    _require_district_admin(request)
    district = request.user.district
    ids = list(
        Committee.objects.filter(district=district, building__isnull=False).values_list(
            "pk", flat=True
        )
    )
    title = _("Filing summary: %(district)s") % {"district": district.name}
    name = f"{district.slug}-filing-summary-{_today(request).isoformat()}"
    return _summary(request, ids, title, name, district, fmt)
