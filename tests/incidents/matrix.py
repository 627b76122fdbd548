"""The permission matrix's cases of incidents, drills and community concerns.

The matrix itself: tests/test_permission_matrix.py.
"""

from django.urls import reverse

from committees.models import Level
from tests.conftest import Cast, may_see
from tests.matrix import (
    COMMITTEES,
    Builder,
    Request,
    api_committee_lists,
    api_lists,
    api_read_only,
    api_status,
    committee_lists,
    district_admin_pages,
    manage_status,
    record_status,
    sees_committee,
    signed_in_status,
    view_status,
)


def _by_incident(cast: Cast, role: str, name: str, *, method="get", data=None):
    """404 unless visible; a POST by a triager (chairs and administrators) redirects."""
    requests = []
    for (committee_name, level), incident in cast.incidents.items():
        expected = view_status(role, committee_name, level)
        if method == "post" and expected == 200:
            expected = 302 if manage_status(role, committee_name) == 200 else 403
        body = (data or (lambda c: {}))(getattr(cast, committee_name))
        requests.append(Request(reverse(name, args=[incident.pk]), expected, method, body))
    return requests


def _by_drill(cast: Cast, role: str, name: str, *, method="get", data=None, cap=None):
    """404 unless visible; a POST by a recorder (managers, the secretary) redirects."""
    requests = []
    for (committee_name, level), drill in cast.drills.items():
        expected = view_status(role, committee_name, level)
        if method == "post" and expected == 200:
            expected = 302 if (cap or record_status)(role, committee_name) == 200 else 403
        body = (data or {}) if method == "post" else {}
        requests.append(Request(reverse(name, args=[drill.pk]), expected, method, body))
    return requests


def _drill_problems(cast: Cast, role: str, name: str):
    """A drill problem becomes an action item: the committee's assigners only."""
    return [
        Request(reverse(name, args=[problem.pk]), r.expected, "post", {"title": "Fix it"})
        for r, drill in zip(
            _by_drill(cast, role, "incidents:drill", method="post", cap=manage_status),
            cast.drills.values(),
            strict=True,
        )
        for problem in drill.problems.all()
    ]


def _school_pages(cast: Cast, role: str, name: str, *, method="get", data=None):
    """A school committee's page (the district-wide committee has no school: 404)."""
    requests = []
    for c in COMMITTEES:
        expected = view_status(role, c, Level.COMMITTEE)
        if c == "district_wide" and expected == 200:
            expected = 404
        if method == "post" and expected == 200:
            expected = 302 if record_status(role, c) == 200 else 403
        requests.append(
            Request(reverse(name, args=[getattr(cast, c).pk]), expected, method, data or {})
        )
    return requests


def _by_concern(cast: Cast, role: str, name: str, *, method="get", data=None):
    """Concerns are committee level: 404 unless a member; a POST by a triager redirects."""
    requests = []
    for committee_name, concern in cast.concerns.items():
        expected = view_status(role, committee_name, Level.COMMITTEE)
        if method == "post" and expected == 200:
            expected = 302 if manage_status(role, committee_name) == 200 else 403
        body = (data or (lambda c: {}))(getattr(cast, committee_name))
        requests.append(Request(reverse(name, args=[concern.pk]), expected, method, body))
    return requests


def _public_concern_status(cast: Cast, role: str, name: str):
    """Anyone with the reference sees the status: never the sender's words or contact."""
    requests = [
        Request(f"{reverse(name, args=['westport'])}?reference={concern.reference}", 200)
        for concern in cast.concerns.values()
    ]
    high = cast.concerns["high"].reference
    return [
        *requests,
        Request(f"{reverse(name, args=['millbrook'])}?reference={high}", 200),  # not found
        Request(reverse(name, args=["westport"]), 200),
        Request(reverse(name, args=["nowhere"]), 404),
    ]


def _public_concern(cast: Cast, role: str, name: str):
    sent = {"location": "Front gate", "description": "The gate does not close."}
    return [
        Request(reverse(name, args=["westport"]), 200),
        Request(reverse(name, args=["westport"]) + "?building=high", 200),
        Request(reverse(name, args=["millbrook"]), 200),
        Request(reverse(name, args=["nowhere"]), 404),
        Request(reverse(name, args=["westport"]), 200, "post", {**sent, "building": "mhs"}),
        Request(reverse(name, args=["westport"]), 302, "post", {**sent, "building": "high"}),
    ]


