"""Improvement plans and their timelines."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, Count, F, Q, Value, When, Window
from django.db.models.functions import RowNumber
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from committees import access, selectors
from committees.access import Cap
from followups import progress, services, timeline
from followups.forms import OFFERED_OPEN_ITEMS, MilestoneEditForm, MilestoneForm, PlanForm
from followups.list_views import NAME_FIELDS
from followups.models import OPEN_STATUSES, ActionItem, ImprovementPlan, Milestone
from safety_portal.school_calendar import school_year_of
from safety_portal.view_helpers import committee_or_404, form_errors, form_page, require


@login_required
def plan_list(request, pk):
    committee = committee_or_404(request, pk)
    plans = list(access.visible(request.user, ImprovementPlan.objects.filter(committee=committee)))
    percent = progress.plan_progress(p.pk for p in plans)
    for plan in plans:
        plan.progress = percent[plan.pk]
    return render(
        request,
        "followups/plan_list.html",
        {
            "committee": committee,
            "plans": plans,
            "can_plan": access.can(request.user, Cap.ASSIGN_ACTION_ITEMS, committee),
        },
    )


@login_required
def plan_new(request, pk):
    committee = committee_or_404(request, pk)
    require(request, Cap.ASSIGN_ACTION_ITEMS, committee)
    this_year = school_year_of(access.scope_for(request.user).today)
    return form_page(
        request,
        PlanForm(request.POST or None, this_year=this_year),
        save=lambda data: services.plan_create(committee=committee, by=request.user, **data),
        said=_("Plan created: add its milestones."),
        done=lambda plan: ("followups:plan", plan.pk),
        template="followups/plan_form.html",
        context={"committee": committee},
    )


def _plan(request, pk) -> ImprovementPlan:
    return selectors.get_visible_or_404(
        request.user, ImprovementPlan.objects.select_related("committee"), pk=pk
    )


# A milestone shows at most this many of its dated items, on the timeline and in its
# table: the open ones first, soonest due. The rest are a link away, in the committee's
# list of items filtered by the milestone.
SHOWN_PER_MILESTONE = 20
# What the timeline and the tables show of an item, and its assignee's name.
MARKER_FIELDS = [
    "title",
    "visibility",
    "status",
    "due_date",
    "milestone_id",
    "assignee",
    *(f"assignee__{name}" for name in NAME_FIELDS),
]


def _shown_items(user, plan) -> tuple[list[ActionItem], dict[int, int]]:
    """The dated items the plan page shows of each milestone, and how many dated items
    the reader may see on each. One read through the gate: each item is numbered and
    counted within its milestone, and only the first few numbers are read back. A
    committee's plan had a thousand items on five milestones; every one was drawn
    and listed (560 KB and 300 ms a page)."""
    closed_last = Case(When(status__in=ActionItem.CLOSED, then=Value(1)), default=Value(0))
    per_milestone = {"partition_by": [F("milestone_id")]}
    items = list(
        access.visible(
            user, ActionItem.objects.filter(milestone__plan=plan, due_date__isnull=False)
        )
        .select_related("assignee")
        .only(*MARKER_FIELDS)
        .annotate(
            place=Window(
                RowNumber(), order_by=[closed_last, F("due_date"), F("id")], **per_milestone
            ),
            dated=Window(Count("id"), **per_milestone),
        )
        .filter(place__lte=SHOWN_PER_MILESTONE)
        .order_by("due_date", "id")
    )
    return items, {item.milestone_id: item.dated for item in items}


@login_required
def plan_detail(request, pk):
    plan = _plan(request, pk)
    user = request.user
    today = access.scope_for(user).today
    milestones = list(access.visible(user, Milestone.objects.filter(plan=plan)))
    items, dated = _shown_items(user, plan)
    percent = progress.milestone_progress(m.pk for m in milestones)
    chart = timeline.build(
        school_year=plan.school_year,
        milestones=milestones,
        items=items,
        progress=percent,
        today=today,
        dated=dated,
    )
    return render(
        request,
        "followups/plan_detail.html",
        {
            "plan": plan,
            "committee": plan.committee,
            "chart": chart,
            "plan_progress": progress.plan_progress([plan.pk])[plan.pk],
            "today": today,
            "can_plan": access.can(user, Cap.ASSIGN_ACTION_ITEMS, plan),
            "can_publish": access.can(user, Cap.PUBLISH_PUBLIC_UPDATE, plan),
            "pending": selectors.public_text_pending(user, milestone=[m.pk for m in milestones]),
        },
    )


@login_required
def milestone_new(request, pk):
    plan = _plan(request, pk)
    require(request, Cap.ASSIGN_ACTION_ITEMS, plan)
    return form_page(
        request,
        MilestoneForm(request.POST or None),
        save=lambda data: services.milestone_create(plan=plan, by=request.user, **data),
        said=_(
            "Milestone added. Its public title goes public once someone else with "
            "publish rights approves it."
        ),
        done=lambda _milestone: ("followups:plan", plan.pk),
        template="followups/milestone_form.html",
        context={"plan": plan},
    )


@login_required
def milestone_edit(request, pk):
    milestone = selectors.get_visible_or_404(
        request.user, Milestone.objects.select_related("plan__committee"), pk=pk
    )
    plan = milestone.plan
    require(request, Cap.ASSIGN_ACTION_ITEMS, plan)
    # The items it holds, and the committee's open work on no milestone, the soonest due
    # first: not every item of its history (a committee of eight years listed twenty
    # thousand, 3 MB a page), nor all its open work (2,600 boxes, 0.6 s). Any other item
    # is tied from its own page.
    unplanned = (
        ActionItem.objects.filter(
            committee=plan.committee, milestone__isnull=True, status__in=OPEN_STATUSES
        )
        .order_by(F("due_date").asc(nulls_last=True), "id")
        .values("pk")[:OFFERED_OPEN_ITEMS]
    )
    candidates = access.visible(
        request.user,
        ActionItem.objects.filter(Q(milestone=milestone) | Q(pk__in=unplanned)),
    ).order_by("title", "pk")
    fields = ("title", "public_title", "category", "target_date", "visibility")
    initial = {name: getattr(milestone, name) for name in fields}
    initial["items"] = candidates.filter(milestone=milestone)
    form = MilestoneEditForm(request.POST or None, initial=initial, items=candidates)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        chosen = set(data.pop("items"))
        try:
            with transaction.atomic():  # all of it, or nothing
                services.milestone_edit(milestone=milestone, by=request.user, **data)
                for item in candidates:
                    linked = item.milestone_id == milestone.pk
                    if (item in chosen) != linked:
                        services.action_item_edit(
                            item=item,
                            milestone=milestone if item in chosen else None,
                            by=request.user,
                        )
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "Milestone saved. A new public title goes public once someone else with "
                    "publish rights approves it."
                ),
            )
            return redirect("followups:plan", pk=plan.pk)
    return render(
        request,
        "followups/milestone_form.html",
        {"plan": plan, "form": form, "milestone": milestone},
    )
