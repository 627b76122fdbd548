"""Meetings: schedule, agenda, attendance and minutes."""

from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from committees import access, selectors, services
from committees.access import Cap
from committees.forms import (
    AgendaItemForm,
    AgendaTemplateItemForm,
    AttendanceForm,
    CancelForm,
    MeetingForm,
    MoveForm,
    NoticeForm,
    SectionEditForm,
    SectionForm,
    SummaryForm,
    WithdrawForm,
)
from committees.markdown import render as render_markdown
from meetings.models import (
    AgendaItem,
    AgendaTemplateItem,
    Attendance,
    Meeting,
    MeetingNotice,
    MinutesSection,
    MinutesSectionRevision,
    PublicSummary,
)
from safety_portal.view_helpers import committee_or_404, form_errors, require, say_proposed


def _meeting(request, pk) -> Meeting:
    return selectors.get_visible_or_404(
        request.user, Meeting.objects.select_related("committee__district"), pk=pk
    )


@login_required
def meeting_list(request, pk):
    committee = committee_or_404(request, pk)
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
    committee = committee_or_404(request, pk)
    require(request, Cap.RECORD_MEETINGS, committee)
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_schedule(
                committee=committee, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form_errors(form, error)
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
    minutes = selectors.meeting_minutes(user, meeting, via="page")
    for section in minutes.sections:
        section.html = render_markdown(section.body)
    present = [a for a in minutes.attendance if a.status == Attendance.Status.PRESENT]
    members = services.members_in_force(meeting).count()
    return render(
        request,
        "committees/meeting_detail.html",
        {
            "meeting": meeting,
            "committee": meeting.committee,
            "agenda": minutes.agenda,
            "sections": minutes.sections,
            "attendance": minutes.attendance,
            "guests": minutes.guests,
            "seats_present": sorted(
                Counter(a.membership.get_category_display() for a in present).items()
            ),
            "present": len(present),
            "members": members,
            "quorum": services.quorum_of(meeting, members),
            "changes": meeting.changes.select_related("actor"),
            "summary": minutes.summary,
            "notice": access.visible(user, MeetingNotice.objects.filter(meeting=meeting)).first(),
            "can_draft": access.can(user, Cap.DRAFT_PUBLIC_UPDATE, meeting),
            "can_publish": access.can(user, Cap.PUBLISH_PUBLIC_UPDATE, meeting),
            "can_record": access.can(user, Cap.RECORD_MEETINGS, meeting),
            "can_assign": access.can(user, Cap.ASSIGN_ACTION_ITEMS, meeting),
            "withdraw_form": WithdrawForm(),
            "pending_notice": selectors.public_text_pending(user, notice=[meeting.pk]),
            "pending_summary": selectors.public_text_pending(
                user, summary=[minutes.summary.pk if minutes.summary else None]
            ),
        },
    )


@login_required
def meeting_edit(request, pk):
    meeting = _meeting(request, pk)
    require(request, Cap.RECORD_MEETINGS, meeting)
    initial = {name: getattr(meeting, name) for name in services.MEETING_FIELDS}
    form = MeetingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_change(meeting=meeting, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_errors(form, error)
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
    require(request, Cap.RECORD_MEETINGS, meeting)
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
    require(request, Cap.RECORD_MEETINGS, meeting)
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
    require(request, Cap.RECORD_MEETINGS, meeting)
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


def _agenda_item(request, pk) -> AgendaItem:
    """An agenda item to change: 404 unless the user may see it, 403 unless they record."""
    item = selectors.get_visible_or_404(
        request.user, AgendaItem.objects.select_related("meeting__committee"), pk=pk
    )
    require(request, Cap.RECORD_MEETINGS, item.meeting)
    return item


def _to_agenda(meeting: Meeting):
    return redirect(reverse("committees:meeting", args=[meeting.pk]) + "#agenda")


@login_required
def agenda_item_edit(request, pk):
    item = _agenda_item(request, pk)
    initial = {
        "title": item.title,
        "presenter": item.presenter,
        "minutes": item.minutes,
        "visibility": item.visibility,
    }
    form = AgendaItemForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.agenda_item_edit(item=item, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, "Agenda item saved.")
            return _to_agenda(item.meeting)
    return render(
        request,
        "committees/meeting_part_form.html",
        {"meeting": item.meeting, "form": form, "heading": "Edit an agenda item"},
    )


@login_required
@require_POST
def agenda_item_move(request, pk):
    item = _agenda_item(request, pk)
    form = MoveForm(request.POST)
    if form.is_valid():
        services.agenda_item_move(item=item, by=request.user, **form.cleaned_data)
    else:
        messages.error(request, "Move the item up or down.")
    return _to_agenda(item.meeting)


@login_required
def agenda_item_remove(request, pk):
    """GET asks for confirmation; POST removes. Linked minutes sections keep their text."""
    item = _agenda_item(request, pk)
    if request.method == "POST":
        services.agenda_item_remove(item=item, by=request.user)
        messages.success(request, f"“{item.title}” removed from the agenda.")
        return _to_agenda(item.meeting)
    return render(
        request,
        "committees/agenda_item_remove.html",
        {
            "item": item,
            "meeting": item.meeting,
            "sections": access.visible(request.user, item.sections.all()).count(),
        },
    )


def _standing(request, pk) -> AgendaTemplateItem:
    """A standing agenda item to change: 404 unless its committee is seen, then 403."""
    standing = selectors.get_visible_or_404(
        request.user, AgendaTemplateItem.objects.select_related("committee"), pk=pk
    )
    require(request, Cap.RECORD_MEETINGS, standing.committee)
    return standing


def _to_template(committee):
    return redirect("committees:agenda_template", pk=committee.pk)


@login_required
def agenda_template(request, pk):
    """The standing agenda: members see it; those who record meetings change it."""
    committee = committee_or_404(request, pk)
    can_record = access.can(request.user, Cap.RECORD_MEETINGS, committee)
    if request.method == "POST":
        require(request, Cap.RECORD_MEETINGS, committee)
    form = AgendaTemplateItemForm(request.POST or None) if can_record else None
    if request.method == "POST" and form.is_valid():
        try:
            services.agenda_template_item_add(
                committee=committee, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, "Standing item added; meetings scheduled from now on get it.")
            return _to_template(committee)
    return render(
        request,
        "committees/agenda_template.html",
        {
            "committee": committee,
            "standing": access.visible(
                request.user, AgendaTemplateItem.objects.filter(committee=committee)
            ),
            "form": form,
            "can_record": can_record,
        },
    )


@login_required
def agenda_template_item_edit(request, pk):
    standing = _standing(request, pk)
    initial = {"title": standing.title, "minutes": standing.minutes}
    form = AgendaTemplateItemForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.agenda_template_item_edit(
                standing=standing, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, "Standing item saved.")
            return _to_template(standing.committee)
    return render(
        request,
        "committees/agenda_template_item_form.html",
        {"committee": standing.committee, "form": form},
    )


@login_required
@require_POST
def agenda_template_item_move(request, pk):
    standing = _standing(request, pk)
    form = MoveForm(request.POST)
    if form.is_valid():
        services.agenda_template_item_move(standing=standing, by=request.user, **form.cleaned_data)
    else:
        messages.error(request, "Move the item up or down.")
    return _to_template(standing.committee)


@login_required
@require_POST
def agenda_template_item_remove(request, pk):
    standing = _standing(request, pk)
    services.agenda_template_item_remove(standing=standing, by=request.user)
    messages.success(
        request, f"“{standing.title}” removed; meetings already scheduled keep their copy."
    )
    return _to_template(standing.committee)


@login_required
def section_new(request, pk):
    meeting = _meeting(request, pk)
    require(request, Cap.RECORD_MEETINGS, meeting)
    agenda = access.visible(request.user, AgendaItem.objects.filter(meeting=meeting))
    form = SectionForm(
        request.POST or None, agenda=agenda, initial={"visibility": meeting.default_level}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        vote = {
            k: data.pop(k)
            for k in (
                "motion",
                "mover",
                "seconder",
                "result",
                "yes",
                "no",
                "abstain",
                "public_motion",
                "vote_note",
            )
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
                        public_motion=vote["public_motion"],
                        note=vote["vote_note"],
                        **counts,
                    )
        except ValidationError as error:
            form_errors(form, error)
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
    require(request, Cap.DRAFT_PUBLIC_UPDATE, meeting)
    summary = PublicSummary.objects.filter(meeting=meeting).first()
    published = summary is not None and summary.published_at is not None
    form = SummaryForm(request.POST or None, initial={"text": summary.text if summary else ""})
    if request.method == "POST" and form.is_valid() and published:
        try:
            proposed = services.summary_correct(
                summary=summary, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form_errors(form, error)
        else:
            say_proposed(request, proposed)
            return redirect("committees:meeting", pk=meeting.pk)
    elif request.method == "POST" and form.is_valid():
        try:
            _saved, findings = services.summary_save(
                meeting=meeting, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form_errors(form, error)
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
        {
            "meeting": meeting,
            "form": form,
            "heading": "Correct the public summary" if published else "Public summary",
        },
    )


@login_required
@require_POST
def summary_withdraw(request, pk):
    meeting = _meeting(request, pk)
    require(request, Cap.PUBLISH_PUBLIC_UPDATE, meeting)
    summary = selectors.get_visible_or_404(
        request.user, PublicSummary.objects.filter(meeting=meeting), meeting=meeting
    )
    form = WithdrawForm(request.POST)
    if form.is_valid():
        services.summary_withdraw(summary=summary, by=request.user, **form.cleaned_data)
        messages.success(request, "Withdrawn: it is off the public pages and feeds.")
    else:
        messages.error(request, "Say why it is withdrawn.")
    return redirect("committees:meeting", pk=meeting.pk)


@login_required
def summary_publish(request, pk):
    """The review screen (GET), and publication by the second person (POST)."""
    meeting = _meeting(request, pk)
    require(request, Cap.PUBLISH_PUBLIC_UPDATE, meeting)
    summary = selectors.get_visible_or_404(
        request.user,
        PublicSummary.objects.filter(meeting=meeting).select_related("written_by"),
        meeting=meeting,
    )
    if request.method != "POST":
        record, findings = services.summary_review(summary=summary)
        return render(
            request,
            "committees/summary_review.html",
            {
                "meeting": meeting,
                "summary": summary,
                "record": summary.record if summary.published_at else record,
                "findings": findings,
                "is_author": summary.written_by_id == request.user.pk,
            },
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
    require(request, Cap.RECORD_MEETINGS, meeting)
    initial = {
        "heading": section.heading,
        "body": section.body,
        "documents": section.documents,
        "visibility": section.visibility,
    }
    form = SectionEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.minutes_section_edit(section=section, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_errors(form, error)
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
    require(request, Cap.RECORD_MEETINGS, meeting)
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


@login_required
def meeting_notice(request, pk):
    """Propose the meeting's announcement, in public words, or a correction of it."""
    meeting = _meeting(request, pk)
    require(request, Cap.DRAFT_PUBLIC_UPDATE, meeting)
    notice = MeetingNotice.objects.filter(meeting=meeting).first()
    if notice is not None:
        initial = {"title": notice.title, "place": notice.place, "purpose": notice.purpose}
    else:
        initial = {"purpose": meeting.public_purpose}
    form = NoticeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            proposed = services.meeting_notice_propose(
                meeting=meeting, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form_errors(form, error)
        else:
            say_proposed(request, proposed)
            return redirect("committees:meeting", pk=meeting.pk)
    return render(
        request,
        "committees/meeting_part_form.html",
        {
            "meeting": meeting,
            "form": form,
            "heading": "Public notice" if notice is None else "Correct the public notice",
            "intro": "The public calendar and the district's safety page show this title, "
            "the meeting's time and this place: nothing else of the meeting.",
        },
    )


@login_required
def calendar(request):
    """The member's private calendar address, and a way to replace it."""
    if request.method == "POST":
        token = services.calendar_token_reset(user=request.user)
        messages.success(request, "New address made; the old one no longer works.")
        return redirect("committees:calendar")
    token = services.calendar_token_get(user=request.user)
    return render(
        request,
        "committees/calendar.html",
        {"feed_url": request.build_absolute_uri(reverse("calendar_feed", args=[token.token]))},
    )
