"""The permission matrix's cases of meetings, agendas, minutes, summaries and the calendar feeds.

The matrix itself: tests/test_permission_matrix.py.
"""

from django.core.files.base import ContentFile
from django.urls import reverse

from committees import access
from committees.models import Level
from meetings import services as meeting_services
from meetings.models import (
    AgendaItem,
    AgendaTemplateItem,
    Attendance,
    Guest,
    MeetingDocument,
    MeetingNotice,
    PublicAgenda,
    PublicMinutes,
    PublicSummary,
)
from safety_portal import documents
from tests.cast_base import canary
from tests.conftest import Cast, may_see
from tests.matrix import (
    COMMITTEES,
    Builder,
    Request,
    api_lists,
    api_status,
    committee_lists,
    district_admin_pages,
    record_pages,
    record_status,
    signed_in_status,
    view_status,
)
from tests.meetings import public_minutes_matrix
from tests.meetings.cast import packet_file


def _meetings(cast: Cast):
    """Each committee's meeting, the high school committee's executive session, and its
    meeting whose approved minutes were raised to restricted."""
    for committee_name, meeting in cast.meetings.items():
        yield committee_name, meeting, Level.COMMITTEE
    yield "high", cast.executive, Level.RESTRICTED
    yield "high", cast.reclassified, Level.COMMITTEE


def _strictest(*levels: str) -> str:
    """The rule stated plainly: restricted anywhere along the chain makes it restricted."""
    return Level.RESTRICTED if Level.RESTRICTED in levels else Level.COMMITTEE


def _by_meeting(cast: Cast, role: str, name: str, *, record=False, method="get", data=None):
    requests = []
    for committee_name, meeting, level in _meetings(cast):
        expected = view_status(role, committee_name, level)
        if record and expected == 200:
            expected = record_status(role, committee_name)
            if method == "post" and expected == 200:
                expected = 302
        requests.append(Request(reverse(name, args=[meeting.pk]), expected, method, data or {}))
    return requests


def _by_section(cast: Cast, role: str, name: str):
    requests = []
    for committee_name, meeting, meeting_level in _meetings(cast):
        for section in meeting.sections.all():
            expected = view_status(
                role, committee_name, _strictest(meeting_level, section.visibility)
            )
            if expected == 200:
                expected = record_status(role, committee_name)
            requests.append(Request(reverse(name, args=[section.pk]), expected))
    return requests


def _by_vote(cast: Cast, role: str, name: str):
    """Correcting a vote: 404 unless its section (and meeting) may be seen, then the right
    to record meetings decides."""
    requests = []
    for committee_name, meeting, meeting_level in _meetings(cast):
        for section in meeting.sections.all():
            for vote in section.votes.all():
                expected = view_status(
                    role, committee_name, _strictest(meeting_level, section.visibility)
                )
                if expected == 200:
                    expected = record_status(role, committee_name)
                requests.append(Request(reverse(name, args=[vote.pk]), expected))
    return requests


def _district_rules(cast: Cast, role: str, name: str):
    """The district's open meeting rules: its safety administrators only (as the compliance
    settings), each their own district's; a POST with nothing typed is shown again."""
    requests = district_admin_pages(cast, role, name)
    url = reverse(name)
    if role == "anonymous":
        return [*requests, Request(url, 302, "post")]
    admin = role in ("district_admin", "other_admin")
    return [*requests, Request(url, 200 if admin else 403, "post", {"holidays": "not a date"})]


def _district_rules_reset(cast: Cast, role: str, name: str):
    url = reverse(name)
    if role == "anonymous":
        return [Request(url, 302, "post")]
    return [Request(url, 302 if role in ("district_admin", "other_admin") else 403, "post")]


def _send_back_summary(cast: Cast, role: str, name: str):
    """A reviewer (who may publish) sends a draft summary back with a comment, a canary at
    the meeting's level: the secretary drafts but does not review (403)."""
    requests = []
    for committee_name, meeting, level in _meetings(cast):
        comment = canary(f"SEND-BACK-{level.upper()}", committee_name)
        cast.canaries[comment] = (committee_name, level)
        expected = view_status(role, committee_name, level)
        if expected == 200:
            expected = record_status(role, committee_name)
            if expected == 200:
                expected = 403 if role == "secretary" else 302
        url = reverse(name, args=[meeting.pk])
        requests.append(Request(url, expected, "post", {"comment": comment}))
    return requests


