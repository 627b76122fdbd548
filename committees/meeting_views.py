"""Meetings: schedule, agenda, attendance and minutes."""

from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from committees import access, selectors, services
from committees.access import Cap
from committees.forms import (
    AgendaItemForm,
    AttendanceForm,
    CancelForm,
    MeetingForm,
    SectionEditForm,
    SectionForm,
    SummaryForm,
)
from committees.markdown import render as render_markdown
from committees.models import (
    AgendaItem,
    Attendance,
    Meeting,
    MinutesSection,
    MinutesSectionRevision,
    PublicSummary,
    Vote,
)
from committees.views import _committee, _form_errors, _require


def _meeting(request, pk) -> Meeting:
    return selectors.get_visible_or_404(
        request.user, Meeting.objects.select_related("committee__district"), pk=pk
    )


@login_required
def meeting_list(request, pk):
    committee = _committee(request, pk)
    meetings = access.visible(request.user, Meeting.objects.filter(committee=committee))
    now = timezone.now()
    upcoming = list(meetings.filter(starts_at__gte=now).order_by("starts_at")[:20])
    past = Paginator(meetings.filter(starts_at__lt=now).order_by("-starts_at"), 25).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "committees/meeting_list.html",
        {
            "committee": committee,
            "upcoming": upcoming,
            "page": past,
            "can_record": access.can(request.user, Cap.RECORD_MEETINGS, committee),
        },
    )


