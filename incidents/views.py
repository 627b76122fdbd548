"""Incidents: report, my reports, the committee's queue, one incident."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from committees import access, selectors
from committees.access import Cap
from committees.badges import visibility_badge
from committees.gate import VIEW
from committees.models import Committee
from committees.views import record_share, record_unshare, sharing
from incidents import selectors as incident_selectors
from incidents import services
from incidents.forms import FollowUpForm, ReportForm, StatusForm, TriageForm
from incidents.models import Incident
from safety_portal import choices, documents, markup, paths
from safety_portal.paging import COUNT_UP_TO, count_up_to, page_of
from safety_portal.view_helpers import committee_or_404, form_errors

PER_PAGE = 50


def _incident(request, pk, via: str | None = None) -> Incident:
    return selectors.get_visible_or_404(
        request.user,
        Incident.objects.select_related("building", "committee__district", "reporter"),
        via,
        pk=pk,
    )


def _triager(user, obj) -> bool:
    return access.can(user, Cap.ASSIGN_ACTION_ITEMS, obj)


@login_required
def report(request):
    if request.user.district_id is None:
        raise PermissionDenied
    form = ReportForm(
        request.POST or None,
        district_id=request.user.district_id,
        initial={"building": incident_selectors.home_building_id(request.user)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            incident = services.incident_report(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_errors(form, error)
        else:
            if access.can(request.user, VIEW, incident):
                said = _("you can follow it under My reports.")
            else:  # a threat report: restricted, and the reporter is not cleared
                said = _(
                    "a report of this kind is read only by the school's cleared safety team, "
                    "so under My reports you will see where it stands, not its details."
                )
            messages.success(
                request,
                _(
                    "Reported (reference %(reference)s). The school's safety committee takes it "
                    "from here; %(then)s"
                )
                % {"reference": incident.pk, "then": said},
            )
            return redirect("incidents:mine")
    return render(request, "incidents/report.html", {"form": form})


@login_required
def mine(request):
    """The reporter's own reports and where each stands; each opens as the gate allows."""
    reports = incident_selectors.own_reports(request.user)
    page = Paginator(reports, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "incidents/mine.html", {"page": page})


# What a row of the queue shows: none of an incident's texts, nor its reporter.
ROW_FIELDS = ["kind", "severity", "status", "visibility", "area", "occurred_at", "building__name"]


# An incident's row of the queue, its values escaped into it (safety_portal/markup.py).
ROW_HTML = (
    '<tr data-visibility="{level}"><td>{reference} {badge}</td><td><a href="{url}">{kind}</a>'
    "</td><td>{severity}</td><td>{where}</td><td>{when}</td><td>{status}</td></tr>\n"
)


def _rows(incidents) -> str:
    """Each incident as its row of the queue shows it, written here (as the action-item
    list's rows are)."""
    kind, severity, status = (
        choices.labels(Incident, field) for field in ("kind", "severity", "status")
    )
    return markup.rows(
        ROW_HTML,
        (
            {
                "reference": incident.pk,
                "badge": visibility_badge(incident.visibility),
                "url": paths.path_to("incidents:detail", incident.pk),
                "level": incident.visibility,
                "kind": kind.get(incident.kind, incident.kind),
                "severity": severity.get(incident.severity, incident.severity),
                "where": f"{incident.building.name}, {incident.area}",
                "when": documents.written(
                    timezone.localtime(incident.occurred_at), "DATETIME_FORMAT"
                ),
                "status": status.get(incident.status, incident.status),
            }
            for incident in incidents
        ),
    )


@login_required
def queue(request, pk):
    """The committee's incidents, open first: the triage queue."""
    committee = committee_or_404(request, pk)
    incidents = access.visible(request.user, Incident.objects.all(), committees=[committee.pk])
    open_first = incidents.filter(status__in=Incident.OPEN).select_related("building")
    page = page_of(open_first.only(*ROW_FIELDS), PER_PAGE, request.GET.get("page"))
    return render(
        request,
        "incidents/queue.html",
        {
            "committee": committee,
            "page": page,
            "rows": _rows(page),
            "closed": count_up_to(incidents.filter(status=Incident.Status.CLOSED)),
            "count_up_to": COUNT_UP_TO,
        },
    )