def _by_agenda_item(cast: Cast, role: str, name: str, *, method="get", data=None, fresh=False):
    """Per agenda item: 404 unless its level is visible, then 200/302 or 403 by record right.

    fresh: act on new items (with canaries of their own), so that removing them leaves
    the cast's agenda as it was for the cases that follow.
    """
    requests = []
    for committee_name, meeting, meeting_level in _meetings(cast):
        if fresh:
            items = []
            for level in {_strictest(meeting_level, Level.COMMITTEE), Level.RESTRICTED}:
                title = f"CANARY-AGENDA-FRESH-{level.upper()}-{committee_name}-7f3a"
                cast.canaries[title] = (committee_name, level)
                items.append(
                    meeting_services.agenda_item_add(
                        meeting=meeting, title=title, visibility=level, by=None
                    )
                )
        else:
            items = list(meeting.agenda_items.all())
        for item in items:
            expected = view_status(role, committee_name, _strictest(meeting_level, item.visibility))
            if expected == 200:
                expected = record_status(role, committee_name)
                if method == "post" and expected == 200:
                    expected = 302
            requests.append(Request(reverse(name, args=[item.pk]), expected, method, data or {}))
    return requests


def _standing_items(cast: Cast, *, fresh=False) -> dict:
    """A standing agenda item per committee, its title a committee-level canary."""
    rows = {}
    for committee_name in COMMITTEES:
        committee = getattr(cast, committee_name)
        row = None if fresh else AgendaTemplateItem.objects.filter(committee=committee).first()
        if row is None:
            title = f"CANARY-STANDING-{'FRESH-' if fresh else ''}{committee_name}-7f3a"
            cast.canaries[title] = (committee_name, Level.COMMITTEE)
            row = meeting_services.agenda_template_item_add(
                committee=committee, title=title, by=None
            )
        rows[committee_name] = row
    return rows


def _agenda_template(cast: Cast, role: str, name: str):
    """Members see the standing agenda; adding to it takes the right to record meetings."""
    _standing_items(cast)
    requests = committee_lists(cast, role, name)
    for r in record_pages(cast, role, name):
        expected = 302 if r.expected == 200 else r.expected
        requests.append(Request(r.url, expected, "post", {"title": "Drill review", "minutes": 5}))
    return requests


def _by_standing(cast: Cast, role: str, name: str, *, method="get", data=None, fresh=False):
    requests = []
    for committee_name, row in _standing_items(cast, fresh=fresh).items():
        expected = record_status(role, committee_name)
        if method == "post" and expected == 200:
            expected = 302
        requests.append(Request(reverse(name, args=[row.pk]), expected, method, data or {}))
    return requests


def _by_summary(cast: Cast, role: str, name: str):
    """Summary downloads: anyone's once published; a draft 404s to all who may not see it.

    Decided when the requests are built: a publish case earlier in the run may have
    published a summary.
    """
    requests = []
    for committee_name, meeting in cast.meetings.items():
        published = PublicSummary.objects.filter(
            meeting=meeting, published_at__isnull=False
        ).exists()
        seen = published or may_see(role, committee_name, Level.COMMITTEE)
        requests.append(Request(reverse(name, args=[meeting.pk]), 200 if seen else 404))
    return requests


def _calendar_feed(cast: Cast, role: str, name: str):
    """Each person's private feed, read with their token: exactly what they may see."""
    if role == "anonymous":
        return [Request(reverse(name, args=["not-a-token"]), 404)]
    token = meeting_services.calendar_token_get(user=cast.people[role]).token
    return [Request(reverse(name, args=[token]), 200)]


