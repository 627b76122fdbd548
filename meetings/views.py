"""Meetings: the list, a meeting's page, scheduling, changes, attendance, notice, calendar.

The agenda's pages are in ``agenda_views``, the minutes' and the summary's in
``minutes_views``, the downloads in ``export_views``, the district's open meeting rules in
``rules_views``.
"""

from collections import Counter
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from committees import access
from committees.access import Cap
from committees.badges import visibility_badge
from committees.forms import WithdrawForm
from committees.markdown import render as render_markdown
from committees.selectors import get_visible_or_404, public_text_pending
from meetings import selectors, services
from meetings.document_views import upload_form
from meetings.forms import AttendanceForm, CancelForm, MeetingForm, NoticeForm, PublicAgendaForm
from meetings.models import Attendance, Meeting, MeetingNotice, PublicAgenda, PublicMinutes
from safety_portal import choices, documents, markup, paths
from safety_portal.paging import page_of
from safety_portal.view_helpers import (
    committee_or_404,
    form_page,
    post_action,
    require,
    say_proposed,
)


def meeting_or_404(request, pk) -> Meeting:
    """The meeting, if the person may see it; 404 alike for "none" and "may not know"."""
    return get_visible_or_404(
        request.user,
        Meeting.objects.select_related(
            "committee__district", "minutes_approved_by", "minutes_submitted_by"
        ),
        pk=pk,
    )


def district_time(moment, district) -> str:
    """A moment as the district's clocks read it."""
    local = timezone.localtime(moment, ZoneInfo(district.time_zone))
    return formats.date_format(local, "l, F j, Y, g:i A T")


def _say_saved(request, meeting: Meeting, said: str) -> None:
    """The message, and a warning when the notice can no longer be public on time."""
    messages.success(request, said)
    due = services.notice_too_late(meeting)
    if due is not None:
        messages.warning(
            request,
            _(
                "Too late to post on time: the open meeting law wanted this meeting's "
                "notice public by %(due)s. Post it as soon as you can, and record why the "
                "meeting could not wait (an emergency)."
            )
            % {"due": district_time(due, meeting.committee.district)},
        )


# What a line of the list shows (``ROW_HTML``): none of a
# meeting's minutes dates, reviewers or place.
ROW_FIELDS = ["title", "kind", "starts_at", "status", "visibility"]


# A meeting's line, its values escaped into it (safety_portal/markup.py).
ROW_HTML = (
    '<li data-visibility="{level}"><a href="{url}">{title}</a> {badge} '
    '<span class="muted">{when} · {kind}{status}</span></li>\n'
)


def _rows(meetings) -> str:
    """Each meeting as its line shows it, written here (as the action-item list's rows
    are): its address, when (in the district's zone, the active one), its kind, and its
    status unless merely scheduled."""
    kind, status = (choices.labels(Meeting, field) for field in ("kind", "status"))
    return markup.rows(
        ROW_HTML,
        (
            {
                "url": paths.path_to("meetings:meeting", meeting.pk),
                "title": meeting.title,
                "level": meeting.visibility,
                "badge": visibility_badge(meeting.visibility),
                "when": documents.written(
                    timezone.localtime(meeting.starts_at), "short_weekday_when"
                ),
                "kind": kind.get(meeting.kind, meeting.kind),
                "status": ""
                if meeting.status == Meeting.Status.SCHEDULED
                else f" · {status.get(meeting.status, meeting.status)}",
            }
            for meeting in meetings
        ),
    )


@login_required
def meeting_list(request, pk):
    committee = committee_or_404(request, pk)
    meetings = access.visible(request.user, Meeting.objects.all(), committees=[committee.pk])
    meetings = meetings.only(*ROW_FIELDS)
    now = timezone.now()
    upcoming = list(meetings.filter(starts_at__gte=now).order_by("starts_at")[:20])
    past = page_of(
        meetings.filter(starts_at__lt=now).order_by("-starts_at"), 25, request.GET.get("page")
    )
    return render(
        request,
        "meetings/meeting_list.html",
        {
            "committee": committee,
            "upcoming": _rows(upcoming),
            "past": _rows(past),
            "page": past,
            "can_record": access.can(request.user, Cap.RECORD_MEETINGS, committee),
        },
    )


@login_required
def meeting_new(request, pk):
    committee = committee_or_404(request, pk)
    require(request, Cap.RECORD_MEETINGS, committee)
    return form_page(
        request,
        MeetingForm(request.POST or None),
        save=lambda data: services.meeting_schedule(committee=committee, by=request.user, **data),
        said=lambda meeting: _say_saved(
            request, meeting, _("Meeting scheduled; its agenda starts from the standing items.")
        ),
        done=lambda meeting: ("meetings:meeting", meeting.pk),
        template="meetings/meeting_form.html",
        context={"committee": committee},
    )


