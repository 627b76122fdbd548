"""The address of one record's page, by its ids, at the cost of joining a few strings.

A list links each of its rows to the row's page. ``reverse`` walks the URL patterns and
checks its result against their expressions on every call: on a page of fifty rows that
was as dear as the rest of the rows' rendering. Here a name is reversed once (per script
prefix, language and URL configuration, everything ``reverse`` reads besides its
arguments) with stand-in ids, and each row's address is that path with its ids put in.
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


# Ids no record has here, one for each place of a pattern, whose digits no address holds
# otherwise and none of which holds another.
_STAND_INS = ("90210902109021", "90210902109031", "90210902109041")


def addresses_key() -> tuple[str, str | None, str]:
    """Everything ``reverse`` reads besides its arguments: the script prefix, the
    language and the URL configuration. What is made of addresses once per process
    (a row's link, the signed-in menu) is kept under this key."""
    return get_script_prefix(), get_language(), get_urlconf() or settings.ROOT_URLCONF


def path_to(name: str, *ids: int) -> str:
    """``reverse(name, args=ids)``, for a pattern that takes integer ids alone (one, a
    committee's and a member's, up to three)."""
    first, *pieces = _around_the_ids(name, len(ids), *addresses_key())
    parts = [first]
    for pk, piece in zip(ids, pieces, strict=True):
        parts += (str(int(pk)), piece)
    return "".join(parts)


@functools.lru_cache(maxsize=256)
def _around_the_ids(
    name: str, count: int, prefix: str, language: str | None, urlconf
) -> tuple[str, ...]:
    """The path of ``name`` cut where its ``count`` ids go: ``count + 1`` pieces."""
    if not 0 < count <= len(_STAND_INS):
        raise ValueError(f"{name!r}: path_to takes one to {len(_STAND_INS)} ids, not {count}")
    stand_ins = _STAND_INS[:count]
    path = reverse(name, args=[int(stand_in) for stand_in in stand_ins], urlconf=urlconf)
    refused = ValueError(f"{name!r} does not take its ids in order, each in one place: {path}")
    pieces, rest = [], path
    for stand_in in stand_ins:
        head, found, rest = rest.partition(stand_in)
        if not found or any(other in head for other in _STAND_INS):
            raise refused
        pieces.append(head)
    if any(other in rest for other in _STAND_INS):
        raise refused
    return (*pieces, rest)