def _drill_report(cast: Cast, role: str, name: str):
    """A school's drill report, for whoever may see its committee; no school, no report."""
    requests = []
    for c in COMMITTEES:
        expected = view_status(role, c, Level.COMMITTEE)
        if expected == 200 and getattr(cast, c).building_id is None:
            expected = 404
        for fmt in ("pdf", "csv"):
            requests.append(Request(reverse(name, args=[getattr(cast, c).pk, fmt]), expected))
    bad_format = reverse(name, args=[cast.high.pk, "xls"])
    return [*requests, Request(bad_format, 302 if role == "anonymous" else 404)]


def _district_drill_report(cast: Cast, role: str, name: str):
    """The whole district's drill report: its safety administrators, each their own."""
    if role == "anonymous":
        expected = 302
    else:
        expected = 200 if role in ("district_admin", "other_admin") else 403
    return [Request(reverse(name, args=[fmt]), expected) for fmt in ("pdf", "csv")]


# --- the API (/api/v1/) ----------------------------------------------------------------------


def _triages_concerns(role: str, committee_name: str) -> bool:
    """Concerns, in the API, are for those who triage them: the readers of restricted."""
    return may_see(role, committee_name, Level.RESTRICTED)


def _api_records(records, role: str, name: str, seen) -> list[Request]:
    """Each record alone (404 unless ``seen(committee, level)``); then the methods refused."""
    requests = [
        Request(reverse(name, args=[record.pk]), api_status(role, 200 if seen(c, level) else 404))
        for (c, level), record in records
    ]
    first = next(iter(records))[1]
    return requests + api_read_only(reverse(name, args=[first.pk]), role)


def _sees(role: str):
    return lambda c, level: role != "anonymous" and view_status(role, c, level) == 200


def _api_incident_list(cast: Cast, role: str, name: str) -> list[Request]:
    """The list, filtered; then reports: a school of the reader's district (201), one of
    another district refused as one that does not exist (400), and bad input (400)."""
    report = {
        "occurred_at": "2026-11-30T07:45",
        "area": "Bus loop",
        "kind": "facility_hazard",
        "severity": "low",
        "description": "The curb by the bus loop is broken.",
    }
    own, other = cast.high.building_id, cast.other_committee.building_id
    if role == "other_admin":
        own, other = other, own
    return [
        *api_committee_lists(cast, role, name),
        Request(reverse(name), api_status(role, 201), "post", {**report, "building": own}),
        Request(reverse(name), api_status(role, 400), "post", {**report, "building": other}),
        Request(reverse(name), api_status(role, 400), "post", {**report, "building": 999999}),
        Request(reverse(name), api_status(role, 400), "post", {"building": own}),
    ]


def _api_calendars(cast: Cast, role: str, name: str) -> list[Request]:
    """A school's drill calendar, for whoever may see its committee; no school, none."""
    requests = []
    for c in COMMITTEES:
        seen = sees_committee(role, c) and getattr(cast, c).building_id is not None
        url = reverse(name, args=[getattr(cast, c).pk])
        requests.append(Request(url, api_status(role, 200 if seen else 404)))
    return requests + api_read_only(reverse(name, args=[cast.high.pk]), role)


def _api_list_read_only(cast: Cast, role: str, name: str, seen=sees_committee):
    return api_committee_lists(cast, role, name, seen) + api_read_only(
        reverse(name), role, ("post",)
    )


