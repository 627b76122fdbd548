"""The permission matrix's cases of the committee pages and their seats.

The matrix itself: tests/test_permission_matrix.py.
"""

from django.urls import reverse

from committees.models import Level, Membership, SeatProposal
from tests.conftest import Cast
from tests.matrix import (
    COMMITTEES,
    Builder,
    Request,
    api_lists,
    api_status,
    committee_pages,
    manage_status,
    view_status,
)


def _member_pages(cast: Cast, role: str, name: str) -> list[Request]:
    requests = []
    for c in COMMITTEES:
        membership = Membership.objects.filter(committee=getattr(cast, c)).first()
        if membership is not None:
            url = reverse(name, args=[membership.committee_id, membership.pk])
            expected = manage_status(role, c)
            own = membership.user_id == getattr(cast.people.get(role), "pk", None)
            if own and expected == 200 and name == "committees:member_change":
                expected = 403  # nobody changes their own seat
            requests.append(Request(url, expected))
    return requests


def _proposals(cast: Cast, role: str, name: str) -> list[Request]:
    """A chair's proposal on each committee with seats: an administrator decides (302);
    a chair, co-chair or member who sees the committee is refused (403)."""
    requests = []
    for c in COMMITTEES:
        membership = Membership.objects.filter(committee=getattr(cast, c)).last()
        if membership is None:
            continue
        proposal = SeatProposal.objects.create(membership=membership, restricted_clearance=True)
        expected = manage_status(role, c)
        if expected == 200:
            expected = 403 if role in ("chair", "co_chair") else 302
        url = reverse(name, args=[membership.committee_id, proposal.pk])
        requests.append(Request(url, expected, "post", {"decision": "decline"}))
    return requests


# URL name -> the requests to make for a role, each with the status it must get.
def _own_district(cast: Cast, role: str, district) -> int:
    person = cast.people.get(role)
    return 200 if person is not None and person.district_id == district.pk else 404


def _api_districts(cast: Cast, role: str, name: str) -> list[Request]:
    return [
        Request(reverse(name, args=[d.pk]), api_status(role, _own_district(cast, role, d)))
        for d in (cast.district, cast.other_district)
    ]


def _api_buildings(cast: Cast, role: str, name: str) -> list[Request]:
    buildings = [getattr(cast, c).building for c in COMMITTEES if getattr(cast, c).building_id]
    return [
        Request(reverse(name, args=[b.pk]), api_status(role, _own_district(cast, role, b.district)))
        for b in buildings
    ]


def _api_committees(cast: Cast, role: str, name: str) -> list[Request]:
    return [
        Request(
            reverse(name, args=[getattr(cast, c).pk]),
            api_status(role, 404 if role == "anonymous" else view_status(role, c, Level.COMMITTEE)),
        )
        for c in COMMITTEES
    ]


CASES: dict[str, Builder] = {
    "api:district-list": api_lists,
    "api:district-detail": _api_districts,
    "api:building-list": api_lists,
    "api:building-detail": _api_buildings,
    "api:committee-list": api_lists,
    "api:committee-detail": _api_committees,
    "api:committee-seats": _api_committees,
    "api:committee-memberships": _api_committees,
    "committees:detail": lambda cast, role, name: [
        Request(reverse(name, args=[getattr(cast, c).pk]), view_status(role, c, Level.COMMITTEE))
        for c in COMMITTEES
    ],
    "committees:member_add": committee_pages,
    "committees:history": committee_pages,
    "committees:member_change": _member_pages,
    "committees:member_remove": _member_pages,
    "committees:proposal_decide": _proposals,
}
