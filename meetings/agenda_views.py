"""A meeting's agenda, and the committee's standing agenda that new meetings start from."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from committees import access
from committees.access import Cap
from committees.selectors import get_visible_or_404
from meetings import services
from meetings.forms import AgendaItemForm, AgendaTemplateItemForm, MoveForm
from meetings.models import AgendaItem, AgendaTemplateItem, Meeting
from meetings.views import meeting_or_404
from safety_portal.view_helpers import committee_or_404, form_page, require


@login_required
def agenda_item_new(request, pk):
    meeting = meeting_or_404(request, pk)
    require(request, Cap.RECORD_MEETINGS, meeting)
    return form_page(
        request,
        AgendaItemForm(request.POST or None, initial={"visibility": meeting.default_level}),
        save=lambda data: services.agenda_item_add(meeting=meeting, by=request.user, **data),
        said=_("Agenda item added."),
        done=lambda _: ("meetings:meeting", meeting.pk),
        template="meetings/meeting_part_form.html",
        context={"meeting": meeting, "heading": _("Add an agenda item")},
    )


def _agenda_item(request, pk) -> AgendaItem:
    """An agenda item to change: 404 unless the user may see it, 403 unless they record."""
    item = get_visible_or_404(
        request.user, AgendaItem.objects.select_related("meeting__committee"), pk=pk
    )
    require(request, Cap.RECORD_MEETINGS, item.meeting)
    return item


def _agenda_of(meeting: Meeting) -> str:
    return reverse("meetings:meeting", args=[meeting.pk]) + "#agenda"


def _to_agenda(meeting: Meeting):
    return redirect(_agenda_of(meeting))


@login_required
def agenda_item_edit(request, pk):
    item = _agenda_item(request, pk)
    initial = {
        "title": item.title,
        "presenter": item.presenter,
        "minutes": item.minutes,
        "visibility": item.visibility,
    }
    return form_page(
        request,
        AgendaItemForm(request.POST or None, initial=initial),
        save=lambda data: services.agenda_item_edit(item=item, by=request.user, **data),
        said=_("Agenda item saved."),
        done=lambda _: (_agenda_of(item.meeting),),
        template="meetings/meeting_part_form.html",
        context={"meeting": item.meeting, "heading": _("Edit an agenda item")},
    )


@login_required
@require_POST
def agenda_item_move(request, pk):
    item = _agenda_item(request, pk)
    form = MoveForm(request.POST)
    if form.is_valid():
        services.agenda_item_move(item=item, by=request.user, **form.cleaned_data)
    else:
        messages.error(request, _("Move the item up or down."))
    return _to_agenda(item.meeting)


@login_required
def agenda_item_remove(request, pk):
    """GET asks for confirmation; POST removes. Linked minutes sections keep their text."""
    item = _agenda_item(request, pk)
    if request.method == "POST":
        services.agenda_item_remove(item=item, by=request.user)
        messages.success(request, _("“%(title)s” removed from the agenda.") % {"title": item.title})
        return _to_agenda(item.meeting)
    return render(
        request,
        "meetings/agenda_item_remove.html",
        {
            "item": item,
            "meeting": item.meeting,
            "sections": access.visible(request.user, item.sections.all()).count(),
        },
    )


def _standing(request, pk) -> AgendaTemplateItem:
    """A standing agenda item to change: 404 unless its committee is seen, then 403."""
    standing = get_visible_or_404(
        request.user, AgendaTemplateItem.objects.select_related("committee"), pk=pk
    )
    require(request, Cap.RECORD_MEETINGS, standing.committee)
    return standing


def _to_template(committee):
    return redirect("meetings:agenda_template", pk=committee.pk)


@login_required
def agenda_template(request, pk):
    """The standing agenda: members see it; those who record meetings change it."""
    committee = committee_or_404(request, pk)
    can_record = access.can(request.user, Cap.RECORD_MEETINGS, committee)
    if request.method == "POST":
        require(request, Cap.RECORD_MEETINGS, committee)
    return form_page(
        request,
        AgendaTemplateItemForm(request.POST or None) if can_record else None,
        save=lambda data: services.agenda_template_item_add(
            committee=committee, by=request.user, **data
        ),
        said=_("Standing item added; meetings scheduled from now on get it."),
        done=lambda _: ("meetings:agenda_template", committee.pk),
        template="meetings/agenda_template.html",
        context={
            "committee": committee,
            "standing": access.visible(
                request.user, AgendaTemplateItem.objects.filter(committee=committee)
            ),
            "can_record": can_record,
        },
    )


@login_required
def agenda_template_item_edit(request, pk):
    standing = _standing(request, pk)
    initial = {"title": standing.title, "minutes": standing.minutes}
    return form_page(
        request,
        AgendaTemplateItemForm(request.POST or None, initial=initial),
        save=lambda data: services.agenda_template_item_edit(
            standing=standing, by=request.user, **data
        ),
        said=_("Standing item saved."),
        done=lambda _: ("meetings:agenda_template", standing.committee.pk),
        template="meetings/agenda_template_item_form.html",
        context={"committee": standing.committee},
    )


@login_required
@require_POST
def agenda_template_item_move(request, pk):
    standing = _standing(request, pk)
    form = MoveForm(request.POST)
    if form.is_valid():
        services.agenda_template_item_move(standing=standing, by=request.user, **form.cleaned_data)
    else:
        messages.error(request, _("Move the item up or down."))
    return _to_template(standing.committee)


@login_required
@require_POST
def agenda_template_item_remove(request, pk):
    standing = _standing(request, pk)
    services.agenda_template_item_remove(standing=standing, by=request.user)
    messages.success(
        request,
        _("“%(title)s” removed; meetings already scheduled keep their copy.")
        % {"title": standing.title},
    )
    return _to_template(standing.committee)