def _public_meetings(cast: Cast, role: str, name: str):
    """Public once a notice, summary or public minutes are published (earlier requests may
    have published)."""
    requests = []
    public_minutes_matrix.add_public_minutes(cast)
    for _committee_name, meeting, _level in _meetings(cast):
        published = (
            MeetingNotice.objects.filter(meeting=meeting, published_at__isnull=False).exists()
            or PublicSummary.objects.filter(meeting=meeting, published_at__isnull=False).exists()
            or PublicMinutes.objects.filter(meeting=meeting, published_at__isnull=False).exists()
        )
        url = reverse(name, args=[meeting.committee.district.slug, meeting.pk])
        requests.append(Request(url, 200 if published else 404))
    wrong_district = reverse(name, args=["millbrook", cast.meetings["high"].pk])
    return [*requests, Request(wrong_district, 404)]


def _api_meetings(cast: Cast, role: str, name: str) -> list[Request]:
    """Each meeting alone, with its agenda, attendance and minutes: 404 unless visible (the
    body is checked for the canaries of the parts the reader may not see)."""
    return [
        Request(
            reverse(name, args=[meeting.pk]),
            api_status(role, 404 if role == "anonymous" else view_status(role, c, level)),
        )
        for c, meeting, level in _meetings(cast)
    ]


def _api_meeting_lists(cast: Cast, role: str, name: str) -> list[Request]:
    """Everything the reader may see, filtered like the list page; a committee the reader
    may not see is refused exactly as one that does not exist (400, the same message).
    Then a meeting scheduled in each committee: 201 where the caller records meetings,
    403 where they only see the committee, 400 where they do not see it."""
    url = reverse(name)
    requests = api_lists(cast, role, name)
    requests.append(
        Request(
            f"{url}?status=held&status=scheduled&kind=executive"
            "&starts_after=2026-10-01T00:00:00Z&starts_before=2026-11-01T00:00:00Z&ordering=starts_at",
            api_status(role, 200),
        )
    )
    for c in COMMITTEES:
        seen = role != "anonymous" and view_status(role, c, Level.COMMITTEE) == 200
        committee = getattr(cast, c)
        requests.append(
            Request(f"{url}?committee={committee.pk}", api_status(role, 200 if seen else 400))
        )
        title = canary("API-MEETING", c)
        cast.canaries[title] = (c, Level.COMMITTEE)
        expected = 400
        if seen:
            expected = 201 if record_status(role, c) == 200 else 403
        data = {
            "committee": committee.pk,
            "title": title,
            "starts_at": "2027-01-13T23:00:00Z",
            "location": "Library",
        }
        requests.append(Request(url, api_status(role, expected), "post", data))
    missing = {"committee": 999999, "title": "Drill review", "starts_at": "2027-01-13T23:00:00Z"}
    requests.append(Request(url, api_status(role, 400), "post", missing))
    return requests


def _attendance_as_recorded(meeting) -> dict:
    """The meeting's attendance as it stands, in the form's fields (a recorder sends it
    back unchanged: the cast's canary notes stay for the cases that follow)."""
    data = {}
    recorded = {a.membership_id: a for a in Attendance.objects.filter(meeting=meeting)}
    members = meeting_services.attendance_members(meeting).order_by("pk")
    for n, membership in enumerate(members):
        a = recorded.get(membership.pk)
        data[f"attendance[{n}]membership"] = membership.pk
        data[f"attendance[{n}]status"] = a.status if a else "present"
        data[f"attendance[{n}]note"] = a.note if a else ""
    for n, guest in enumerate(Guest.objects.filter(meeting=meeting)):
        data[f"guests[{n}]name"] = guest.name
        data[f"guests[{n}]organization"] = guest.organization
    return data


def _api_attendance(cast: Cast, role: str, name: str) -> list[Request]:
    """Recording attendance: 404 unless the meeting is visible, then 200 or 403 by the
    right to record meetings."""
    requests = []
    for c, meeting, level in _meetings(cast):
        expected = 404 if role == "anonymous" else view_status(role, c, level)
        if expected == 200:
            expected = record_status(role, c)
        data = _attendance_as_recorded(meeting)
        requests.append(
            Request(reverse(name, args=[meeting.pk]), api_status(role, expected), "post", data)
        )
    return requests


def _status(role: str, committee_name: str, level: str, *, record: bool, post: bool) -> int:
    """404 unless the reader sees the record along its chain; then, for a recorder's page,
    the right to record meetings decides (a POST done sends them back: 302)."""
    expected = view_status(role, committee_name, level)
    if record and expected == 200:
        expected = record_status(role, committee_name)
    if post and expected == 200:
        expected = 302
    return expected


