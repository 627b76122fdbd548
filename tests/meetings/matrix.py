"""The permission matrix's cases of meetings, agendas, minutes, summaries and the calendar feeds.

The matrix itself: tests/test_permission_matrix.py.
"""

from django.urls import reverse

from committees.models import Level
from meetings import services as meeting_services
from meetings.models import (
    AgendaTemplateItem,
    Attendance,
    Guest,
    MeetingNotice,
    PublicMinutes,
    PublicSummary,
)
from tests.cast_base import canary
from tests.conftest import Cast, may_see
from tests.matrix import (
    COMMITTEES,
    Builder,
    Request,
    api_lists,
    api_status,
    committee_lists,
    record_pages,
    record_status,
    signed_in_status,
    view_status,
)
from tests.meetings import public_minutes_matrix


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


# URL name -> the requests to make for a role, each with the status it must get.
CASES: dict[str, Builder] = {
    "meetings:list": committee_lists,
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
    "meetings:calendar": lambda cast, role, name: [Request(reverse(name), signed_in_status(role))],
    "calendar_feed": _calendar_feed,
    "public:meetings_ics": lambda cast, role, name: [
        Request(reverse(name, args=["westport"]), 200),
        Request(reverse(name, args=["millbrook"]), 200),
    ],
    "public:meeting": _public_meetings,
    "api:meeting-list": _api_meeting_lists,
    "api:meeting-detail": _api_meetings,
    "api:meeting-attendance": _api_attendance,
}
CASES.update(public_minutes_matrix.CASES)
