"""The permission matrix's cases of the audit trail (tests/test_permission_matrix.py)."""

from django.urls import reverse

from tests.conftest import Cast
from tests.matrix import (
    Builder,
    Request,
)


def _audit_trail(cast: Cast, role: str, name: str):
    """A district's audit trail: its safety administrators, each their own; 404 to others."""
    if role == "anonymous":
        return [Request(reverse(name), 302)]
    expected = 200 if role in ("district_admin", "other_admin") else 404
    person = cast.people[role].pk
    return [Request(reverse(name), expected), Request(f"{reverse(name)}?person={person}", expected)]


# URL name -> the requests to make for a role, each with the status it must get.
CASES: dict[str, Builder] = {
    "audit:trail": _audit_trail,
    "audit:trail_csv": _audit_trail,
}
