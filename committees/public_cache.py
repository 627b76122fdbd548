"""Public pages, cached per district and language, invalidated by publication.

Each district has a version number in the cache; a page's key carries it, so
publishing, correcting or withdrawing anything public bumps the version and every
cached public page of the district is gone at once (its old entries expire
unread). Only anonymous requests read or fill the cache: a page rendered for a
signed-in person (their name in the header) is never served to anyone else.

The cache is an optimisation: with Redis unreachable, pages are rendered afresh
and publishing still succeeds. Entries live a few minutes only, so a bump lost
while Redis was away cannot keep a withdrawn update on a page for long.
"""

import contextlib
import functools
import logging
from functools import partial

from django.core.cache import cache
from django.db import transaction
from django.utils import translation
from django.utils.cache import patch_cache_control

from committees.models import District

TIMEOUT = 5 * 60
logger = logging.getLogger(__name__)


def _version_key(district_id: int) -> str:
    return f"public-version:{district_id}"


def version(district_id: int) -> int:
    return cache.get_or_set(_version_key(district_id), 1, timeout=None)


def bump(district_id: int) -> None:
    try:
        try:
            cache.incr(_version_key(district_id))
        except ValueError:  # not set yet, or evicted: any new number will do
            cache.set(_version_key(district_id), 2, timeout=None)
    except Exception:  # the cache is down: entries expire within TIMEOUT anyway
        logger.warning("Could not invalidate the public pages of district %s", district_id)


def bump_on_commit(district_id: int) -> None:
    """After the change is committed: a reader between the two would refill the old page."""
    transaction.on_commit(partial(bump, district_id))


def cached(view):
    """Cache a public view's response for anonymous readers; its first argument is a
    district slug. Responses say ``no-cache`` so browsers and proxies ask again."""

    @functools.wraps(view)
    def wrapper(request, district, *args, **kwargs):

        anonymous = not request.user.is_authenticated and request.method in ("GET", "HEAD")
        key = None
        try:
            response, key = _cached_response(request, district) if anonymous else (None, None)
        except Exception:  # the cache is down: render the page afresh
            logger.warning("Public page cache unavailable", exc_info=True)
            response, key = None, None
        if response is not None:
            return response
        response = view(request, district, *args, **kwargs)
        patch_cache_control(response, no_cache=True, max_age=0)
        if key is not None and response.status_code == 200 and not response.streaming:
            if hasattr(response, "render") and callable(response.render):
                response.render()
            with contextlib.suppress(Exception):  # the cache is an optimisation
                cache.set(key, response, TIMEOUT)
        return response

    return wrapper


def _cached_response(request, district: str):
    """(the cached response or None, the key to store under or None)."""
    district_id = District.objects.filter(slug=district).values_list("pk", flat=True).first()
    if district_id is None:
        return None, None
    key = ":".join(
        [
            "public-page",
            str(district_id),
            str(version(district_id)),
            translation.get_language() or "",
            request.get_full_path(),
        ]
    )
    return cache.get(key), key
