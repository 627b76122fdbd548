"""Public pages, cached per district and language, served before the session is read.

A public page shows the same bytes to every anonymous reader of one address in one
language. ``PublicPageCacheMiddleware`` comes first in settings.MIDDLEWARE, before the
security headers, the session, authentication and the rest: for a GET or HEAD without a session
cookie to a view marked ``@cached``, one Redis round trip (or none: near copies, below)
reads the district's version and the page together, and a current page is answered at
once, with no database query. A request that carries the session cookie may come from
a signed-in person (their name in the header): it always goes the whole way and is never
stored.

**Invalidation.** Each district has a version number; a stored page carries the
version it was rendered under and counts only while that is still the district's.
Publishing, correcting or withdrawing anything public bumps the version after the
commit (``bump_on_commit``), so every cached page of the district is gone at once.
The version is read before the page is rendered: a bump during the rendering leaves
the new entry stale, never the old text current. A version that is missing (never
set, evicted) starts again at a random number, so that no old entry can match it.

**What a page depends on** makes its key: the district (by its slug, as in the URL),
the language (decided as LocaleMiddleware decides it), the scheme, the host and the
full path with its query string. Only an empty query string or ``?page=N`` is stored,
so that made-up query strings cannot push real pages out of Redis.

**Browsers and proxies** get ``Cache-Control: public, no-cache`` and an ``ETag``. A
proxy may keep the page but must ask again before each use; the answer is a 304 from
this middleware (one Redis read, no body). A ``max-age`` would let a withdrawn update
live on in every proxy until it ran out, and publication must take effect at once
(docs/access.md); revalidation keeps that and still spares the rendering and the bytes.
``Vary: Cookie`` keeps a signed-in person's page apart; ``Vary: Accept-Language`` is
LocaleMiddleware's, stored with the page. So are the headers of the security
middleware and the Content-Security-Policy, which are the same for every reader of one
scheme (part of the key); a plain-HTTP request is never stored (it is redirected), so
it always reaches the security middleware.

**Before Django.** ``front`` wraps the WSGI application (safety_portal/wsgi.py): a GET
for a stored, current page is answered from the same key and the same read before
Django's handler runs at all (no request signals, no middleware, no response
object), with the stored headers and bytes. Anything else, a miss, a conditional GET,
a HEAD or a request with the session cookie, goes on to Django, where the middleware
decides as above.

**Near copies.** Each process keeps the versions and pages it read last in its memory
(``safety_portal.cache.near_copies``), trusted only while it hears, on Redis's pub/sub,
the bumps every process announces: a current page is then answered with no round trip
at all. A bump drops the district's version at once in the process that makes it and,
in the others, as soon as they hear of it; a process that stops hearing drops them all.

**Parts.** A public page's body is the same for every reader in one language, signed in
or not; only the header around it names the reader. ``part`` keeps such a body under
the district's version as a page is kept (the same invalidation, the same near copies),
so that a reader the stored pages cannot serve (a signed-in person, another query
string) has the body from the cache and only the header rendered. Its caller renders it
without the request (safety_portal/view_helpers.public_body), so that nothing of the
reader can be in it.

The cache is an optimisation: with Redis unreachable, pages are rendered afresh and
publishing still succeeds. Entries live a few minutes only, so a bump lost while Redis
was away cannot keep a withdrawn update on a page for long.
"""

import functools
import hashlib
import logging
import re
import secrets
from collections.abc import Callable
from functools import partial
from http.client import responses

from django.conf import settings
from django.conf.urls.i18n import is_language_prefix_patterns_used
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import WSGIRequest
from django.db import transaction
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
    set_response_etag,
)

from committees.models import District
from safety_portal.cache import near_copies

TIMEOUT = 5 * 60
SHARED_CACHE_CONTROL = "public, no-cache"
_PAGE_NUMBER = r"\d{1,4}"  # the page numbers stored, as pages and as parts
_STORED_QUERY = re.compile(rf"(page={_PAGE_NUMBER})?")
logger = logging.getLogger(__name__)


def _version_key(district_slug: str) -> str:
    return f"public-version:{district_slug}"


def _fresh_version() -> int:
    return secrets.randbelow(2**48)


def version(district_slug: str) -> int:
    """The district's current version (started afresh when missing)."""
    return cache.get_or_set(_version_key(district_slug), _fresh_version, timeout=None)


