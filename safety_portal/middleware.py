from zoneinfo import ZoneInfo

from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.urls import Resolver404, get_urlconf, resolve
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers, patch_cache_control

from safety_portal.paths import has_addresses_per_language


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Each page in the reader's language.

    The public pages have an address per language (/public/... in English, /es/public/...),
    and Django's middleware gives an address without a prefix the site's language, on
    every page. The other pages (home, sign-in, the signed-in pages) have one address:
    there the reader's choice (the switcher's cookie, set at sign-in from the person's
    own language) or else the browser's Accept-Language decides.
    """

    def process_request(self, request):
        super().process_request(request)
        if translation.get_language_from_path(request.path_info) or _has_addresses_per_language(
            request
        ):
            return
        language = translation.get_language_from_request(request, check_path=False)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


def _has_addresses_per_language(request) -> bool:
    """Whether the path is one of the public pages, served under a prefix per language
    (asked before Django resolves the request)."""
    try:
        match = resolve(request.path_info, getattr(request, "urlconf", get_urlconf()))
    except Resolver404:
        return False
    return has_addresses_per_language(match)


class PrivatePagesMiddleware:
    """A page rendered for a signed-in person is never stored by a shared cache.

    Access can end at any moment (ACCESS.md), so no proxy or browser cache may
    keep a member's page past the request that produced it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
            patch_cache_control(response, private=True)
        return response


class DistrictTimeZoneMiddleware:
    """Times are stored in UTC and shown in the signed-in person's district's time zone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.district_id:
            timezone.activate(ZoneInfo(user.district.time_zone))
        else:
            timezone.deactivate()  # the deployment's DISTRICT_TIME_ZONE
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
