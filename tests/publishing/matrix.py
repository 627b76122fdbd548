"""The permission matrix's cases of public updates and the public pages.

The core's four-eyes pages are exercised here too, with a correction of an update.
The matrix itself: tests/test_permission_matrix.py.
"""

from django.urls import reverse

from committees.models import Level
from meetings.models import MeetingNotice, PublicSummary
from publishing import services as publishing_services
from tests.cast_base import canary
from tests.conftest import Cast
from tests.matrix import (
    COMMITTEES,
    Builder,
    Request,
    api_status,
    committee_lists,
    record_pages,
    record_status,
    view_status,
)


def _publish(role: str, committee_name: str) -> int:
    """Publishing: the chair, the building's and the district's administrators."""
    expected = record_status(role, committee_name)
    return 403 if expected == 200 and role == "secretary" else expected


def _fresh_update(cast: Cast, *, published: bool):
    update, _ = publishing_services.update_save(
        committee=cast.high,
        title="Fire lanes repainted",
        body="The fire lanes by the gym were repainted.",
        by=cast.secretary,
    )
    if published:
        publishing_services.update_publish(update=update, by=cast.chair)
    return update


def _by_update(cast: Cast, role: str, name: str, *, cap=None, method="get", data=None):
    """The high school committee's updates: members see them; ``cap`` decides the rest."""
    requests = []
    for update in cast.updates.values():
        update.refresh_from_db()
        expected = view_status(role, "high", Level.COMMITTEE)
        if expected == 200 and cap is not None:
            expected = cap(role, update)
        if expected == 200 and method == "post":
            expected = 302
        requests.append(Request(reverse(name, args=[update.pk]), expected, method, data or {}))
    return requests


def _edit_right(role: str, update) -> int:
    """Drafts and corrections alike: a correction waits for a second person's approval."""
    return record_status(role, "high")


def _pending_text(cast: Cast, role: str, name: str, *, publish_only=False):
    """A fresh proposed correction, by the principal: a publisher approves or declines it
    (the principal's own approval is refused with a message), members may not."""
    update = _fresh_update(cast, published=True)
    change = publishing_services.update_correct(
        update=update, title=update.title, body="The fire lanes were repainted.", by=cast.principal
    )
    expected = view_status(role, "high", Level.COMMITTEE)
    if expected == 200:
        allowed = _publish(role, "high") == 200 or (not publish_only and role == "principal")
        expected = 302 if allowed else 403
    return [Request(reverse(name, args=[change.pk]), expected, "post")]


def _send_back_text(cast: Cast, role: str, name: str):
    """A fresh correction proposed by the principal: a reviewer with publish rights sends
    it back with a comment (the principal's own is refused with a message); members and
    the secretary may not (403)."""
    update = _fresh_update(cast, published=True)
    change = publishing_services.update_correct(
        update=update, title=update.title, body="The fire lanes were repainted.", by=cast.principal
    )
    comment = canary("SEND-BACK-TEXT", "high")
    cast.canaries[comment] = ("high", Level.COMMITTEE)
    expected = view_status(role, "high", Level.COMMITTEE)
    if expected == 200:
        expected = 302 if _publish(role, "high") == 200 else 403
    return [Request(reverse(name, args=[change.pk]), expected, "post", {"comment": comment})]


def _send_back_update(cast: Cast, role: str, name: str):
    update = _fresh_update(cast, published=False)
    comment = canary("SEND-BACK-UPDATE", "high")
    cast.canaries[comment] = ("high", Level.COMMITTEE)
    expected = view_status(role, "high", Level.COMMITTEE)
    if expected == 200:
        expected = 302 if _publish(role, "high") == 200 else 403
    return [Request(reverse(name, args=[update.pk]), expected, "post", {"comment": comment})]


