"""A meeting's minutes (sections, votes, approval, revisions) and its public summary."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from committees import access
from committees.access import Cap
from committees.forms import WithdrawForm
from committees.markdown import render as render_markdown
from committees.selectors import get_visible_or_404
from meetings import services
from meetings.forms import SectionEditForm, SectionForm, SummaryForm
from meetings.models import AgendaItem, MinutesSection, MinutesSectionRevision, PublicSummary
from meetings.views import meeting_or_404
from safety_portal.view_helpers import form_errors, require, say_proposed


@login_required
def section_new(request, pk):
    meeting = meeting_or_404(request, pk)
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
            return redirect("meetings:meeting", pk=meeting.pk)
    return render(
        request,
        "meetings/meeting_part_form.html",
        {"meeting": meeting, "form": form, "heading": "Add a minutes section"},
    )


@login_required
def summary_edit(request, pk):
    meeting = meeting_or_404(request, pk)
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
            return redirect("meetings:meeting", pk=meeting.pk)
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
            return redirect("meetings:meeting", pk=meeting.pk)
    return render(
        request,
        "meetings/meeting_part_form.html",
        {
            "meeting": meeting,
            "form": form,
            "heading": "Correct the public summary" if published else "Public summary",
        },
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
    if form.is_valid():
        services.summary_withdraw(summary=summary, by=request.user, **form.cleaned_data)
        messages.success(request, "Withdrawn: it is off the public pages and feeds.")
    else:
        messages.error(request, "Say why it is withdrawn.")
    return redirect("meetings:meeting", pk=meeting.pk)


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
    try:
        services.summary_publish(summary=summary, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Published.")
    return redirect("meetings:meeting", pk=meeting.pk)


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
    form = SectionEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.minutes_section_edit(section=section, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, "Section saved.")
            return redirect("meetings:meeting", pk=meeting.pk)
    heading = "Edit a minutes section"
    if meeting.minutes_approved_at:
        heading += " (the approved minutes are kept as a revision)"
    return render(
        request,
        "meetings/meeting_part_form.html",
        {"meeting": meeting, "form": form, "heading": heading},
    )


@login_required
@require_POST
def minutes_approve(request, pk):
    meeting = meeting_or_404(request, pk)
    require(request, Cap.RECORD_MEETINGS, meeting)
    try:
        services.minutes_approve(meeting=meeting, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Minutes recorded as approved by the committee.")
    return redirect("meetings:meeting", pk=meeting.pk)


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
