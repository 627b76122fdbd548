from django.conf import settings
from django.utils.functional import SimpleLazyObject

from committees.models import District


def _district_for(request):
    user = request.user
    if user.is_authenticated and user.district_id:
        return user.district
    # Public visitors see the district this deployment serves first.
    return District.objects.order_by("id").first()


def site(request):
    return {
        "site_district": SimpleLazyObject(lambda: _district_for(request)),
        "site_debug": settings.DEBUG,
    }