@login_required
def meeting_detail(request, pk):
    meeting = meeting_or_404(request, pk)
    user = request.user
    minutes = selectors.meeting_minutes(user, meeting, via="page")
    for section in minutes.sections:
        section.html = render_markdown(section.body)
    present = [a for a in minutes.attendance if a.status == Attendance.Status.PRESENT]
    members = services.attendance_members(meeting).count()
    can_record = access.can(user, Cap.RECORD_MEETINGS, meeting)
    if can_record:  # each agenda item and section offers its own upload form
        for item in minutes.agenda:
            item.upload_form = upload_form(item)
            item.upload_url = reverse("meetings:agenda_item_document_new", args=[item.pk])
        for section in minutes.sections:
            section.upload_form = upload_form(section)
            section.upload_url = reverse("meetings:section_document_new", args=[section.pk])
    notice = access.visible(user, MeetingNotice.objects.filter(meeting=meeting)).first()
    notice_due = None
    if (
        meeting.status == Meeting.Status.SCHEDULED
        and not meeting.has_started()
        and (notice is None or notice.published_at is None)
    ):
        notice_due = services.notice_deadline(meeting)
    public_minutes = (
        access.visible(user, PublicMinutes.objects.filter(meeting=meeting))
        .select_related("written_by", "published_by", "withdrawn_by")
        .first()
    )
    executive = meeting.kind == Meeting.Kind.EXECUTIVE
    return render(
        request,
        "meetings/meeting_detail.html",
        {
            "public_minutes": public_minutes,
            # Posted, then approved again since: the public reads the older minutes.
            "public_minutes_behind": public_minutes is not None
            and public_minutes.source == PublicMinutes.Source.MINUTES
            and public_minutes.published_at is not None
            and meeting.minutes_approved_at is not None
            and public_minutes.minutes_revision != meeting.minutes_revision,
            "release_reviewer": executive and services.is_release_reviewer(user, meeting),
            "release_decisions": selectors.release_decisions(user, meeting, via="page")
            if executive
            else [],
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
            "counted": services.quorum_present(meeting, minutes.attendance),
            "remote": sum(a.mode == Attendance.Mode.REMOTE for a in present),
            "members": members,
            "quorum": services.quorum_of(meeting, members),
            "changes": meeting.changes.select_related("actor"),
            "summary": minutes.summary,
            "notice": notice,
            "public_agenda": access.visible(
                user, PublicAgenda.objects.filter(meeting=meeting)
            ).first(),
            "notice_due": notice_due,
            "notice_due_text": notice_due and district_time(notice_due, meeting.committee.district),
            "notice_late": notice_due is not None and notice_due < timezone.now(),
            "can_draft": access.can(user, Cap.DRAFT_PUBLIC_UPDATE, meeting),
            "can_publish": access.can(user, Cap.PUBLISH_PUBLIC_UPDATE, meeting),
            "can_record": can_record,
            "can_assign": access.can(user, Cap.ASSIGN_ACTION_ITEMS, meeting),
            "started": meeting.has_started(),
            "may_approve": can_record and services.may_approve(user, meeting),
            "withdraw_form": WithdrawForm(),
            "pending_notice": public_text_pending(user, notice=[meeting.pk]),
            "pending_summary": public_text_pending(
                user, summary=[minutes.summary.pk if minutes.summary else None]
            ),
        },
    )


@login_required
def meeting_edit(request, pk):
    meeting = meeting_or_404(request, pk)
    require(request, Cap.RECORD_MEETINGS, meeting)
    initial = {name: getattr(meeting, name) for name in services.MEETING_FIELDS}
    return form_page(
        request,
        MeetingForm(request.POST or None, initial=initial),
        save=lambda data: services.meeting_change(meeting=meeting, by=request.user, **data),
        said=lambda changed: _say_saved(
            request, changed, _("Meeting changed; the change is recorded.")
        ),
        done=lambda _: ("meetings:meeting", meeting.pk),
        template="meetings/meeting_form.html",
        context={"committee": meeting.committee, "meeting": meeting, "cancel_form": CancelForm()},
    )


