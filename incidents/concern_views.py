"""Community concerns, for the committee: the queue and one concern, triaged."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Value, When
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from committees import access, selectors
from committees.access import Cap
from committees.models import Committee
from committees.views import _committee
from incidents import concerns
from incidents.forms import FollowUpForm, TriageForm
from incidents.models import Concern
from incidents.views import _triager, triage_action

PER_PAGE = 50
OPEN = [Concern.Status.RECEIVED, Concern.Status.UNDER_REVIEW]


class ConcernStatusForm(forms.Form):
    status = forms.ChoiceField(choices=Concern.Status.choices)
    note = forms.CharField(max_length=500, label="Why")


def _concern(request, pk) -> Concern:
    return selectors.get_visible_or_404(
        request.user,
        Concern.objects.select_related("building", "committee__district"),
        pk=pk,
    )


@login_required
def queue(request, pk):
    """The committee's concerns: received first, then under review; or the addressed ones."""
    committee = _committee(request, pk)
    visible = access.visible(request.user, Concern.objects.filter(committee=committee))
    addressed = request.GET.get("status") == Concern.Status.ADDRESSED
    if addressed:
        shown = visible.filter(status=Concern.Status.ADDRESSED)
    else:
        shown = visible.filter(status__in=OPEN).order_by(
            Case(
                When(status=Concern.Status.RECEIVED, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            ),
            "-created_at",
            "-id",
        )
    page = Paginator(shown.select_related("building"), PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "incidents/concern_queue.html",
        {
            "committee": committee,
            "page": page,
            "addressed": addressed,
            "addressed_count": visible.filter(status=Concern.Status.ADDRESSED).count(),
        },
    )


@login_required
def detail(request, pk):
    concern = _concern(request, pk)
    user = request.user
    events = list(concern.events.select_related("actor"))
    for event in events:
        event.status_label = Concern.Status(event.to_status).label
    committees = Committee.objects.filter(
        pk__in=access.committees_where(user, Cap.ASSIGN_ACTION_ITEMS)
    ).exclude(pk=concern.committee_id)
    return render(
        request,
        "incidents/concern_detail.html",
        {
            "concern": concern,
            # Everyone who sees a concern is of its committee (or administers it).
            "events": events,
            "triager": _triager(user, concern),
            "triage_form": TriageForm(committees=committees),
            "can_hand_on": committees.exists(),
            "follow_up_form": FollowUpForm(),
            "next_statuses": [
                (s.value, s.label)
                for s in Concern.Status
                if s in Concern.TRANSITIONS[concern.status]
            ],
        },
    )


def _act(request, pk, form_class, act, **form_kwargs):
    concern = _concern(request, pk)
    return triage_action(request, concern, form_class, act, "incidents:concern", **form_kwargs)


@login_required
@require_POST
def set_status(request, pk):
    def act(concern, data):
        concerns.concern_set_status(concern=concern, by=request.user, **data)
        messages.success(request, "Status changed; the sender sees the new status.")
        return redirect("incidents:concern", pk=concern.pk)

    return _act(request, pk, ConcernStatusForm, act)


@login_required
@require_POST
def triage(request, pk):
    def act(concern, data):
        concerns.concern_triage(concern=concern, by=request.user, **data)
        messages.success(request, f"Handed to {data['committee']}.")
        return redirect("incidents:concern", pk=concern.pk)

    committees = Committee.objects.filter(
        pk__in=access.committees_where(request.user, Cap.ASSIGN_ACTION_ITEMS)
    )
    return _act(request, pk, TriageForm, act, committees=committees)


@login_required
@require_POST
def follow_up(request, pk):
    def act(concern, data):
        item = concerns.concern_action_item(concern=concern, by=request.user, **data)
        messages.success(request, "Follow-up created; assign it from its page.")
        return redirect("committees:action_item", pk=item.pk)

    return _act(request, pk, FollowUpForm, act)