def bump(district_id: int) -> None:
    """Move the district's version on: every page stored under the old one is stale."""
    try:
        slug = District.objects.filter(pk=district_id).values_list("slug", flat=True).first()
    except Exception:  # after the commit: the change is made whatever this says
        logger.warning("Could not invalidate the public pages of district %s", district_id)
        return
    if slug is not None:
        bump_slug(slug)


def bump_slug(slug: str) -> None:
    """``bump`` by the slug the pages were kept under (a district's, before it changed)."""
    try:
        try:
            cache.incr(_version_key(slug))
        except ValueError:  # not set yet, or evicted: any new number will do
            cache.set(_version_key(slug), _fresh_version(), timeout=None)
        near_copies(cache).changed(_version_key(slug))
    except Exception:  # the cache is down: entries expire within TIMEOUT anyway
        logger.warning("Could not invalidate the public pages of district %s", slug)


def bump_on_commit(district_id: int) -> None:
    """After the change is committed: a reader between the two would refill the old page."""
    transaction.on_commit(partial(bump, district_id))


def cached(view):
    """Mark a public view, whose ``district`` argument is a slug, as one whose anonymous
    responses ``PublicPageCacheMiddleware`` stores and serves. Every response of it says
    ``no-cache``: a browser or proxy asks again before it shows a copy."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        patch_cache_control(response, no_cache=True)
        return response

    wrapper.public_cache = True
    return wrapper


def keeps_page(number: str) -> bool:
    """Whether the page number a query string asks for is one stored (others, made up,
    are rendered each time, so that they cannot push real pages out of Redis)."""
    return re.fullmatch(_PAGE_NUMBER, number) is not None


def part(district_slug: str, name: str, render: Callable[[], str]) -> str:
    """The HTML ``render()`` gives, a piece of a public page of the district that is the
    same for every reader in the active language: kept under the district's version, so
    that publishing anything public renders it afresh. ``name`` tells it from the
    district's other parts (the page and its page number)."""
    piece = _Part(district_slug, translation.get_language(), name)
    try:
        current, entry = _read(piece)
    except Exception:  # the cache is down: render it afresh
        logger.warning("Public page cache unavailable", exc_info=True)
        return render()
    if entry is not None:
        return entry[1]
    html = render()
    if current is not None:  # else the cache lost the version just now: store nothing
        try:
            cache.set(piece.key, (current, html), TIMEOUT)
        except Exception:  # the cache is an optimisation
            logger.warning("Public page cache unavailable", exc_info=True)
    return html


class PublicPageCacheMiddleware:
    """Answer anonymous readers of public pages from the cache, before the session."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        page = _page_of(request)
        if page is None:
            return self.get_response(request)
        try:
            current, entry = _read(page)
        except Exception:  # the cache is down: render the page afresh
            logger.warning("Public page cache unavailable", exc_info=True)
            return self.get_response(request)
        if entry is not None:
            return _answer(request, _response_of(entry))
        response = self.get_response(request)
        if _storable(request, response):
            _store(page, current, response)
            return _answer(request, response)
        return response


def front(application):
    """The WSGI application, with stored public pages answered before it is called."""

    @functools.wraps(application)
    def serve(environ, start_response):
        if environ.get("REQUEST_METHOD") == "GET" and not _left_to_django(environ):
            entry = _current_entry(WSGIRequest(environ))
            if entry is not None:
                _version, status, headers, content = entry
                start_response(f"{status} {responses[status]}", list(headers.items()))
                return [content]
        return application(environ, start_response)

    return serve


def _left_to_django(environ) -> bool:
    """A reader who holds a copy (the middleware answers it, with a 304 if it is current),
    or perhaps a signed-in person: a cookie header naming the session, seen without
    building a request, so that signed-in pages pay nothing for the front."""
    return (
        "HTTP_IF_NONE_MATCH" in environ
        or "HTTP_IF_MODIFIED_SINCE" in environ
        or settings.SESSION_COOKIE_NAME in environ.get("HTTP_COOKIE", "")
    )


def _current_entry(request):
    """The stored entry of the request's page if it is current; None for a miss, a stale
    page, a request not for the cache, or the cache down (Django then decides)."""
    page = _page_of(request)
    if page is None:
        return None
    try:
        return _read(page)[1]
    except Exception:  # the middleware says so, and renders the page
        return None


class _Page:
    """Where a request's page lives in the cache."""

    def __init__(self, district_slug: str, language: str, address: str):
        self.version_key = _version_key(district_slug)
        digest = hashlib.sha256(address.encode()).hexdigest()
        self.key = f"public-page:{district_slug}:{language}:{digest}"