API_CASES: dict[str, Builder] = {
    "api:incident-list": _api_incident_list,
    "api:incident-detail": lambda cast, role, name: _api_records(
        cast.incidents.items(), role, name, _sees(role)
    ),
    "api:drill-list": _api_list_read_only,
    "api:drill-detail": lambda cast, role, name: _api_records(
        cast.drills.items(), role, name, _sees(role)
    ),
    "api:drill-calendar-list": lambda cast, role, name: [
        *api_lists(cast, role, name),
        Request(f"{reverse(name)}?year=2025", api_status(role, 200)),
        *api_read_only(reverse(name), role, ("post",)),
    ],
    "api:drill-calendar-detail": _api_calendars,
    "api:concern-list": lambda cast, role, name: _api_list_read_only(
        cast, role, name, _triages_concerns
    ),
    "api:concern-detail": lambda cast, role, name: _api_records(
        [((c, Level.RESTRICTED), concern) for c, concern in cast.concerns.items()],
        role,
        name,
        lambda c, level: _triages_concerns(role, c),
    ),
}


# URL name -> the requests to make for a role, each with the status it must get.
CASES: dict[str, Builder] = {
    "incidents:drill_overview": lambda cast, role, name: [
        Request(reverse(name), signed_in_status(role))
    ],
    "incidents:school_calendar": district_admin_pages,
    "incidents:drills": _school_pages,
    "incidents:drill_new": lambda cast, role, name: _school_pages(
        cast,
        role,
        name,
        method="post",
        data={"kind": "fire", "planned_for": "2026-12-09", "visibility": "committee"},
    ),
    "incidents:drill": _by_drill,
    "incidents:drill_held": lambda cast, role, name: _by_drill(
        cast, role, name, method="post", data={"held_at": "2026-11-10T10:00"}
    ),
    "incidents:drill_observer": lambda cast, role, name: _by_drill(
        cast, role, name, method="post", data={"name": "Capt. Lee", "role": "Fire marshal"}
    ),
    "incidents:drill_problem": lambda cast, role, name: _by_drill(
        cast, role, name, method="post", data={"description": "Door stuck"}
    ),
    "incidents:drill_problem_follow_up": _drill_problems,
    "incidents:report": lambda cast, role, name: [Request(reverse(name), signed_in_status(role))],
    "incidents:mine": lambda cast, role, name: [Request(reverse(name), signed_in_status(role))],
    "incidents:queue": committee_lists,
    "incidents:detail": _by_incident,
    "incidents:status": lambda cast, role, name: _by_incident(
        cast, role, name, method="post", data=lambda c: {"status": "triaged", "note": "Seen"}
    ),
    "incidents:triage": lambda cast, role, name: _by_incident(
        cast, role, name, method="post", data=lambda c: {"committee": c.pk, "note": "Ours"}
    ),
    "incidents:follow_up": lambda cast, role, name: _by_incident(
        cast, role, name, method="post", data=lambda c: {"title": "Repaint the lot lines"}
    ),
    "incidents:share": lambda cast, role, name: _by_incident(
        cast, role, name, method="post", data=lambda c: {"person": cast.outsider.pk}
    ),
    # The share case above shared each incident of Westport with the outsider, so a
    # manager stops it (302); Millbrook's could not be shared with him (404).
    "incidents:unshare": lambda cast, role, name: [
        Request(
            reverse(name, args=[incident.pk, cast.outsider.pk]),
            (302 if incident.committee.district_id == cast.district.pk else 404)
            if r.expected == 302 and role != "anonymous"
            else r.expected,
            "post",
        )
        for incident, r in zip(
            cast.incidents.values(),
            _by_incident(cast, role, "incidents:share", method="post"),
            strict=True,
        )
    ],
    "incidents:concerns": lambda cast, role, name: (
        committee_lists(cast, role, name) + committee_lists(cast, role, name, "?status=addressed")
    ),
    "incidents:concern": _by_concern,
    "incidents:concern_status": lambda cast, role, name: _by_concern(
        cast, role, name, method="post", data=lambda c: {"status": "under_review", "note": "Seen"}
    ),
    "incidents:concern_triage": lambda cast, role, name: _by_concern(
        cast, role, name, method="post", data=lambda c: {"committee": c.pk, "note": "Ours"}
    ),
    "incidents:concern_follow_up": lambda cast, role, name: _by_concern(
        cast, role, name, method="post", data=lambda c: {"title": "Fix the front gate"}
    ),
    "public:concern": _public_concern,
    "public:concern_status": _public_concern_status,
    "incidents:drill_report": _drill_report,
    "incidents:district_drill_report": _district_drill_report,
    **API_CASES,
}
