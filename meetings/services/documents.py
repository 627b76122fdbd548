"""A meeting's packet: files on its agenda items and minutes sections, each at its own level.

A document is never less strict than what holds it (its agenda item or section, and the
meeting): the gate decides on the strictest along the chain, and these services refuse a
level below it. Kept in private storage, served only through the gate. Every document
added, changed or removed is kept in the audit trail (every gated model is registered
with it, ``audit.trail``).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from committees import access, uploads
from committees.models import Level
from meetings.models import AgendaItem, MeetingDocument, MinutesSection
from meetings.services.common import require_recorder

__all__ = [
    "meeting_document_add",
    "meeting_document_remove",
    "meeting_document_set_level",
]


def _check_floor(level: str, floor: str | None, field: str = "visibility") -> None:
    """Refuse a level below ``floor`` (the strictest of what holds the document)."""
    if level not in Level.values:
        raise ValidationError({field: _("Choose a level.")})
    if floor and access.RANK[level] < access.RANK[floor]:
        raise ValidationError(
            {
                field: _(
                    "A document cannot be less strict than what holds it: at least %(level)s here."
                )
                % {"level": Level(floor).label}
            }
        )


def _holder_now(holder: AgendaItem | MinutesSection, by) -> AgendaItem | MinutesSection:
    """The agenda item or section as it stands now, locked: a document is added under
    its current level, by someone who records the meeting and may see it."""
    require_recorder(by, holder.meeting)
    current = (
        type(holder)
        .objects.select_for_update(of=("self",))
        .select_related("meeting")
        .get(pk=holder.pk)
    )
    if by is not None and not access.can(by, access.VIEW, current):
        raise PermissionDenied("You may not change this meeting's packet.")
    return current


@transaction.atomic
def meeting_document_add(
    *,
    holder: AgendaItem | MinutesSection,
    files,
    by,
    titles=(),
    visibility: str | None = None,
) -> list[MeetingDocument]:
    """Attach ``files`` to an agenda item or a minutes section, the n-th titled by the
    n-th of ``titles`` (or by its file's name), all at ``visibility`` (by default the
    holder's level, never below it). All or nothing: any refusal keeps none."""
    holder = _holder_now(holder, by)
    files = list(files)
    titles = [title.strip() for title in titles]
    if not files:
        raise ValidationError({"files": _("Choose at least one file.")})
    if len(titles) > len(files):
        raise ValidationError(
            {"titles": _("More titles than files: one title a line, in the order of the files.")}
        )
    if any(len(title) > 200 for title in titles):
        raise ValidationError({"titles": _("A title is at most 200 characters.")})
    uploads.uploads_check(files)
    floor = access.effective_level(holder)
    level = visibility or floor
    _check_floor(level, floor)
    on_item = isinstance(holder, AgendaItem)
    documents = []
    try:
        for n, upload in enumerate(files):
            title = titles[n] if n < len(titles) and titles[n] else ""
            document = MeetingDocument(
                meeting=holder.meeting,
                agenda_item=holder if on_item else None,
                section=None if on_item else holder,
                title=title or uploads.title_from_name(upload.name),
                visibility=level,
                uploaded_by=by,
                file=upload,
                **uploads.upload_facts(upload),
            )
            access.check_level(document)
            document.save()
            documents.append(document)
    except BaseException:
        # The rows go with the transaction; the files stored so far go too.
        for document in documents:
            document.file.storage.delete(document.file.name)
        raise
    return documents


def _document_now(document: MeetingDocument, by) -> MeetingDocument:
    current = (
        MeetingDocument.objects.select_for_update(of=("self",))
        .select_related("meeting", "agenda_item", "section")
        .filter(pk=document.pk)
        .first()
    )
    if current is None:
        raise ValidationError(_("This document has been removed."))
    require_recorder(by, current.meeting)
    if by is not None and not access.can(by, access.VIEW, current):
        raise PermissionDenied("You may not change this document.")
    return current


@transaction.atomic
def meeting_document_set_level(
    *, document: MeetingDocument, visibility: str, by
) -> MeetingDocument:
    """Raise or lower a document's level, never below what holds it."""
    document = _document_now(document, by)
    _check_floor(visibility, access.container_level(document))
    if document.visibility != visibility:
        document.visibility = visibility
        document.save(update_fields=["visibility"])
    return document


@transaction.atomic
def meeting_document_remove(*, document: MeetingDocument, by) -> None:
    """Take a document out of the packet; its stored file goes once the removal is kept."""
    document = _document_now(document, by)
    storage, name = document.file.storage, document.file.name
    document.delete()
    transaction.on_commit(lambda: storage.delete(name))
