"""The permission matrix's cases of the compliance app (tests/test_permission_matrix.py)."""

from tests.matrix import Builder

# URL name -> the requests to make for a role, each with the status it must get.
CASES: dict[str, Builder] = {}
