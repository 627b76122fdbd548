"""A meeting's packet: documents added to an agenda item or a minutes section, their
level changed, removed, and downloaded, only ever through the gate.

A URL of a document or of what holds it answers 404 to whoever may not see it, then 403
to whoever may see it but does not record the committee's meetings.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from committees import access
from committees.access import Cap
from committees.selectors import get_visible_or_404
from meetings import services
from meetings.forms import DocumentLevelForm, DocumentUploadForm
from meetings.models import AgendaItem, MeetingDocument, MinutesSection
from safety_portal.view_helpers import form_page, post_action, private_file, require


def upload_form(holder, data=None, files=None) -> DocumentUploadForm:
    """The form that adds documents to ``holder`` (its meeting loaded), its level by
    default the holder's own along its chain."""
    floor = access.strictest([holder.meeting.visibility, holder.visibility])
    kind = "item" if isinstance(holder, AgendaItem) else "section"
    return DocumentUploadForm(data, files, floor=floor, id_prefix=f"{kind}-{holder.pk}-document")


def _anchor(holder) -> str:
    page = reverse("meetings:meeting", args=[holder.meeting_id])
    if isinstance(holder, AgendaItem):
        return f"{page}#agenda-item-{holder.pk}"
    return f"{page}#section-{holder.pk}"


def _upload(request, model, pk, heading: str):
    holder = get_visible_or_404(
        request.user, model.objects.select_related("meeting__committee"), pk=pk
    )
    require(request, Cap.RECORD_MEETINGS, holder.meeting)
    posted = request.method == "POST"
    form = upload_form(holder, request.POST if posted else None, request.FILES if posted else None)

    def said(documents) -> None:
        messages.success(
            request,
            ngettext(
                "%(n)s document added to the packet.",
                "%(n)s documents added to the packet.",
                len(documents),
            )
            % {"n": len(documents)},
        )

    return form_page(
        request,
        form,
        save=lambda data: services.meeting_document_add(holder=holder, by=request.user, **data),
        said=said,
        done=lambda _documents: (_anchor(holder),),
        template="meetings/meeting_part_form.html",
        context={"meeting": holder.meeting, "heading": heading % {"title": str(holder)}},
    )


@login_required
def agenda_item_document_new(request, pk):
    return _upload(request, AgendaItem, pk, _("Add documents to “%(title)s”"))


@login_required
def section_document_new(request, pk):
    return _upload(request, MinutesSection, pk, _("Add documents to “%(title)s”"))


def _document(request, pk, via: str | None = None) -> MeetingDocument:
    """A document the reader may see (along its whole chain), or 404."""
    return get_visible_or_404(
        request.user, access.with_chain(MeetingDocument.objects.all()), via=via, pk=pk
    )


@login_required
def document_download(request, pk):
    """Files are served only here, after the gate has shown the document to the reader;
    a restricted one read is kept in the audit trail."""
    return private_file(_document(request, pk, via="page"))


@login_required
def document_edit(request, pk):
    """A document's level, raised or lowered (never below what holds it), or its removal."""
    document = _document(request, pk)
    require(request, Cap.RECORD_MEETINGS, document.meeting)
    holder = document.agenda_item or document.section
    return form_page(
        request,
        DocumentLevelForm(
            request.POST if request.method == "POST" else None,
            initial={"visibility": document.visibility},
        ),
        save=lambda data: services.meeting_document_set_level(
            document=document, by=request.user, **data
        ),
        said=_("Level of “%(title)s” saved; the change is recorded.") % {"title": document.title},
        done=lambda _document: (_anchor(holder),),
        template="meetings/document_edit.html",
        context={"meeting": document.meeting, "document": document, "holder": holder},
    )


@login_required
@require_POST
def document_remove(request, pk):
    document = _document(request, pk)
    require(request, Cap.RECORD_MEETINGS, document.meeting)
    holder = document.agenda_item or document.section
    return post_action(
        request,
        lambda: services.meeting_document_remove(document=document, by=request.user),
        said=_("“%(title)s” removed from the packet; the removal is recorded.")
        % {"title": document.title},
        back=redirect(_anchor(holder)),
    )
