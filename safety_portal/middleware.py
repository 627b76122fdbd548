from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control


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