def _public_updates(cast: Cast, role: str, name: str):
    requests = []
    for update in cast.updates.values():
        update.refresh_from_db()
        expected = 200 if update.published_at else 404
        requests.append(Request(reverse(name, args=["westport", update.pk]), expected))
        requests.append(Request(reverse(name, args=["millbrook", update.pk]), 404))
    return requests


def _publish_fresh(cast: Cast, role: str, name: str):
    update = _fresh_update(cast, published=False)
    expected = view_status(role, "high", Level.COMMITTEE)
    if expected == 200:
        expected = 302 if _publish(role, "high") == 200 else 403
    return [Request(reverse(name, args=[update.pk]), expected, "post")]


def _withdraw_fresh(cast: Cast, role: str, name: str):
    update = _fresh_update(cast, published=True)
    expected = view_status(role, "high", Level.COMMITTEE)
    if expected == 200:
        expected = 302 if _publish(role, "high") == 200 else 403
    return [Request(reverse(name, args=[update.pk]), expected, "post", {"reason": "Outdated"})]


# --- the API: the public part (the same for every role) and the drafting of an update ---


def _api_public(*args_of_found, missing: list[tuple] = ()) -> Builder:
    """200 for everyone at each of ``args_of_found``, 404 at each of ``missing``; writing
    is not allowed there (405), whoever asks."""

    def build(cast: Cast, role: str, name: str) -> list[Request]:
        found = [reverse(name, args=args) for args in args_of_found]
        return (
            [Request(url, 200) for url in found]
            + [Request(reverse(name, args=args), 404) for args in missing]
            + [Request(found[0], 405, "post", {"title": "x"})]
        )

    return build


def _api_public_updates(cast: Cast, role: str, name: str) -> list[Request]:
    """Published only, for every role: a draft, a withdrawn update and another district's
    address are 404 even to those who may read them on the committee's pages."""
    requests = []
    for update in cast.updates.values():
        update.refresh_from_db()
        expected = 200 if update.published_at else 404
        requests.append(Request(reverse(name, args=["westport", update.pk]), expected))
        requests.append(Request(reverse(name, args=["millbrook", update.pk]), 404))
    return requests


def _publicly_known(meeting) -> bool:
    """Announced, or with a published summary, now (other cases may publish either)."""
    notice = MeetingNotice.objects.filter(meeting=meeting, published_at__isnull=False)
    summary = PublicSummary.objects.filter(meeting=meeting, published_at__isnull=False)
    return notice.exists() or summary.exists()


def _api_public_meetings(cast: Cast, role: str, name: str) -> list[Request]:
    """Announced meetings and those with a published summary; no other, and none through
    another district's address."""
    meetings = [cast.meetings["high"], cast.executive, cast.meetings["middle"], cast.reclassified]
    requests = [
        Request(
            reverse(name, args=["westport", meeting.pk]), 200 if _publicly_known(meeting) else 404
        )
        for meeting in meetings
    ]
    requests.append(Request(reverse(name, args=["millbrook", cast.meetings["high"].pk]), 404))
    requests.append(Request(requests[0].url, 405, "post"))
    return requests


def _draft_status(role: str, committee_name: str) -> int:
    """Drafting on a committee: those who record its meetings (the secretary too); a
    member who may not gets 403; a committee one may not see is an unknown id (400)."""
    expected = record_status(role, committee_name)
    return {302: 401, 404: 400, 200: 201}.get(expected, expected)


def _api_drafts(cast: Cast, role: str, name: str) -> list[Request]:
    """A draft on each committee, its words canaries of that committee: never in a public
    answer (the public part's cases come next), whoever wrote it."""
    url = reverse(name)
    requests = []
    for c in COMMITTEES:
        title, body = canary("API-DRAFT-TITLE", c), canary("API-DRAFT-BODY", c)
        cast.canaries[title] = cast.canaries[body] = (c, Level.COMMITTEE)
        data = {"committee": getattr(cast, c).pk, "title": title, "body": body}
        requests.append(Request(url, _draft_status(role, c), "post", data))
    missing = {"committee": 0, "title": "x", "body": "y"}
    requests.append(Request(url, api_status(role, 400), "post", missing))
    requests.append(Request(url, api_status(role, 405)))  # no list: drafts are read on pages
    return requests


