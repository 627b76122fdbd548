"""The address of one record's page, by its id, at the cost of joining three strings.

A list links each of its rows to the row's page. ``reverse`` walks the URL patterns and
checks its result against their expressions on every call: on a page of fifty rows that
was as dear as the rest of the rows' rendering. Here a name is reversed once (per script
prefix, language and URL configuration, everything ``reverse`` reads besides its
arguments) with a stand-in id, and each row's address is that path with the id put in.
Part of the shared kit: imports nothing of the project.
"""

import functools

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

# The public pages' namespace (safety_portal/public_urls.py, under ``i18n_patterns``): the
# only pages with an address in each language (/public/..., /es/public/...).
PUBLIC_NAMESPACE = "public"


def has_addresses_per_language(match) -> bool:
    """Whether a resolved page (a ``ResolverMatch``, or None where nothing matched) is
    one of the public pages; every other page has one address, whatever the language."""
    return match is not None and PUBLIC_NAMESPACE in match.namespaces


# An id no record has here, and whose digits no address holds otherwise.
_STAND_IN = "90210902109021"


def addresses_key() -> tuple[str, str | None, str]:
    """Everything ``reverse`` reads besides its arguments: the script prefix, the
    language and the URL configuration. What is made of addresses once per process
    (a row's link, the signed-in menu) is kept under this key."""
    return get_script_prefix(), get_language(), get_urlconf() or settings.ROOT_URLCONF


def path_to(name: str, pk: int) -> str:
    """``reverse(name, args=[pk])``, for a pattern that takes one integer id."""
    head, tail = _around_the_id(name, *addresses_key())
    return f"{head}{int(pk)}{tail}"


@functools.lru_cache(maxsize=256)
def _around_the_id(name: str, prefix: str, language: str | None, urlconf) -> tuple[str, str]:
    path = reverse(name, args=[int(_STAND_IN)], urlconf=urlconf)
    head, found, tail = path.partition(_STAND_IN)
    if not found or _STAND_IN in tail:
        raise ValueError(f"{name!r} does not take one id in one place: {path}")
    return head, tail
