"""The API at /api/v1/: each feature's resources (its own ``api.py``), the OpenAPI 3
schema (drf-spectacular) and its documentation page (Swagger UI, its assets from
drf-spectacular-sidecar, served from our static files; its start-up script is a file of
its own, so that the Content-Security-Policy needs no inline script)."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from committees.api import BuildingViewSet, CommitteeViewSet, DistrictViewSet
from followups.api import ActionItemViewSet, MilestoneViewSet, PlanViewSet
from safety_portal.api_kit import PerAddress, PerCaller

app_name = "api"
RATED = [PerCaller, PerAddress]

router = DefaultRouter()
router.register("districts", DistrictViewSet, basename="district")
router.register("buildings", BuildingViewSet, basename="building")
router.register("committees", CommitteeViewSet, basename="committee")
router.register("action-items", ActionItemViewSet, basename="action-item")
router.register("plans", PlanViewSet, basename="plan")
router.register("milestones", MilestoneViewSet, basename="milestone")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(throttle_classes=RATED), name="schema"),
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api:schema", throttle_classes=RATED),
        name="docs",
    ),
    path("", include(router.urls)),
]