@login_required
@require_POST
def meeting_cancel(request, pk):
    meeting = meeting_or_404(request, pk)
    require(request, Cap.RECORD_MEETINGS, meeting)
    form = CancelForm(request.POST)
    return post_action(
        request,
        lambda: services.meeting_cancel(meeting=meeting, by=request.user, **form.cleaned_data),
        form=form,
        invalid=_("Say why the meeting is cancelled."),
        said=_("Meeting cancelled; the reason is recorded."),
        back=redirect("meetings:meeting", pk=meeting.pk),
    )


@login_required
def meeting_attendance(request, pk):
    meeting = meeting_or_404(request, pk)
    require(request, Cap.RECORD_MEETINGS, meeting)
    if not meeting.has_started():
        messages.info(request, _("Attendance is recorded once the meeting has started."))
        return redirect("meetings:meeting", pk=meeting.pk)
    # At a restricted session, only the cleared are offered (and the service refuses others).
    members = services.attendance_members(meeting).select_related("user")
    recorded = {a.membership_id: a for a in meeting.attendance.all()}
    initial = {"guests": "\n".join(f"{g.name}, {g.organization}" for g in meeting.guests.all())}
    for membership_id, a in recorded.items():
        initial[f"m{membership_id}"] = a.status
        initial[f"n{membership_id}"] = a.note
        initial[f"o{membership_id}"] = a.mode
        initial[f"r{membership_id}"] = a.remote_reason
    form = AttendanceForm(request.POST or None, members=members, initial=initial)
    return form_page(
        request,
        form,
        save=lambda _: services.attendance_record(
            meeting=meeting,
            by=request.user,
            statuses=form.statuses(),
            notes=form.notes(),
            guests=form.guest_list(),
            modes=form.modes(),
            remote_reasons=form.remote_reasons(),
        ),
        said=_("Attendance recorded."),
        done=lambda _: ("meetings:meeting", meeting.pk),
        template="meetings/meeting_attendance.html",
        context={"meeting": meeting},
    )


@login_required
def meeting_notice(request, pk):
    """Propose the meeting's announcement, in public words, or a correction of it."""
    meeting = meeting_or_404(request, pk)
    require(request, Cap.DRAFT_PUBLIC_UPDATE, meeting)
    notice = MeetingNotice.objects.filter(meeting=meeting).first()
    if notice is not None:
        initial = {"title": notice.title, "place": notice.place, "purpose": notice.purpose}
    else:
        initial = {"purpose": meeting.public_purpose}
    return form_page(
        request,
        NoticeForm(request.POST or None, initial=initial),
        save=lambda data: services.meeting_notice_propose(meeting=meeting, by=request.user, **data),
        said=lambda proposed: say_proposed(request, proposed),
        done=lambda _: ("meetings:meeting", meeting.pk),
        template="meetings/meeting_part_form.html",
        context={
            "meeting": meeting,
            "heading": _("Public notice") if notice is None else _("Correct the public notice"),
            "intro": _(
                "The public calendar and the district's safety page show this title, "
                "the meeting's time and this place: nothing else of the meeting."
            ),
        },
    )


@login_required
def calendar(request):
    """The member's private calendar address, and a way to replace it."""
    if request.method == "POST":
        token = services.calendar_token_reset(user=request.user)
        messages.success(request, _("New address made; the old one no longer works."))
        return redirect("meetings:calendar")
    token = services.calendar_token_get(user=request.user)
    return render(
        request,
        "meetings/calendar.html",
        {"feed_url": request.build_absolute_uri(reverse("calendar_feed", args=[token.token]))},
    )


@login_required
def public_agenda(request, pk):
    """Post the public agenda: a preview of exactly what will be public, the guard's
    findings, and the button (for who may publish the committee's public texts)."""
    meeting = meeting_or_404(request, pk)
    require(request, Cap.PUBLISH_PUBLIC_UPDATE, meeting)
    # An empty POST is a posting with the box unticked (no video link), not a GET.
    form = PublicAgendaForm(request.POST if request.method == "POST" else None)
    with_link = form.cleaned_data["video_link"] if form.is_bound and form.is_valid() else True
    if request.method == "POST" and form.is_valid() and "preview" not in request.POST:
        try:
            services.public_agenda_post(meeting=meeting, by=request.user, video_link=with_link)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The public agenda is posted on the public meeting page."))
            return redirect("meetings:meeting", pk=meeting.pk)
    posted = access.visible(request.user, PublicAgenda.objects.filter(meeting=meeting)).first()
    return render(
        request,
        "meetings/public_agenda.html",
        {
            "meeting": meeting,
            "form": form,
            "preview": services.public_agenda_preview(meeting=meeting, video_link=with_link),
            "posted": posted,
        },
    )
