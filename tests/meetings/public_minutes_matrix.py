"""The permission matrix's cases of public minutes and the release review of executive
minutes, and the records they read (with canaries): merged into tests/meetings/matrix.py.

- the high school meeting's public minutes, published: its restricted section withheld
  (its canaries must never show on the public page), its committee text rewritten;
- the middle school meeting's, a draft whose text is a committee-level canary;
- the high school executive session, kept closed on review, its reason a restricted canary;
- another executive session, released: its public minutes a restricted draft written on
  their own, with a canary.
"""

import datetime

from django.urls import reverse

from committees import access
from committees.models import Level
from meetings import services as meeting_services
from meetings.models import Meeting, PublicMinutes
from tests.cast_base import Cast, canary
from tests.matrix import Request, record_status, view_status

RELEASED_TITLE = canary("RELEASED-EXECUTIVE-TITLE", "high")
REVIEWERS = {"chair", "principal", "district_admin"}


def add_public_minutes(cast: Cast) -> None:
    """The records above, once (each builder asks; the matrix's cast adds them first)."""
    if Meeting.objects.filter(title=RELEASED_TITLE).exists():
        return
    # Published, the restricted section withheld and the committee text rewritten.
    high = meeting_services.minutes_approve(meeting=cast.meetings["high"], by=None)
    minutes = meeting_services.public_minutes_prepare(meeting=high, by=cast.secretary)
    parts = [
        part if part.get("withheld") else {"heading": "Discussion", "body": "Drills went well."}
        for part in minutes.parts
    ]
    minutes, _ = meeting_services.public_minutes_save(
        minutes=minutes, parts=parts, by=cast.secretary
    )
    meeting_services.public_minutes_publish(minutes=minutes, by=cast.principal)
    # A draft, with a committee-level canary.
    middle = meeting_services.minutes_approve(meeting=cast.meetings["middle"], by=None)
    draft = meeting_services.public_minutes_prepare(meeting=middle, by=None)
    text = canary("PUBLIC-MINUTES-DRAFT", "middle")
    meeting_services.public_minutes_save(
        minutes=draft, parts=[*draft.parts, {"heading": "Draft", "body": text}], by=None
    )
    cast.canaries[text] = ("middle", Level.COMMITTEE)
    # The executive session, kept closed: why is restricted.
    executive = meeting_services.minutes_approve(meeting=cast.executive, by=None)
    reason = canary("RELEASE-REASON", "high")
    meeting_services.minutes_release_decide(
        meeting=executive,
        decision="keep_closed",
        reason=reason,
        next_review_on=access.district_today(cast.district) + datetime.timedelta(days=90),
        by=None,
    )
    cast.canaries[reason] = ("high", Level.RESTRICTED)
    # Another, released: its public minutes a draft for the cleared.
    released = meeting_services.meeting_schedule(
        committee=cast.high,
        title=RELEASED_TITLE,
        kind="executive",
        starts_at=datetime.datetime(2026, 3, 11, 21, 0, tzinfo=datetime.UTC),
        public_purpose="To discuss security equipment",
        location="Principal's office",
        by=None,
    )
    meeting_services.minutes_section_add(
        meeting=released,
        heading=canary("RELEASED-HEADING", "high"),
        body=canary("RELEASED-MINUTES", "high"),
        visibility=Level.RESTRICTED,
        by=None,
    )
    meeting_services.minutes_approve(meeting=released, by=None)
    meeting_services.minutes_release_decide(meeting=released, decision="release", by=None)
    written = canary("RELEASE-DRAFT", "high")
    meeting_services.public_minutes_save(
        minutes=PublicMinutes.objects.get(meeting=released),
        parts=[{"heading": "Cameras", "body": written}],
        by=None,
    )
    for text in (RELEASED_TITLE, canary("RELEASED-HEADING", "high"), written):
        cast.canaries[text] = ("high", Level.RESTRICTED)
    cast.canaries[canary("RELEASED-MINUTES", "high")] = ("high", Level.RESTRICTED)


def _meetings(cast: Cast):
    add_public_minutes(cast)
    yield "high", cast.meetings["high"], Level.COMMITTEE
    yield "middle", cast.meetings["middle"], Level.COMMITTEE
    yield "district_wide", cast.meetings["district_wide"], Level.COMMITTEE
    yield "other_committee", cast.meetings["other_committee"], Level.COMMITTEE
    yield "high", cast.executive, Level.RESTRICTED
    yield "high", Meeting.objects.get(title=RELEASED_TITLE), Level.RESTRICTED
    yield "high", cast.reclassified, Level.COMMITTEE


