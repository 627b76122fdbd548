"""A meeting's public agenda: what of its agenda and packet the public may read.

Posted by someone with publish rights once the meeting's notice is public: a snapshot
of the agenda items whose own level is public, their documents whose own level is
public, and (if the poster says so) the meeting's video link. The titles pass the
redaction guard as a notice's do: a finding blocks the posting and is shown. Posting
again takes a new snapshot; every change is in the audit trail (the record is gated).
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from committees import access, public_cache, redaction
from committees.access import Cap
from committees.models import Level
from meetings.models import AgendaItem, Meeting, MeetingDocument, MeetingNotice, PublicAgenda

__all__ = [
    "AgendaPreview",
    "public_agenda_changed",
    "public_agenda_post",
    "public_agenda_preview",
]


@dataclass
class AgendaPreview:
    """Exactly what posting would make public now, and what the guard finds in it."""

    items: list[dict]
    video_link: str
    findings: list = field(default_factory=list)
    refusal: str = ""  # why the agenda cannot be posted at all ("" when it can)

    @property
    def documents(self) -> int:
        return sum(len(item["documents"]) for item in self.items)


def _snapshot(meeting: Meeting) -> list[dict]:
    """The items whose own level is public, in order, each with its public documents.

    Own levels, asked of the rows themselves: a meeting is kept at the committee's level,
    so the gate would call every item of it committee; what the committee marked public
    in it is what the public agenda speaks of (never a restricted meeting's: refused).
    """
    documents = MeetingDocument.objects.filter(visibility=Level.PUBLIC).order_by(
        "uploaded_at", "id"
    )
    items = (
        AgendaItem.objects.filter(meeting=meeting, visibility=Level.PUBLIC)
        .order_by("order", "id")
        .prefetch_related(Prefetch("files", queryset=documents, to_attr="public_files"))
    )
    return [
        {
            "id": item.pk,
            "order": item.order,
            "title": item.title,
            "documents": [
                {
                    "id": document.pk,
                    "title": document.title,
                    "name": document.name,
                    "content_type": document.content_type,
                    "size": document.size,
                }
                for document in item.public_files
            ],
        }
        for item in items
    ]


def _refusal(meeting: Meeting) -> str:
    if meeting.visibility == Level.RESTRICTED or meeting.kind == Meeting.Kind.EXECUTIVE:
        return _("An executive session's agenda is not posted: its notice states its purpose.")
    if meeting.status == Meeting.Status.CANCELLED:
        return _("This meeting is cancelled; there is no agenda to post.")
    if not MeetingNotice.objects.filter(meeting=meeting, published_at__isnull=False).exists():
        return _("Post the meeting's notice first: the public agenda is for announced meetings.")
    return ""


def public_agenda_preview(*, meeting: Meeting, video_link: bool = True) -> AgendaPreview:
    """What posting the agenda would make public, with the guard's findings."""
    items = _snapshot(meeting)
    link = meeting.video_link if video_link else ""
    words = [item["title"] for item in items]
    words += [document["title"] for item in items for document in item["documents"]]
    words += [document["name"] for item in items for document in item["documents"]]
    findings = redaction.check(committee=meeting.committee, text="\n".join([*words, link]))
    return AgendaPreview(items=items, video_link=link, findings=findings, refusal=_refusal(meeting))


@transaction.atomic
def public_agenda_post(*, meeting: Meeting, by, video_link: bool = True) -> PublicAgenda:
    """Post the public agenda, or post it again with what is public now.

    By someone with publish rights who may see the meeting (``by`` None: the system,
    for the demo). Refused while the guard finds anything, as a notice is.
    """
    if by is not None and not (
        access.can(by, access.VIEW, meeting) and access.can(by, Cap.PUBLISH_PUBLIC_UPDATE, meeting)
    ):
        raise PermissionDenied("You may not publish this committee's public texts.")
    meeting = (
        Meeting.objects.select_for_update().select_related("committee__district").get(pk=meeting.pk)
    )
    preview = public_agenda_preview(meeting=meeting, video_link=video_link)
    if preview.refusal:
        raise ValidationError(preview.refusal)
    if preview.findings:
        raise ValidationError(
            _("Not posted: rewrite these first: %(findings)s")
            % {"findings": "; ".join(str(finding) for finding in preview.findings)}
        )
    agenda = PublicAgenda.objects.select_for_update().filter(meeting=meeting).first()
    now = datetime.datetime.now(datetime.UTC)
    if agenda is None:
        agenda = PublicAgenda(meeting=meeting, published_at=now)
    else:
        agenda.revised_at = now
    agenda.items, agenda.video_link, agenda.published_by = preview.items, preview.video_link, by
    agenda.save()
    public_cache.bump_on_commit(meeting.committee.district_id)
    return agenda


def public_agenda_changed(meeting_id: int) -> None:
    """An item or document of the meeting changed its level, title or existence: its
    public pages are rendered afresh (the readers re-check every listed item and document,
    but a cached page or packet would hold the old answer until it expired)."""
    district_id = (
        PublicAgenda.objects.filter(meeting_id=meeting_id, published_at__isnull=False)
        .values_list("meeting__committee__district_id", flat=True)
        .first()
    )
    if district_id is not None:
        public_cache.bump_on_commit(district_id)
