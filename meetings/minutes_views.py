"""A meeting's minutes (sections, votes, approval, revisions) and its public summary."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from committees import access
from committees.access import Cap
from committees.forms import WithdrawForm
from committees.markdown import render as render_markdown
from committees.selectors import get_visible_or_404
from meetings import services
from meetings.forms import SectionEditForm, SectionForm, SummaryForm, VoteCorrectForm, VoteForm
from meetings.models import (
    AgendaItem,
    MinutesSection,
    MinutesSectionRevision,
    PublicSummary,
    RollCall,
    Vote,
)
from meetings.views import meeting_or_404
from safety_portal.view_helpers import (
    form_page,
    post_action,
    require,
    say_findings,
    say_proposed,
    send_back,
)


@login_required
def section_new(request, pk):
    meeting = meeting_or_404(request, pk)
    require(request, Cap.RECORD_MEETINGS, meeting)
    agenda = access.visible(request.user, AgendaItem.objects.filter(meeting=meeting))
    form = SectionForm(
        request.POST or None,
        agenda=agenda,
        members=services.roll_members(meeting).select_related("user"),
        initial={"visibility": meeting.default_level},
    )

    def save(data):
        roll, roll_notes = form.take_roll(data)
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
                    roll=roll,
                    roll_notes=roll_notes,
                    **counts,
                )

    return form_page(
        request,
        form,
        save=save,
        said=_("Minutes section added."),
        done=lambda _: ("meetings:meeting", meeting.pk),
        template="meetings/meeting_part_form.html",
        context={"meeting": meeting, "heading": _("Add a minutes section")},
    )


@login_required
def summary_edit(request, pk):
    meeting = meeting_or_404(request, pk)
    require(request, Cap.DRAFT_PUBLIC_UPDATE, meeting)
    if not meeting.has_started():
        messages.info(request, _("A public summary is written once the meeting has started."))
        return redirect("meetings:meeting", pk=meeting.pk)
    summary = PublicSummary.objects.filter(meeting=meeting).select_related("sent_back_by").first()
    published = summary is not None and summary.published_at is not None

    def save(data):
        if published:
            return services.summary_correct(summary=summary, by=request.user, **data)
        return services.summary_save(meeting=meeting, by=request.user, **data)

    def said(saved):
        if published:
            say_proposed(request, saved)
        else:
            say_findings(request, saved[1])

    return form_page(
        request,
        SummaryForm(request.POST or None, initial={"text": summary.text if summary else ""}),
        save=save,
        said=said,
        done=lambda _: ("meetings:meeting", meeting.pk),
        template="meetings/meeting_part_form.html",
        context={
            "meeting": meeting,
            "heading": _("Correct the public summary") if published else _("Public summary"),
            "sent_back": summary if summary is not None and summary.sent_back_at else None,
        },
    )


@login_required
@require_POST
def summary_send_back(request, pk):
    """A reviewer returns the draft summary to its author with a comment."""
    meeting = meeting_or_404(request, pk)
    require(request, Cap.PUBLISH_PUBLIC_UPDATE, meeting)
    summary = get_visible_or_404(
        request.user, PublicSummary.objects.filter(meeting=meeting), meeting=meeting
    )
    return send_back(
        request,
        lambda **data: services.summary_send_back(summary=summary, by=request.user, **data),
        back=redirect("meetings:meeting", pk=meeting.pk),
    )


@login_required
@require_POST
def summary_withdraw(request, pk):
    meeting = meeting_or_404(request, pk)
    require(request, Cap.PUBLISH_PUBLIC_UPDATE, meeting)
    summary = get_visible_or_404(
        request.user, PublicSummary.objects.filter(meeting=meeting), meeting=meeting
    )
    form = WithdrawForm(request.POST)
    return post_action(
        request,
        lambda: services.summary_withdraw(summary=summary, by=request.user, **form.cleaned_data),
        form=form,
        invalid=_("Say why it is withdrawn."),
        said=_("Withdrawn: it is off the public pages and feeds."),
        back=redirect("meetings:meeting", pk=meeting.pk),
    )


@login_required
def summary_publish(request, pk):
    """The review screen (GET), and publication by the second person (POST)."""
    meeting = meeting_or_404(request, pk)
    require(request, Cap.PUBLISH_PUBLIC_UPDATE, meeting)
    summary = get_visible_or_404(
        request.user,
        PublicSummary.objects.filter(meeting=meeting).select_related("written_by"),
        meeting=meeting,
    )
    if request.method != "POST":
        record, findings = services.summary_review(summary=summary)
        return render(
            request,
            "meetings/summary_review.html",
            {
                "meeting": meeting,
                "summary": summary,
                "record": summary.record if summary.published_at else record,
                "findings": findings,
                "is_author": summary.written_by_id == request.user.pk,
            },
        )
    return post_action(
        request,
        lambda: services.summary_publish(summary=summary, by=request.user),
        said=_("Published."),
        back=redirect("meetings:meeting", pk=meeting.pk),
    )


@login_required
def section_edit(request, pk):
    section = get_visible_or_404(
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
    heading = _("Edit a minutes section")
    if meeting.minutes_approved_at:
        heading = _("Edit a minutes section (the approved minutes are kept as a revision)")
    return form_page(
        request,
        SectionEditForm(request.POST or None, initial=initial),
        save=lambda data: services.minutes_section_edit(section=section, by=request.user, **data),
        said=_("Section saved."),
        done=lambda _: ("meetings:meeting", meeting.pk),
        template="meetings/meeting_part_form.html",
        context={"meeting": meeting, "heading": heading},
    )


@login_required
@require_POST
def minutes_submit(request, pk):
    meeting = meeting_or_404(request, pk)
    require(request, Cap.RECORD_MEETINGS, meeting)
    return post_action(
        request,
        lambda: services.minutes_submit(meeting=meeting, by=request.user),
        said=_("Minutes submitted for approval; the approvers are told now."),
        back=redirect("meetings:meeting", pk=meeting.pk),
    )


@login_required
@require_POST
def minutes_approve(request, pk):
    meeting = meeting_or_404(request, pk)
    require(request, Cap.RECORD_MEETINGS, meeting)
    return post_action(
        request,
        lambda: services.minutes_approve(meeting=meeting, by=request.user),
        said=_("Minutes recorded as approved."),
        back=redirect("meetings:meeting", pk=meeting.pk),
    )


@login_required
def vote_new(request, pk):
    """Add a vote to a section already written."""
    section = get_visible_or_404(
        request.user, MinutesSection.objects.select_related("meeting__committee"), pk=pk
    )
    meeting = section.meeting
    require(request, Cap.RECORD_MEETINGS, meeting)
    form = VoteForm(
        request.POST or None, members=services.roll_members(meeting).select_related("user")
    )

    def save(data):
        roll, roll_notes = form.take_roll(data)
        counts = {k: data.pop(k) or 0 for k in ("yes", "no", "abstain")}
        return services.vote_record(
            section=section,
            by=request.user,
            roll=roll,
            roll_notes=roll_notes,
            **counts,
            **data,
        )

    return form_page(
        request,
        form,
        save=save,
        said=_("Vote added to the minutes."),
        done=lambda _vote: ("meetings:meeting", meeting.pk),
        template="meetings/meeting_part_form.html",
        context={
            "meeting": meeting,
            "heading": _("Add a vote to “%(section)s”") % {"section": section.heading},
            "intro": _("Approved minutes are kept as a revision first and approved again.")
            if meeting.minutes_approved_at
            else "",
        },
    )


@login_required
def vote_edit(request, pk):
    """Correct a vote; what it was stays on the record. A roll call is corrected member
    by member, and its tally follows from the corrected roll."""
    vote = get_visible_or_404(
        request.user, Vote.objects.select_related("section__meeting__committee"), pk=pk
    )
    meeting = vote.section.meeting
    require(request, Cap.RECORD_MEETINGS, meeting)
    # The roll, as strict as its vote: read through the gate too.
    entries = list(
        access.visible(request.user, RollCall.objects.filter(vote=vote)).select_related(
            "membership__user"
        )
    )
    initial = {name: getattr(vote, name) for name in services.VOTE_FIELDS}
    for entry in entries:
        initial[f"v{entry.membership_id}"] = entry.choice
        initial[f"vn{entry.membership_id}"] = entry.note
    form = VoteCorrectForm(
        request.POST or None, initial=initial, members=[e.membership for e in entries]
    )

    def save(data):
        roll, roll_notes = form.take_roll(data)
        if not roll:
            return services.vote_correct(vote=vote, by=request.user, **data)
        return services.vote_correct(
            vote=vote, by=request.user, roll=roll, roll_notes=roll_notes, **data
        )

    intro = (
        _("Approved minutes are kept as a revision first and approved again.")
        if meeting.minutes_approved_at
        else _("The minutes go back to draft until they are submitted again.")
    )
    if entries:
        intro = " ".join(
            [
                _(
                    "A roll call: correct each member's vote; the tally follows from the "
                    "roll, and the roll as it was is kept on the record."
                ),
                str(intro),
            ]
        )
    return form_page(
        request,
        form,
        save=save,
        said=_("Vote corrected; what it was is kept on the record."),
        done=lambda _vote: ("meetings:meeting", meeting.pk),
        template="meetings/meeting_part_form.html",
        context={"meeting": meeting, "heading": _("Correct a vote"), "intro": intro},
    )


@login_required
def minutes_revisions(request, pk):
    meeting = meeting_or_404(request, pk)
    old = access.visible(
        request.user, MinutesSectionRevision.objects.filter(meeting=meeting)
    ).select_related("approved_by")
    revisions: dict[int, list] = {}
    for section in old:
        section.html = render_markdown(section.body)
        revisions.setdefault(section.revision, []).append(section)
    return render(
        request,
        "meetings/minutes_revisions.html",
        {"meeting": meeting, "revisions": sorted(revisions.items(), reverse=True)},
    )