def _packet(cast: Cast, *, fresh: bool = False):
    """(committee, the document's level along its chain, document) for every document of
    the meetings' packets; ``fresh``: new ones, with canaries of their own, for the cases
    that remove them (the cast's packet stays for the cases that follow)."""
    for committee_name, meeting, meeting_level in _meetings(cast):
        if fresh:
            for holder in (*meeting.agenda_items.all(), *meeting.sections.all()):
                level = _strictest(meeting_level, holder.visibility)
                title = canary(f"PACKET-FRESH-{level.upper()}", committee_name)
                cast.canaries[title] = (committee_name, level)
                meeting_services.meeting_document_add(
                    holder=holder,
                    files=[packet_file("fresh.txt", title)],
                    titles=[title],
                    by=None,
                )
        documents = MeetingDocument.objects.filter(meeting=meeting).select_related(
            "agenda_item", "section"
        )
        if fresh:
            documents = documents.filter(title__contains="PACKET-FRESH")
        for document in documents:
            holder = document.agenda_item or document.section
            level = _strictest(meeting_level, holder.visibility, document.visibility)
            yield committee_name, level, document


def _by_document(cast: Cast, role: str, name: str, *, record=False, method="get", fresh=False):
    requests = []
    for committee_name, level, document in _packet(cast, fresh=fresh):
        post = method == "post"
        expected = _status(role, committee_name, level, record=record, post=post)
        data = {"visibility": document.visibility} if post and not fresh else {}
        if data and expected == 302 and role != "anonymous" and _below_its_holders(document):
            # Written around the services (the public agenda's): a recorder's form keeps
            # no level below what holds it; it says why and saves nothing.
            expected = 200
        requests.append(Request(reverse(name, args=[document.pk]), expected, method, data))
    return requests


def _below_its_holders(document) -> bool:
    floor = access.container_level(document)
    return bool(floor) and access.RANK[document.visibility] < access.RANK[floor]


def _upload_to(cast: Cast, role: str, name: str, holders: str):
    """Adding documents to each agenda item or section: its page (GET), then a file sent
    (POST), titled with a canary at the holder's level along its chain."""
    requests = []
    for committee_name, meeting, meeting_level in _meetings(cast):
        for holder in getattr(meeting, holders).all():
            level = _strictest(meeting_level, holder.visibility)
            url = reverse(name, args=[holder.pk])
            requests.append(
                Request(url, _status(role, committee_name, level, record=True, post=False))
            )
            title = canary(f"PACKET-UPLOAD-{level.upper()}", committee_name)
            cast.canaries[title] = (committee_name, level)
            data = {"files": [packet_file("agenda.pdf", title)], "titles": title}
            expected = _status(role, committee_name, level, record=True, post=True)
            requests.append(Request(url, expected, "post", data))
    return requests


def _pdf(*lines: str) -> bytes:
    doc = documents.Document(title="Packet document", filename="document", footer="")
    for line in lines:
        doc.add("text", line)
    return documents.render_pdf(doc)


def _packet_document(cast: Cast, item, key: str, level: str, canaries_at: str | None):
    """A document on ``item``; its title and its PDF's text canaries at ``canaries_at``
    (None: public words)."""
    if canaries_at is None:
        title, body = "Spring drill calendar", "March: lockdown drill"
    else:
        title, body = canary(f"{key}-TITLE", "high"), canary(f"{key}-CONTENT", "high")
        cast.canaries[title] = ("high", canaries_at)
        cast.canaries[body] = ("high", canaries_at)
    content = _pdf(title, body)
    document = MeetingDocument(
        meeting=item.meeting,
        agenda_item=item,
        title=title,
        name="document.pdf",
        content_type="application/pdf",
        size=len(content),
        visibility=level,
    )
    document.file.save(document.name, ContentFile(content), save=False)
    document.save()
    return document