class _Part:
    """Where a part of a public page lives in the cache."""

    def __init__(self, district_slug: str, language: str, name: str):
        self.version_key = _version_key(district_slug)
        self.key = f"public-part:{district_slug}:{language}:{name}"


def _page_of(request) -> _Page | None:
    """The page a request may be answered with from the cache, or None."""
    if request.method not in ("GET", "HEAD"):
        return None
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return None  # perhaps signed in: the whole stack decides
    if not _STORED_QUERY.fullmatch(request.META.get("QUERY_STRING", "")):
        return None
    urlconf = getattr(request, "urlconf", settings.ROOT_URLCONF)
    language = _language(request, urlconf)
    district_slug = _cached_view_district(request.path_info, language, urlconf)
    if district_slug is None:
        return None
    try:
        host = request.get_host()
    except DisallowedHost:
        return None  # CommonMiddleware answers it
    address = f"{request.scheme}://{host}{request.get_full_path()}"
    return _Page(district_slug, language, address)


@functools.lru_cache(maxsize=4096)
def _cached_view_district(path: str, language: str, urlconf: str) -> str | None:
    """The district slug of a path served by a ``@cached`` view, or None. Remembered per
    path: resolving costs as much as the rest of a cached answer."""
    with translation.override(language):  # the /es/ prefix resolves in Spanish only
        try:
            match = resolve(path, urlconf)
        except Resolver404:
            return None
    if not getattr(match.func, "public_cache", False):
        return None
    return match.kwargs.get("district")


def _language(request, urlconf: str) -> str:
    """The language LocaleMiddleware will activate for this request."""
    i18n_patterns_used, prefixed_default_language = is_language_prefix_patterns_used(urlconf)
    from_path = translation.get_language_from_path(request.path_info)
    if from_path is None and i18n_patterns_used and not prefixed_default_language:
        return settings.LANGUAGE_CODE
    return translation.get_language_from_request(request, check_path=i18n_patterns_used)


def _read(page: _Page | _Part):
    """(the district's version, the stored entry if it is current, else None): from this
    process's near copies when both are there and match, else in one round trip, kept
    near for the next reader. A missing version is started afresh, so that the page
    rendered next is stored under it."""
    near = near_copies(cache)
    current, entry = near.get(page.version_key), near.get(page.key)
    if current is not None and entry is not None and entry[0] == current:
        return current, entry
    mark = near.mark()
    found = cache.get_many([page.version_key, page.key])
    current, entry = found.get(page.version_key), found.get(page.key)
    if current is None:
        fresh = _fresh_version()
        added = cache.add(page.version_key, fresh, timeout=None)
        current = fresh if added else cache.get(page.version_key)  # another worker's
    if current is not None:
        near.keep(page.version_key, current, mark)
    if entry is not None:
        near.keep(page.key, entry, mark)
    return current, (entry if entry is not None and entry[0] == current else None)


def _storable(request, response) -> bool:
    """A complete page for anyone: rendered for nobody in particular, setting no cookie."""
    user = getattr(request, "user", None)
    return (
        request.method == "GET"
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not (user is not None and user.is_authenticated)
    )


def _store(page: _Page, current: int | None, response) -> None:
    patch_vary_headers(response, ("Cookie",))
    response["Cache-Control"] = SHARED_CACHE_CONTROL
    set_response_etag(response)
    if current is None:
        return  # the cache lost the version just now: store nothing under it
    entry = (current, response.status_code, dict(response.items()), response.content)
    try:
        cache.set(page.key, entry, TIMEOUT)
    except Exception:  # the cache is an optimisation
        logger.warning("Public page cache unavailable", exc_info=True)


def _response_of(entry) -> HttpResponse:
    _version, status, headers, content = entry
    return HttpResponse(content, status=status, headers=headers)


def _answer(request, response):
    """The page, or 304 Not Modified when the reader already holds it."""
    return get_conditional_response(request, etag=response.get("ETag"), response=response)
