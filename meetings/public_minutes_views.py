"""A meeting's public minutes (prepared, reviewed, published, withdrawn) and the release
review of an executive session's minutes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from committees import access
from committees.access import Cap
from committees.forms import WithdrawForm
from committees.selectors import get_visible_or_404
from meetings import selectors, services
from meetings.forms import PublicMinutesForm, ReleaseDecisionForm
from meetings.models import Meeting, PublicMinutes
from meetings.views import meeting_or_404
from safety_portal.view_helpers import form_page, post_action, require, say_findings


def _public_minutes_or_404(request, meeting: Meeting) -> PublicMinutes:
    return get_visible_or_404(
        request.user,
        PublicMinutes.objects.filter(meeting=meeting).select_related(
            "meeting", "written_by", "published_by"
        ),
        meeting=meeting,
    )


@login_required
@require_POST
def public_minutes_prepare(request, pk):
    """Start the public minutes from the approved minutes (or start the draft over)."""
    meeting = meeting_or_404(request, pk)
    require(request, Cap.DRAFT_PUBLIC_UPDATE, meeting)
    again = request.POST.get("again") == "1"
    try:
        services.public_minutes_prepare(meeting=meeting, by=request.user, again=again)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("meetings:meeting", pk=meeting.pk)
    messages.success(
        request,
        _("Prepared from the approved minutes: each restricted section is marked as withheld."),
    )
    return redirect("meetings:public_minutes_edit", pk=meeting.pk)


@login_required
def public_minutes_edit(request, pk):
    """Edit the draft: redact more, withhold a section, write a release on its own."""
    meeting = meeting_or_404(request, pk)
    require(request, Cap.DRAFT_PUBLIC_UPDATE, meeting)
    minutes = _public_minutes_or_404(request, meeting)
    if minutes.published_at is not None:
        messages.info(
            request, _("These public minutes are published: withdraw them to correct them.")
        )
        return redirect("meetings:meeting", pk=meeting.pk)
    form = PublicMinutesForm(request.POST or None, parts=minutes.parts)
    return form_page(
        request,
        form,
        save=lambda _data: services.public_minutes_save(
            minutes=minutes, parts=form.new_parts(), by=request.user
        ),
        said=lambda saved: say_findings(request, saved[1]),
        done=lambda _saved: ("meetings:meeting", meeting.pk),
        template="meetings/public_minutes_form.html",
        context={"meeting": meeting, "minutes": minutes},
    )


@login_required
def public_minutes_publish(request, pk):
    """The review screen (GET), and publication by a second person (POST)."""
    meeting = meeting_or_404(request, pk)
    require(request, Cap.PUBLISH_PUBLIC_UPDATE, meeting)
    minutes = _public_minutes_or_404(request, meeting)
    if request.method != "POST":
        return render(
            request,
            "meetings/public_minutes_review.html",
            {
                "meeting": meeting,
                "minutes": minutes,
                "findings": []
                if minutes.published_at
                else services.public_minutes_check(minutes=minutes),
                "is_author": minutes.written_by_id == request.user.pk,
            },
        )
    return post_action(
        request,
        lambda: services.public_minutes_publish(minutes=minutes, by=request.user),
        said=_("Published: the minutes are on the public meeting page."),
        back=redirect("meetings:meeting", pk=meeting.pk),
    )


@login_required
@require_POST
def public_minutes_withdraw(request, pk):
    meeting = meeting_or_404(request, pk)
    require(request, Cap.PUBLISH_PUBLIC_UPDATE, meeting)
    minutes = _public_minutes_or_404(request, meeting)
    form = WithdrawForm(request.POST)
    return post_action(
        request,
        lambda: services.public_minutes_withdraw(
            minutes=minutes, by=request.user, **form.cleaned_data
        ),
        form=form,
        invalid=_("Say why it is withdrawn."),
        said=_("Withdrawn: the minutes are off the public page; correct them and publish again."),
        back=redirect("meetings:meeting", pk=meeting.pk),
    )


@login_required
def minutes_release(request, pk):
    """The release review of an executive session's minutes: the decisions so far, and a
    new one (keep closed, with why and the next review day; or release)."""
    meeting = meeting_or_404(request, pk)
    if meeting.kind != Meeting.Kind.EXECUTIVE:
        raise Http404("Not found.")
    if not services.is_release_reviewer(request.user, meeting):
        raise PermissionDenied
    public = access.visible(request.user, PublicMinutes.objects.filter(meeting=meeting)).first()
    form = ReleaseDecisionForm(request.POST or None)

    def save(data):
        return services.minutes_release_decide(meeting=meeting, by=request.user, **data)

    def done(decision):
        if decision.decision == decision.Decision.RELEASE:
            return ("meetings:public_minutes_edit", meeting.pk)
        return ("meetings:minutes_release", meeting.pk)

    def said(decision):
        if decision.decision == decision.Decision.RELEASE:
            messages.success(
                request,
                _(
                    "Released: write the public minutes on their own, in general terms; the "
                    "guard reads them and someone else with publish rights publishes them."
                ),
            )
        else:
            messages.success(request, _("Kept closed; the next review is on the record."))

    return form_page(
        request,
        form,
        save=save,
        said=said,
        done=done,
        template="meetings/minutes_release.html",
        context={
            "meeting": meeting,
            "decisions": selectors.release_decisions(request.user, meeting, via="page"),
            "public": public,
        },
    )
