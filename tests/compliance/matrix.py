"""The permission matrix's cases of the compliance app (tests/test_permission_matrix.py)."""

from django.urls import reverse

from committees.models import Level
from tests.compliance.cast import SCHOOLS
from tests.conftest import Cast
from tests.matrix import (
    COMMITTEES,
    Builder,
    Request,
    committee_lists,
    district_admin_pages,
    manage_status,
    record_status,
    view_status,
)


def _posted(expected: int) -> int:
    return 302 if expected == 200 else expected


def _duties(cast: Cast, role: str, name: str, which="open", status=None, method="get"):
    requests = []
    for school in SCHOOLS:
        duty = cast.duties[school][which]
        expected = view_status(role, school, Level.COMMITTEE)
        if expected == 200 and status is not None:
            expected = status(role, school)
        if method == "post":
            expected = _posted(expected)
        requests.append(Request(reverse(name, args=[duty.pk]), expected, method))
    return requests


def _calendar_pages(cast: Cast, role: str, name: str):
    requests = []
    for which in ("open", "done", "restricted"):
        requests += _duties(cast, role, name, which)
    return requests


def _complete_status(role: str, school: str) -> int:
    """The owner (the high school's uncleared staff member), those who record the
    committee's work and those who assign it."""
    if school == "high" and role == "staff":
        return 200
    return record_status(role, school)


def _receipts(cast: Cast, role: str, name: str):
    return [
        Request(
            reverse(name, args=[cast.duties[school]["receipts"][level].pk]),
            view_status(role, school, level),
        )
        for school in SCHOOLS
        for level in (Level.COMMITTEE, Level.RESTRICTED)
    ]


def _reviewer_remove(cast: Cast, role: str, name: str):
    return [
        Request(
            reverse(name, args=[cast.duties[school]["guest"].pk]),
            _posted(
                view_status(role, school, Level.COMMITTEE)
                if view_status(role, school, Level.COMMITTEE) != 200
                else manage_status(role, school)
            ),
            "post",
        )
        for school in SCHOOLS
    ]


def _summaries(cast: Cast, role: str, name: str):
    return [
        Request(
            reverse(name, args=[getattr(cast, c).pk, fmt]), view_status(role, c, Level.COMMITTEE)
        )
        for c in COMMITTEES
        for fmt in ("pdf", "csv")
    ]


def _district_posts(cast: Cast, role: str, name: str, args=()):
    if role == "anonymous":
        return [Request(reverse(name, args=args), 302, "post")]
    ok = role in ("district_admin", "other_admin")
    return [Request(reverse(name, args=args), 302 if ok else 403, "post")]


def _rule(cast: Cast, role: str, name: str):
    """Westport's rule: its administrator only; Millbrook's administrator gets 404."""
    rule = cast.duties["high"]["open"].rule
    requests = _district_posts(cast, role, name, [rule.pk])
    if role == "other_admin":
        requests[0].expected = 404
    return requests


CASES: dict[str, Builder] = {
    "compliance:calendar": committee_lists,
    "compliance:school_summary": _summaries,
    "compliance:duty": _calendar_pages,
    "compliance:duty_complete": lambda cast, role, name: _duties(
        cast, role, name, status=_complete_status, method="post"
    ),
    "compliance:duty_assign": lambda cast, role, name: _duties(
        cast, role, name, status=manage_status, method="post"
    ),
    "compliance:duty_reschedule": lambda cast, role, name: _duties(
        cast, role, name, status=manage_status, method="post"
    ),
    "compliance:duty_reviewer_add": lambda cast, role, name: _duties(
        cast, role, name, status=manage_status, method="post"
    ),
    "compliance:duty_reviewer_remove": _reviewer_remove,
    "compliance:receipt": _receipts,
    "compliance:overview": district_admin_pages,
    "compliance:settings": district_admin_pages,
    "compliance:profile": _district_posts,
    "compliance:rule": _rule,
    "compliance:rule_add": _district_posts,
    "compliance:district_summary": lambda cast, role, name: [
        r for fmt in ("pdf", "csv") for r in _admin_with_fmt(cast, role, name, fmt)
    ],
}


def _admin_with_fmt(cast: Cast, role: str, name: str, fmt: str):
    url = reverse(name, args=[fmt])
    if role == "anonymous":
        return [Request(url, 302)]
    return [Request(url, 200 if role in ("district_admin", "other_admin") else 403)]
