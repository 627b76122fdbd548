from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from safety_portal import health


@require_GET
@never_cache
def healthz(request):
    checks = {
        "database": "ok" if health.database_ok() else "unavailable",
        "broker": "ok" if health.broker_ok() else "unavailable",
    }
    healthy = all(state == "ok" for state in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "checks": checks},
        status=200 if healthy else 503,
    )


def home(request):
    return render(request, "home.html")


def locked_out(request, original_response=None, credentials=None):
    """django-axes answers a locked sign-in with this page: why, and when to try again."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "registration/locked_out.html", {"minutes": minutes}, status=429)


def not_found(request, exception):
    """An address that is nothing (``handler404``): under the API, a JSON answer like its
    own 404s (``{"detail": ...}``), so that a script reads every refusal the same way; the
    site's page elsewhere."""
    if request.path.startswith(reverse("api:api-root")):
        return JsonResponse({"detail": "Not found."}, status=404)
    return defaults.page_not_found(request, exception)
