"""The permission matrix's cases of the notification settings (tests/test_permission_matrix.py)."""

from django.urls import reverse

from tests.matrix import (
    Builder,
    Request,
    signed_in_status,
)

# URL name -> the requests to make for a role, each with the status it must get.
CASES: dict[str, Builder] = {
    "notifications:settings": lambda cast, role, name: [
        Request(reverse(name), signed_in_status(role))
    ],
}