def _public_agenda(cast: Cast) -> dict:
    """The announced high school meeting's public agenda, posted once per cast: a public
    item (written around the services: the meeting is at the committee's level) holding a
    public PDF and a restricted one (canaries in its title and text), and a public PDF on
    the committee-level item (canaries at the committee's level). The video link stays
    off (it is a committee-level canary of the cast)."""
    meeting = cast.meetings["high"]
    if "public_agenda" in cast.__dict__:
        return cast.__dict__["public_agenda"]
    item = AgendaItem.objects.create(
        meeting=meeting, order=50, title="Spring drill calendar", visibility=Level.PUBLIC
    )
    committee_item = (
        meeting.agenda_items.filter(visibility=Level.COMMITTEE).order_by("order", "id").first()
    )
    files = {
        "public": _packet_document(cast, item, "", Level.PUBLIC, None),
        "restricted": _packet_document(
            cast, item, "PACKET-RESTRICTED", Level.RESTRICTED, Level.RESTRICTED
        ),
        "on_committee_item": _packet_document(
            cast, committee_item, "PACKET-ON-COMMITTEE-ITEM", Level.PUBLIC, Level.COMMITTEE
        ),
    }
    meeting_services.public_agenda_post(meeting=meeting, by=None, video_link=False)
    cast.__dict__["public_agenda"] = files
    return files


def _public_by_meeting(cast: Cast, role: str, name: str, *, posted: bool):
    """404 unless the meeting is announced (``posted``: and its public agenda posted)."""
    _public_agenda(cast)
    requests = []
    for _committee_name, meeting, _level in _meetings(cast):
        shown = MeetingNotice.objects.filter(meeting=meeting, published_at__isnull=False)
        if posted:
            shown = PublicAgenda.objects.filter(meeting=meeting, published_at__isnull=False)
        url = reverse(name, args=[meeting.committee.district.slug, meeting.pk])
        requests.append(Request(url, 200 if shown.exists() else 404))
    wrong_district = reverse(name, args=["millbrook", cast.meetings["high"].pk])
    return [*requests, Request(wrong_district, 404)]


def _public_documents(cast: Cast, role: str, name: str):
    """Only the public document on the public item is served; to anyone."""
    files = _public_agenda(cast)
    meeting = cast.meetings["high"]
    requests = [
        Request(
            reverse(name, args=["westport", meeting.pk, document.pk]),
            200 if key == "public" else 404,
        )
        for key, document in files.items()
    ]
    other = cast.meetings["middle"]
    url = reverse(name, args=["westport", other.pk, files["public"].pk])
    return [*requests, Request(url, 404)]


def _post_public_agenda(cast: Cast, role: str, name: str):
    """The preview and the posting: who may see the meeting and publish its committee's
    public texts (not the secretary, who records and drafts); the preview shows public
    words only. A posted agenda re-renders the preview with a "preview" POST (200)."""
    _public_agenda(cast)
    requests = []
    for r in _by_meeting(cast, role, name, record=True):
        expected = 403 if r.expected == 200 and role == "secretary" else r.expected
        requests.append(Request(r.url, expected))
        requests.append(Request(r.url, expected, "post", {"preview": "1"}))
    return requests


