"""Incidents: report, my reports, the committee's queue, one incident."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from committees import access, selectors
from committees import services as committees_services
from committees.access import Cap
from committees.forms import ShareForm
from committees.models import Committee
from committees.views import _committee, _form_errors
from incidents import services
from incidents.forms import FollowUpForm, ReportForm, StatusForm, TriageForm
from incidents.models import Incident

PER_PAGE = 50


def _incident(request, pk) -> Incident:
    return selectors.get_visible_or_404(
        request.user,
        Incident.objects.select_related("building", "committee__district", "reporter"),
        pk=pk,
    )


def _triager(user, obj) -> bool:
    return access.can(user, Cap.ASSIGN_ACTION_ITEMS, obj)


@login_required
def report(request):
    if request.user.district_id is None:
        raise PermissionDenied
    form = ReportForm(request.POST or None, district_id=request.user.district_id)
    if request.method == "POST" and form.is_valid():
        try:
            incident = services.incident_report(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(
                request,
                f"Reported (reference {incident.pk}). The school's safety committee takes it "
                "from here; you can follow its status under My reports.",
            )
            return redirect("incidents:mine")
    return render(request, "incidents/report.html", {"form": form})


@login_required
def mine(request):
    """The reporter's own reports and their status, as the gate lets them see them."""
    reports = access.visible(
        request.user, Incident.objects.filter(reporter=request.user)
    ).select_related("building")
    page = Paginator(reports, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "incidents/mine.html", {"page": page})


@login_required
def queue(request, pk):
    """The committee's incidents, open first: the triage queue."""
    committee = _committee(request, pk)
    incidents = access.visible(
        request.user, Incident.objects.filter(committee=committee)
    ).select_related("building", "reporter")
    open_first = incidents.exclude(status=Incident.Status.CLOSED)
    page = Paginator(open_first, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "incidents/queue.html",
        {
            "committee": committee,
            "page": page,
            "closed": incidents.filter(status=Incident.Status.CLOSED).count(),
        },
    )


@login_required
def detail(request, pk):
    incident = _incident(request, pk)
    user = request.user
    member = access.can(user, Cap.VIEW, incident.committee)
    triager = _triager(user, incident)
    committees = Committee.objects.filter(
        pk__in=access.committees_where(user, Cap.ASSIGN_ACTION_ITEMS)
    )
    can_share = access.can(user, Cap.MANAGE_MEMBERSHIP, incident)
    return render(
        request,
        "incidents/detail.html",
        {
            "can_share": can_share,
            "share_form": ShareForm(district=incident.committee.district) if can_share else None,
            "shared_with": committees_services.named_grants_of(incident) if can_share else (),
            "incident": incident,
            # The committee's deliberations (why each step) are for its members only.
            "events": incident.events.select_related("actor") if member else None,
            "triager": triager,
            "status_form": StatusForm(),
            "triage_form": TriageForm(committees=committees),
            "follow_up_form": FollowUpForm(),
            "next_statuses": [
                (s, Incident.Status(s).label) for s in Incident.TRANSITIONS[incident.status]
            ],
            "now": timezone.now(),
        },
    )


def triage_action(request, record, form_class, act, detail: str, **form_kwargs):
    """A triager's step on an incident or a concern: ``act(record, data)`` returns the
    response; a refusal or a missing reason is shown on the record's page, nothing saved."""
    if not _triager(request.user, record):
        raise PermissionDenied
    form = form_class(request.POST, **form_kwargs)
    if form.is_valid():
        try:
            result = act(record, form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            return result
    else:
        messages.error(request, "Say why: every step stays on the record.")
    return redirect(detail, pk=record.pk)


def _act(request, pk, form_class, act, **form_kwargs):
    incident = _incident(request, pk)
    return triage_action(request, incident, form_class, act, "incidents:detail", **form_kwargs)


@login_required
@require_POST
def set_status(request, pk):
    def act(incident, data):
        services.incident_set_status(incident=incident, by=request.user, **data)
        messages.success(request, "Status changed; the step is on the record.")
        return redirect("incidents:detail", pk=incident.pk)

    return _act(request, pk, StatusForm, act)


@login_required
@require_POST
def triage(request, pk):
    def act(incident, data):
        services.incident_triage(incident=incident, by=request.user, **data)
        messages.success(request, f"Handed to {data['committee']}.")
        return redirect("incidents:detail", pk=incident.pk)

    committees = Committee.objects.filter(
        pk__in=access.committees_where(request.user, Cap.ASSIGN_ACTION_ITEMS)
    )
    return _act(request, pk, TriageForm, act, committees=committees)


@login_required
@require_POST
def follow_up(request, pk):
    def act(incident, data):
        item = services.incident_action_item(incident=incident, by=request.user, **data)
        messages.success(request, "Follow-up created; assign it from its page.")
        return redirect("committees:action_item", pk=item.pk)

    return _act(request, pk, FollowUpForm, act)


def _sharer_incident(request, pk) -> Incident:
    incident = _incident(request, pk)
    if not access.can(request.user, Cap.MANAGE_MEMBERSHIP, incident):
        raise PermissionDenied
    return incident


@login_required
@require_POST
def share(request, pk):
    """Share one incident with one person of the district: the same rule as for clearance,
    so a restricted one never reaches a family or student member."""
    incident = _sharer_incident(request, pk)
    form = ShareForm(request.POST, district=incident.committee.district)
    if form.is_valid():
        person = form.cleaned_data["person"]
        try:
            committees_services.named_grant_add(record=incident, user=person, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"Shared with {person.display_name}.")
    else:
        messages.error(request, "Choose a person of the district to share with.")
    return redirect("incidents:detail", pk=incident.pk)


@login_required
@require_POST
def unshare(request, pk, user_pk):
    incident = _sharer_incident(request, pk)
    person = get_object_or_404(committees_services.named_grants_of(incident), pk=user_pk)
    committees_services.named_grant_remove(record=incident, user=person, by=request.user)
    messages.success(request, f"{person.display_name} no longer sees this incident.")
    return redirect("incidents:detail", pk=incident.pk)
