"""The API at /api/v1/: each feature's resources (its own ``api.py``), the OpenAPI 3
schema (drf-spectacular) and its documentation page (Swagger UI, its assets from
drf-spectacular-sidecar, served from our static files; its start-up script is a file of
its own, so that the Content-Security-Policy needs no inline script)."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from committees.api import BuildingViewSet, CommitteeViewSet, DistrictViewSet
from followups.api import ActionItemViewSet, MilestoneViewSet, PlanViewSet
from incidents.api import ConcernViewSet, DrillCalendarViewSet, DrillViewSet, IncidentViewSet
from meetings.api import MeetingViewSet
from procedures.api import ProcedureViewSet
from publishing import api as publishing_api
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
router.register("incidents", IncidentViewSet, basename="incident")
router.register("drills", DrillViewSet, basename="drill")
router.register("drill-calendar", DrillCalendarViewSet, basename="drill-calendar")
router.register("concerns", ConcernViewSet, basename="concern")
router.register("procedures", ProcedureViewSet, basename="procedure")
router.register("meetings", MeetingViewSet, basename="meeting")
router.register("updates", publishing_api.UpdateDraftViewSet, basename="update")

# The public part, without a token: what the public pages show (publishing/api.py).
public = [
    path(
        "public/districts/<slug:district>/",
        publishing_api.public_district_view,
        name="public-district",
    ),
    path(
        "public/districts/<slug:district>/updates/",
        publishing_api.public_updates_view,
        name="public-district-updates",
    ),
    path(
        "public/districts/<slug:district>/updates/<int:pk>/",
        publishing_api.public_update_view,
        name="public-update",
    ),
    path(
        "public/districts/<slug:district>/meetings/<int:pk>/",
        publishing_api.public_meeting_view,
        name="public-meeting",
    ),
    path(
        "public/schools/<slug:district>/<slug:building>/",
        publishing_api.public_school_view,
        name="public-school",
    ),
    path(
        "public/schools/<slug:district>/<slug:building>/updates/",
        publishing_api.public_updates_view,
        name="public-school-updates",
    ),
]

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(throttle_classes=RATED), name="schema"),
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api:schema", throttle_classes=RATED),
        name="docs",
    ),
    *public,
    path("", include(router.urls)),
]