@login_required
def meeting_new(request, pk):
    committee = _committee(request, pk)
    _require(request, Cap.RECORD_MEETINGS, committee)
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_schedule(
                committee=committee, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(
                request, "Meeting scheduled; its agenda starts from the standing items."
            )
            return redirect("committees:meeting", pk=meeting.pk)
    return render(request, "committees/meeting_form.html", {"committee": committee, "form": form})


@login_required
def meeting_detail(request, pk):
    meeting = _meeting(request, pk)
    user = request.user
    agenda = access.visible(user, AgendaItem.objects.filter(meeting=meeting))
    sections = list(
        access.visible(user, MinutesSection.objects.filter(meeting=meeting)).prefetch_related(
            Prefetch("votes", queryset=access.visible(user, Vote.objects.all()))
        )
    )
    for section in sections:
        section.html = render_markdown(section.body)
    attendance = list(
        access.visible(user, Attendance.objects.filter(meeting=meeting)).select_related(
            "membership__user"
        )
    )
    present = [a for a in attendance if a.status == Attendance.Status.PRESENT]
    members = services.members_in_force(meeting).count()
    return render(
        request,
        "committees/meeting_detail.html",
        {
            "meeting": meeting,
            "committee": meeting.committee,
            "agenda": agenda,
            "sections": sections,
            "attendance": attendance,
            "guests": meeting.guests.all(),
            "seats_present": sorted(
                Counter(a.membership.get_category_display() for a in present).items()
            ),
            "present": len(present),
            "members": members,
            "quorum": services.quorum_of(meeting, members),
            "changes": meeting.changes.select_related("actor"),
            "summary": access.visible(
                user,
                PublicSummary.objects.filter(meeting=meeting).select_related(
                    "written_by", "published_by"
                ),
            ).first(),
            "can_draft": access.can(user, Cap.DRAFT_PUBLIC_UPDATE, meeting),
            "can_publish": access.can(user, Cap.PUBLISH_PUBLIC_UPDATE, meeting),
            "can_record": access.can(user, Cap.RECORD_MEETINGS, meeting),
            "can_assign": access.can(user, Cap.ASSIGN_ACTION_ITEMS, meeting),
        },
    )


@login_required
def meeting_edit(request, pk):
    meeting = _meeting(request, pk)
    _require(request, Cap.RECORD_MEETINGS, meeting)
    initial = {name: getattr(meeting, name) for name in services.MEETING_FIELDS}
    form = MeetingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_change(meeting=meeting, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, "Meeting changed; the change is recorded.")
            return redirect("committees:meeting", pk=meeting.pk)
    return render(
        request,
        "committees/meeting_form.html",
        {
            "committee": meeting.committee,
            "form": form,
            "meeting": meeting,
            "cancel_form": CancelForm(),
        },
    )


@login_required
@require_POST
def meeting_cancel(request, pk):
    meeting = _meeting(request, pk)
    _require(request, Cap.RECORD_MEETINGS, meeting)
    form = CancelForm(request.POST)
    if form.is_valid():
        services.meeting_cancel(meeting=meeting, by=request.user, **form.cleaned_data)
        messages.success(request, "Meeting cancelled; the reason is recorded.")
    else:
        messages.error(request, "Say why the meeting is cancelled.")
    return redirect("committees:meeting", pk=meeting.pk)


@login_required
def meeting_attendance(request, pk):
    meeting = _meeting(request, pk)
    _require(request, Cap.RECORD_MEETINGS, meeting)
    members = services.members_in_force(meeting).select_related("user")
    recorded = {a.membership_id: a for a in meeting.attendance.all()}
    initial = {"guests": "\n".join(f"{g.name}, {g.organization}" for g in meeting.guests.all())}
    for membership_id, a in recorded.items():
        initial[f"m{membership_id}"] = a.status
        initial[f"n{membership_id}"] = a.note
    form = AttendanceForm(request.POST or None, members=members, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.attendance_record(
            meeting=meeting,
            by=request.user,
            statuses=form.statuses(),
            notes=form.notes(),
            guests=form.guest_list(),
        )
        messages.success(request, "Attendance recorded.")
        return redirect("committees:meeting", pk=meeting.pk)
    return render(request, "committees/meeting_attendance.html", {"meeting": meeting, "form": form})


@login_required
def agenda_item_new(request, pk):
    meeting = _meeting(request, pk)
    _require(request, Cap.RECORD_MEETINGS, meeting)
    form = AgendaItemForm(request.POST or None, initial={"visibility": meeting.default_level})
    if request.method == "POST" and form.is_valid():
        services.agenda_item_add(meeting=meeting, by=request.user, **form.cleaned_data)
        messages.success(request, "Agenda item added.")
        return redirect("committees:meeting", pk=meeting.pk)
    return render(
        request,
        "committees/meeting_part_form.html",
        {"meeting": meeting, "form": form, "heading": "Add an agenda item"},
    )


@login_required
def section_new(request, pk):
    meeting = _meeting(request, pk)
    _require(request, Cap.RECORD_MEETINGS, meeting)
    agenda = access.visible(request.user, AgendaItem.objects.filter(meeting=meeting))
    form = SectionForm(
        request.POST or None, agenda=agenda, initial={"visibility": meeting.default_level}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        vote = {
            k: data.pop(k)
            for k in ("motion", "mover", "seconder", "result", "yes", "no", "abstain")
        }
        try:
            with transaction.atomic():  # the section and its vote, or nothing
                section = services.minutes_section_add(meeting=meeting, by=request.user, **data)
                if vote["motion"]:
                    counts = {k: vote[k] or 0 for k in ("yes", "no", "abstain")}
                    services.vote_record(
                        section=section,
                        by=request.user,
                        motion=vote["motion"],
                        mover=vote["mover"],
                        seconder=vote["seconder"],
                        result=vote["result"],
                        **counts,
                    )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, "Minutes section added.")
            return redirect("committees:meeting", pk=meeting.pk)
    return render(
        request,
        "committees/meeting_part_form.html",
        {"meeting": meeting, "form": form, "heading": "Add a minutes section"},
    )


@login_required
def summary_edit(request, pk):
    meeting = _meeting(request, pk)
    _require(request, Cap.DRAFT_PUBLIC_UPDATE, meeting)
    summary = PublicSummary.objects.filter(meeting=meeting).first()
    form = SummaryForm(request.POST or None, initial={"text": summary.text if summary else ""})
    if request.method == "POST" and form.is_valid():
        try:
            _saved, findings = services.summary_save(
                meeting=meeting, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            if findings:
                messages.warning(
                    request,
                    "Draft saved, but it cannot be published until these are rewritten: "
                    + "; ".join(str(f) for f in findings),
                )
            else:
                messages.success(
                    request, "Draft saved. Someone else with publish rights reviews it."
                )
            return redirect("committees:meeting", pk=meeting.pk)
    return render(
        request,
        "committees/meeting_part_form.html",
        {"meeting": meeting, "form": form, "heading": "Public summary"},
    )


@login_required
@require_POST
def summary_publish(request, pk):
    meeting = _meeting(request, pk)
    _require(request, Cap.PUBLISH_PUBLIC_UPDATE, meeting)
    summary = selectors.get_visible_or_404(
        request.user, PublicSummary.objects.filter(meeting=meeting), meeting=meeting
    )
    try:
        services.summary_publish(summary=summary, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Published.")
    return redirect("committees:meeting", pk=meeting.pk)


@login_required
def section_edit(request, pk):
    section = selectors.get_visible_or_404(
        request.user, MinutesSection.objects.select_related("meeting__committee"), pk=pk
    )
    meeting = section.meeting
    _require(request, Cap.RECORD_MEETINGS, meeting)
    initial = {"heading": section.heading, "body": section.body, "visibility": section.visibility}
    form = SectionEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.minutes_section_edit(section=section, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, "Section saved.")
            return redirect("committees:meeting", pk=meeting.pk)
    heading = "Edit a minutes section"
    if meeting.minutes_approved_at:
        heading += " (the approved minutes are kept as a revision)"
    return render(
        request,
        "committees/meeting_part_form.html",
        {"meeting": meeting, "form": form, "heading": heading},
    )


@login_required
@require_POST
def minutes_approve(request, pk):
    meeting = _meeting(request, pk)
    _require(request, Cap.RECORD_MEETINGS, meeting)
    try:
        services.minutes_approve(meeting=meeting, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Minutes recorded as approved by the committee.")
    return redirect("committees:meeting", pk=meeting.pk)


@login_required
def minutes_revisions(request, pk):
    meeting = _meeting(request, pk)
    old = access.visible(
        request.user, MinutesSectionRevision.objects.filter(meeting=meeting)
    ).select_related("approved_by")
    revisions: dict[int, list] = {}
    for section in old:
        section.html = render_markdown(section.body)
        revisions.setdefault(section.revision, []).append(section)
    return render(
        request,
        "committees/minutes_revisions.html",
        {"meeting": meeting, "revisions": sorted(revisions.items(), reverse=True)},
    )