@login_required
def detail(request, pk):
    incident = _incident(request, pk, via="page")
    user = request.user
    member = access.can(user, Cap.VIEW, incident.committee)
    triager = _triager(user, incident)
    others = _triage_committees(user).exclude(pk=incident.committee_id)
    return render(
        request,
        "incidents/detail.html",
        {
            **sharing(user, incident, incident.committee),
            "incident": incident,
            # The committee's deliberations (why each step) are for its members only.
            "events": incident.events.select_related("actor") if member else None,
            "history": selectors.record_history(request.user, incident) if member else None,
            "history_key": selectors.record_key(incident),
            "follow_ups": incident_selectors.follow_up_items(user, incident=incident),
            "triager": triager,
            "status_form": StatusForm(),
            "triage_form": TriageForm(committees=others),
            "can_hand_on": others.exists(),
            "follow_up_form": FollowUpForm(),
            "next_statuses": Incident.WORKFLOW.choices(incident.status),
            "now": timezone.now(),
        },
    )


def triage_views(*, load, detail: str, status_form, set_status, hand_on, follow_up, moved: str):
    """The three triage steps of a kind of record (incidents, concerns) as POST views.

    ``load(request, pk)`` reads the record through the gate; ``set_status``,
    ``hand_on`` and ``follow_up`` are its services, called as ``(record, by=, **data)``.
    Only the committee's triagers act; a refusal or a missing reason is shown on the
    record's page (``detail``) and nothing is saved.
    """

    def step(form_class, act, *, hands_on=False):
        @login_required
        @require_POST
        def view(request, pk):
            record = load(request, pk)
            if not _triager(request.user, record):
                raise PermissionDenied
            kwargs = {"committees": _triage_committees(request.user)} if hands_on else {}
            form = form_class(request.POST, **kwargs)
            if form.is_valid():
                try:
                    return act(request, record, form.cleaned_data)
                except ValidationError as error:
                    messages.error(request, " ".join(error.messages))
            else:
                messages.error(request, _("Say why: every step stays on the record."))
            return redirect(detail, pk=record.pk)

        return view

    def change_status(request, record, data):
        set_status(record, by=request.user, **data)
        messages.success(request, moved)
        return redirect(detail, pk=record.pk)

    def triage(request, record, data):
        hand_on(record, by=request.user, **data)
        messages.success(request, _("Handed to %(committee)s.") % {"committee": data["committee"]})
        return redirect(detail, pk=record.pk)

    def create_follow_up(request, record, data):
        item = follow_up(record, by=request.user, **data)
        messages.success(request, _("Follow-up created; assign it from its page."))
        return redirect("followups:action_item", pk=item.pk)

    return (
        step(status_form, change_status),
        step(TriageForm, triage, hands_on=True),
        step(FollowUpForm, create_follow_up),
    )


def _triage_committees(user):
    """The committees the user may hand a record to."""
    return Committee.objects.filter(pk__in=access.committees_where(user, Cap.ASSIGN_ACTION_ITEMS))


set_status, triage, follow_up = triage_views(
    load=_incident,
    detail="incidents:detail",
    status_form=StatusForm,
    set_status=lambda incident, **kw: services.incident_set_status(incident=incident, **kw),
    hand_on=lambda incident, **kw: services.incident_triage(incident=incident, **kw),
    follow_up=lambda incident, **kw: services.incident_action_item(incident=incident, **kw),
    moved=gettext_lazy("Status changed; the step is on the record."),
)


@login_required
@require_POST
def share(request, pk):
    """Share one incident with one person of the district: the same rule as for clearance,
    so a restricted one never reaches a family or student member."""
    incident = _incident(request, pk)
    return record_share(request, incident, incident.committee.district, "incidents:detail")


@login_required
@require_POST
def unshare(request, pk, user_pk):
    return record_unshare(request, _incident(request, pk), user_pk, "incidents:detail")