# URL name -> the requests to make for a role, each with the status it must get.
CASES: dict[str, Builder] = {
    "api:update-list": _api_drafts,
    "api:public-district": _api_public(("westport",), ("millbrook",), missing=[("nowhere",)]),
    "api:public-district-updates": _api_public(("westport",), missing=[("nowhere",)]),
    "api:public-update": _api_public_updates,
    "api:public-meeting": _api_public_meetings,
    "api:public-school": _api_public(
        ("westport", "high"),
        ("westport", "middle"),
        ("millbrook", "mhs"),
        missing=[("westport", "mhs"), ("nowhere", "high")],
    ),
    "api:public-school-updates": _api_public(("westport", "high"), missing=[("millbrook", "high")]),
    "committees:public_texts": record_pages,
    "committees:public_text_approve": lambda cast, role, name: _pending_text(
        cast, role, name, publish_only=True
    ),
    "committees:public_text_decline": _pending_text,
    "committees:public_text_send_back": _send_back_text,
    "publishing:update_send_back": _send_back_update,
    "public:district": lambda cast, role, name: [
        Request(reverse(name, args=["westport"]), 200),
        Request(reverse(name, args=["millbrook"]), 200),
        Request(reverse(name, args=["nowhere"]), 404),
    ],
    "publishing:updates": committee_lists,
    "publishing:update_new": record_pages,
    "publishing:update": _by_update,
    "publishing:update_edit": lambda cast, role, name: _by_update(
        cast, role, name, cap=_edit_right
    ),
    "publishing:update_translation": lambda cast, role, name: [
        Request(reverse(name, args=[update.pk, "es"]), expected)
        for update, expected in zip(
            cast.updates.values(),
            (r.expected for r in _by_update(cast, role, "publishing:update", cap=_edit_right)),
            strict=True,
        )
    ],
    "publishing:update_publish": _publish_fresh,
    "publishing:update_withdraw": _withdraw_fresh,
    "public:update": _public_updates,
    "public:building": lambda cast, role, name: [
        Request(reverse(name, args=["westport", "high"]), 200),
        Request(reverse(name, args=["westport", "middle"]), 200),
        Request(reverse(name, args=["westport", "mhs"]), 404),
        Request(reverse(name, args=["millbrook", "mhs"]), 200),
    ],
    "public:district_feed": lambda cast, role, name: [
        Request(reverse(name, args=["westport"]), 200),
        Request(reverse(name, args=["nowhere"]), 404),
    ],
    "public:follow": lambda cast, role, name: [
        Request(reverse(name, args=["westport"]), 200),
        Request(reverse(name, args=["nowhere"]), 404),
    ],
    "public:subscribe": lambda cast, role, name: [
        Request(reverse(name, args=["westport"]), 200),
        Request(reverse(name, args=["westport"]), 200, "post", {"email": "x@example.org"}),
        Request(reverse(name, args=["nowhere"]), 404),
    ],
    "public:subscription_confirm": lambda cast, role, name: [
        Request(reverse(name, args=["westport", "not-a-token"]), 200),
        Request(reverse(name, args=["westport", "not-a-token"]), 200, "post"),
    ],
    "public:unsubscribe": lambda cast, role, name: [
        Request(reverse(name, args=["westport", "not-a-token"]), 200),
        Request(reverse(name, args=["westport", "not-a-token"]), 200, "post"),
    ],
    "public:building_feed": lambda cast, role, name: [
        Request(reverse(name, args=["westport", "high"]), 200),
        Request(reverse(name, args=["millbrook", "high"]), 404),
    ],
}
