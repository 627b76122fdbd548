"""The permission matrix's cases of the site's own pages and the portal's cross-feature pages.

The matrix itself: tests/test_permission_matrix.py.
"""

from django.urls import reverse

from tests.conftest import Cast
from tests.matrix import (
    Builder,
    Request,
    api_lists,
    district_admin_pages,
    signed_in_status,
)


def token_revoke(cast: Cast, role: str, name: str) -> list[Request]:
    """Revoking the outsider's token: theirs to revoke; to anyone else, no such token."""
    expected = 302 if role in ("anonymous", "outsider") else 404
    return [Request(reverse(name, args=[cast.api_token.pk]), expected, method="post")]


# URL name -> the requests to make for a role, each with the status it must get.
CASES: dict[str, Builder] = {
    "home": lambda cast, role, name: [Request(reverse(name), 200)],
    "healthz": lambda cast, role, name: [Request(reverse(name), 200)],
    "login": lambda cast, role, name: [Request(reverse(name), 200)],
    "logout": lambda cast, role, name: [Request(reverse(name), 302, method="post")],
    "password_reset": lambda cast, role, name: [Request(reverse(name), 200)],
    "password_reset_done": lambda cast, role, name: [Request(reverse(name), 200)],
    "password_reset_confirm": lambda cast, role, name: [
        Request(reverse(name, args=["MQ", "not-a-token"]), 200)
    ],
    "password_reset_complete": lambda cast, role, name: [Request(reverse(name), 200)],
    "set_language": lambda cast, role, name: [
        Request(reverse(name), 302, method="post", data={"language": "es", "next": "/"})
    ],
    "today": lambda cast, role, name: [Request(reverse(name), signed_in_status(role))],
    "portal:mine": lambda cast, role, name: [Request(reverse(name), signed_in_status(role))],
    # Every canary holds "7f3a": the search finds each one its reader may open, and only
    # those (the matrix reads the page for the others).
    "search": lambda cast, role, name: [
        Request(reverse(name) + "?q=7f3a", signed_in_status(role)),
        Request(reverse(name) + "?q=CANARY+high", signed_in_status(role)),
    ],
    "portal:district_overview": district_admin_pages,
    # The person's own API tokens.
    "accounts:tokens": lambda cast, role, name: [Request(reverse(name), signed_in_status(role))],
    "accounts:token_revoke": token_revoke,
    # The API's own: its root (the resources' addresses), its schema and documentation,
    # which tell no record and are open to all.
    "api:api-root": api_lists,
    "api:schema": lambda cast, role, name: [Request(reverse(name), 200)],
    "api:docs": lambda cast, role, name: [Request(reverse(name), 200)],
}