# URL name -> the requests to make for a role, each with the status it must get.
CASES: dict[str, Builder] = {
    # The public agenda is posted first, while its meeting is not yet cancelled by a case below.
    "meetings:list": lambda cast, role, name: (
        _public_agenda(cast),
        committee_lists(cast, role, name),
    )[1],
    "meetings:meeting_new": record_pages,
    "meetings:meeting": _by_meeting,
    "meetings:meeting_edit": lambda cast, role, name: _by_meeting(cast, role, name, record=True),
    "meetings:meeting_attendance": lambda cast, role, name: _by_meeting(
        cast, role, name, record=True
    ),
    "meetings:agenda_item_new": lambda cast, role, name: _by_meeting(cast, role, name, record=True),
    "meetings:section_new": lambda cast, role, name: _by_meeting(cast, role, name, record=True),
    "meetings:agenda_item_edit": _by_agenda_item,
    "meetings:agenda_item_move": lambda cast, role, name: _by_agenda_item(
        cast, role, name, method="post", data={"direction": "up"}
    ),
    "meetings:agenda_item_remove": lambda cast, role, name: (
        _by_agenda_item(cast, role, name, fresh=True)
        + _by_agenda_item(cast, role, name, method="post", fresh=True)
    ),
    "meetings:agenda_template": _agenda_template,
    "meetings:agenda_template_item_edit": _by_standing,
    "meetings:agenda_template_item_move": lambda cast, role, name: _by_standing(
        cast, role, name, method="post", data={"direction": "down"}
    ),
    "meetings:agenda_template_item_remove": lambda cast, role, name: _by_standing(
        cast, role, name, method="post", fresh=True
    ),
    "meetings:section_edit": _by_section,
    "meetings:minutes_revisions": _by_meeting,
    "meetings:minutes_approve": lambda cast, role, name: _by_meeting(
        cast, role, name, record=True, method="post"
    ),
    "meetings:minutes_submit": lambda cast, role, name: _by_meeting(
        cast, role, name, record=True, method="post"
    ),
    "meetings:vote_new": _by_section,
    "meetings:vote_edit": _by_vote,
    "meetings:summary_send_back": _send_back_summary,
    "meetings:summary_edit": lambda cast, role, name: _by_meeting(cast, role, name, record=True),
    "meetings:minutes_pdf": _by_meeting,
    "meetings:minutes_txt": _by_meeting,
    "meetings:summary_pdf": _by_summary,
    "meetings:summary_txt": _by_summary,
    "meetings:summary_publish": lambda cast, role, name: (
        [
            Request(r.url, 403 if r.expected == 200 and role == "secretary" else r.expected)
            for r in _by_meeting(cast, role, name, record=True)
        ]
        + [
            Request(
                r.url, 403 if r.expected == 302 and role == "secretary" else r.expected, r.method
            )
            for r in _by_meeting(cast, role, name, record=True, method="post")
        ]
    ),
    "meetings:meeting_cancel": lambda cast, role, name: _by_meeting(
        cast, role, name, record=True, method="post", data={"reason": "Snow day"}
    ),
    # Drafters propose a notice; a second person with publish rights approves it.
    "meetings:meeting_notice": lambda cast, role, name: _by_meeting(cast, role, name, record=True),
    "meetings:summary_withdraw": lambda cast, role, name: [
        Request(r.url, 403 if r.expected == 302 and role == "secretary" else r.expected, r.method)
        for r in _by_meeting(
            cast, role, name, record=True, method="post", data={"reason": "Posted too early"}
        )
    ],
    # The packet: files only through the gate, along the whole chain.
    "meetings:document": _by_document,
    "meetings:document_edit": lambda cast, role, name: (
        _by_document(cast, role, name, record=True)
        + _by_document(cast, role, name, record=True, method="post")
    ),
    "meetings:document_remove": lambda cast, role, name: _by_document(
        cast, role, name, record=True, method="post", fresh=True
    ),
    "meetings:agenda_item_document_new": lambda cast, role, name: _upload_to(
        cast, role, name, "agenda_items"
    ),
    "meetings:section_document_new": lambda cast, role, name: _upload_to(
        cast, role, name, "sections"
    ),
    "meetings:calendar": lambda cast, role, name: [Request(reverse(name), signed_in_status(role))],
    "meetings:rules": _district_rules,
    "meetings:rules_reset": _district_rules_reset,
    "calendar_feed": _calendar_feed,
    "public:meetings_ics": lambda cast, role, name: [
        Request(reverse(name, args=["westport"]), 200),
        Request(reverse(name, args=["millbrook"]), 200),
    ],
    "public:meeting": lambda cast, role, name: (
        _public_agenda(cast),
        _public_meetings(cast, role, name),
    )[1],
    "public:meeting_ics": lambda cast, role, name: _public_by_meeting(
        cast, role, name, posted=False
    ),
    "public:meeting_packet": lambda cast, role, name: _public_by_meeting(
        cast, role, name, posted=True
    ),
    "public:meeting_document": _public_documents,
    "meetings:public_agenda": _post_public_agenda,
    "api:meeting-list": _api_meeting_lists,
    "api:meeting-detail": _api_meetings,
    "api:meeting-attendance": _api_attendance,
}
CASES.update(public_minutes_matrix.CASES)