def _drafter_status(role: str, committee_name: str, level: str) -> int:
    expected = view_status(role, committee_name, level)
    return record_status(role, committee_name) if expected == 200 else expected


def _publisher_status(role: str, committee_name: str, level: str) -> int:
    expected = _drafter_status(role, committee_name, level)
    return 403 if expected == 200 and role == "secretary" else expected


def _prepare(cast: Cast, role: str, name: str):
    """A drafter's button: 302 (prepared, or refused with a message) where they may."""
    requests = []
    for committee_name, meeting, level in _meetings(cast):
        expected = _drafter_status(role, committee_name, level)
        requests.append(
            Request(reverse(name, args=[meeting.pk]), 302 if expected == 200 else expected, "post")
        )
    return requests


def _status_with_minutes(meeting: Meeting, expected: int, published: int) -> int:
    """Past the rights: 404 where the meeting has no public minutes, ``published`` where
    they are published, else the page."""
    if expected != 200:
        return expected
    minutes = PublicMinutes.objects.filter(meeting=meeting).first()
    if minutes is None:
        return 404
    return published if minutes.published_at else 200


def _edit(cast: Cast, role: str, name: str):
    requests = []
    for committee_name, meeting, level in _meetings(cast):
        expected = _drafter_status(role, committee_name, level)
        expected = _status_with_minutes(meeting, expected, published=302)
        requests.append(Request(reverse(name, args=[meeting.pk]), expected))
        if expected != 200:  # a refused save changes nothing
            data = {"heading_new": "Extra", "body_new": "Nothing to add."}
            requests.append(Request(reverse(name, args=[meeting.pk]), expected, "post", data))
    return requests


def _publish(cast: Cast, role: str, name: str):
    """The review screen for who may publish; a POST only from those refused (a publication
    would make the draft's canary public for the cases that follow)."""
    requests = []
    for committee_name, meeting, level in _meetings(cast):
        expected = _publisher_status(role, committee_name, level)
        expected = _status_with_minutes(meeting, expected, published=200)
        url = reverse(name, args=[meeting.pk])
        requests.append(Request(url, expected))
        if expected != 200:
            requests.append(Request(url, expected, "post"))
    return requests


def _withdraw(cast: Cast, role: str, name: str):
    requests = []
    for committee_name, meeting, level in _meetings(cast):
        expected = _publisher_status(role, committee_name, level)
        expected = _status_with_minutes(meeting, expected, published=200)
        if expected == 200:
            expected = 302
        data = {"reason": "Posted too early"}
        requests.append(Request(reverse(name, args=[meeting.pk]), expected, "post", data))
    return requests


def _release(cast: Cast, role: str, name: str):
    """The release review: 404 unless the meeting may be seen and is an executive session,
    then reviewers only (cleared, with publish rights); a decision to keep them closed,
    its reason a restricted canary."""
    requests = []
    later = access.district_today(cast.district) + datetime.timedelta(days=30)
    for committee_name, meeting, level in _meetings(cast):
        expected = view_status(role, committee_name, level)
        if expected == 200 and meeting.kind != Meeting.Kind.EXECUTIVE:
            expected = 404
        elif expected == 200:
            expected = 200 if role in REVIEWERS else 403
        url = reverse(name, args=[meeting.pk])
        requests.append(Request(url, expected))
        reason = canary(f"KEEP-CLOSED-{role}", committee_name)
        cast.canaries[reason] = (committee_name, Level.RESTRICTED)
        data = {"decision": "keep_closed", "reason": reason, "next_review_on": later}
        released = PublicMinutes.objects.filter(meeting=meeting).exists()
        # Already released: the form is gone and a decision is refused on the page (200).
        posted = 200 if released else 302
        requests.append(Request(url, posted if expected == 200 else expected, "post", data))
    return requests


CASES = {
    "meetings:public_minutes_prepare": _prepare,
    "meetings:public_minutes_edit": _edit,
    "meetings:public_minutes_publish": _publish,
    "meetings:public_minutes_withdraw": _withdraw,
    "meetings:minutes_release": _release,
}
