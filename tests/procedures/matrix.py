"""The permission matrix's cases of confidential procedures (tests/test_permission_matrix.py)."""

from django.urls import reverse

from committees.models import Level
from tests.conftest import Cast, may_see
from tests.matrix import (
    COMMITTEES,
    Builder,
    Request,
    api_committee_lists,
    api_read_only,
    api_status,
    committee_lists,
    district_admin_pages,
    record_status,
    view_status,
)


def _by_procedure(cast: Cast, role: str, name: str, *, edit=False, method="get", args=()):
    requests = []
    for committee_name, procedure in cast.procedures.items():
        expected = view_status(role, committee_name, Level.RESTRICTED)
        if edit and expected == 200:
            expected = record_status(role, committee_name)
        if expected == 200 and method == "post":
            expected = 302
        url = reverse(name, args=[procedure.pk, *args])
        requests.append(Request(url, expected, method))
    return requests


def _procedure_new(cast: Cast, role: str, name: str):
    """Writing procedures: those who record the committee's work and may read restricted."""
    requests = []
    for c in COMMITTEES:
        expected = record_status(role, c)
        if expected == 200 and not may_see(role, c, Level.RESTRICTED):
            expected = 403
        requests.append(Request(reverse(name, args=[getattr(cast, c).pk]), expected))
    return requests


def _api_procedures(cast: Cast, role: str, name: str) -> list[Request]:
    """Each procedure alone: 404 unless cleared to see it (its words are never in it)."""
    requests = [
        Request(
            reverse(name, args=[procedure.pk]),
            api_status(
                role, 404 if role == "anonymous" else view_status(role, c, Level.RESTRICTED)
            ),
        )
        for c, procedure in cast.procedures.items()
    ]
    return requests + api_read_only(reverse(name, args=[cast.procedures["high"].pk]), role)


# URL name -> the requests to make for a role, each with the status it must get.
CASES: dict[str, Builder] = {
    "api:procedure-list": lambda cast, role, name: (
        api_committee_lists(cast, role, name) + api_read_only(reverse(name), role, ("post",))
    ),
    "api:procedure-detail": _api_procedures,
    "procedures:procedure_public_title": lambda cast, role, name: _by_procedure(
        cast, role, name, edit=True
    ),
    "procedures:procedures": committee_lists,
    "procedures:procedure_new": _procedure_new,
    "procedures:procedure": _by_procedure,
    "procedures:procedure_version": lambda cast, role, name: _by_procedure(
        cast, role, name, edit=True
    ),
    "procedures:procedure_review": lambda cast, role, name: _by_procedure(
        cast, role, name, edit=True, method="post"
    ),
    "procedures:procedure_copy": _by_procedure,
    # A GET answers with the download button; a POST records the copy and sends the file.
    "procedures:procedure_export": lambda cast, role, name: [
        Request(r.url, r.expected, method)
        for fmt in ("pdf", "txt")
        for method in ("get", "post")
        for r in _by_procedure(cast, role, name, args=[fmt])
    ],
    "procedures:procedure_copies": district_admin_pages,
}
