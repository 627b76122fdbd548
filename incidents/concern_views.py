"""Community concerns, for the committee: the queue and one concern, triaged."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.db.models import Case, IntegerField, Value, When
from django.shortcuts import render
from django.utils.translation import gettext_lazy

from committees import access, selectors
from incidents import concerns
from incidents.forms import FollowUpForm, StatusForm, TriageForm
from incidents.models import Concern
from incidents.selectors import follow_up_items, sees_sender
from incidents.views import _triage_committees, _triager, triage_views
from safety_portal.paging import COUNT_UP_TO, count_up_to, page_of
from safety_portal.view_helpers import committee_or_404

PER_PAGE = 50
OPEN = [Concern.Status.RECEIVED, Concern.Status.UNDER_REVIEW]


class ConcernStatusForm(StatusForm):
    status = forms.ChoiceField(choices=Concern.Status.choices, label=gettext_lazy("Status"))


def _concern(request, pk) -> Concern:
    return selectors.get_visible_or_404(
        request.user,
        Concern.objects.select_related("building", "committee__district"),
        pk=pk,
    )


@login_required
def queue(request, pk):
    """The committee's concerns: received first, then under review; or the addressed ones."""
    committee = committee_or_404(request, pk)
    visible = access.visible(request.user, Concern.objects.all(), committees=[committee.pk])
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
    page = page_of(shown.select_related("building"), PER_PAGE, request.GET.get("page"))
    return render(
        request,
        "incidents/concern_queue.html",
        {
            "committee": committee,
            "page": page,
            "addressed": addressed,
            "addressed_count": count_up_to(visible.filter(status=Concern.Status.ADDRESSED)),
            "count_up_to": COUNT_UP_TO,
        },
    )


@login_required
def detail(request, pk):
    concern = _concern(request, pk)
    user = request.user
    events = list(concern.events.select_related("actor"))
    for event in events:
        event.status_label = Concern.Status(event.to_status).label
    committees = _triage_committees(user).exclude(pk=concern.committee_id)
    return render(
        request,
        "incidents/concern_detail.html",
        {
            "concern": concern,
            "sees_sender": sees_sender(user, concern),
            # Everyone who sees a concern is of its committee (or administers it).
            "events": events,
            "triager": _triager(user, concern),
            "triage_form": TriageForm(committees=committees),
            "can_hand_on": committees.exists(),
            "follow_up_form": FollowUpForm(),
            "follow_ups": follow_up_items(user, concern=concern),
            "next_statuses": Concern.WORKFLOW.choices(concern.status),
        },
    )


set_status, triage, follow_up = triage_views(
    load=_concern,
    detail="incidents:concern",
    status_form=ConcernStatusForm,
    set_status=lambda concern, **kw: concerns.concern_set_status(concern=concern, **kw),
    hand_on=lambda concern, **kw: concerns.concern_triage(concern=concern, **kw),
    follow_up=lambda concern, **kw: concerns.concern_action_item(concern=concern, **kw),
    moved=gettext_lazy("Status changed; the sender sees the new status."),
)
