"""The public pages (namespace ``public``), under /public/ in the reader's language
(safety_portal/urls.py). The project's wiring: each path is served by its feature."""

from django.urls import path

from incidents import public_views as concern_public
from meetings import feeds
from meetings import public_views as meeting_public
from publishing import public_views, subscription_views

app_name = "public"

urlpatterns = [
    path("<slug:district>/", public_views.district_page, name="district"),
    path("<slug:district>/updates.atom", public_views.updates_feed, name="district_feed"),
    path("<slug:district>/follow/", public_views.follow_page, name="follow"),
    path("<slug:district>/updates/<int:pk>/", public_views.update_page, name="update"),
    path("<slug:district>/meetings/<int:pk>/", public_views.meeting_page, name="meeting"),
    path("<slug:district>/meetings.ics", feeds.public_feed, name="meetings_ics"),
    path(
        "<slug:district>/meetings/<int:pk>/meeting.ics",
        feeds.public_meeting_feed,
        name="meeting_ics",
    ),
    path(
        "<slug:district>/meetings/<int:pk>/packet.pdf",
        meeting_public.packet_pdf,
        name="meeting_packet",
    ),
    path(
        "<slug:district>/meetings/<int:pk>/documents/<int:document>/",
        meeting_public.document_download,
        name="meeting_document",
    ),
    path("<slug:district>/schools/<slug:building>/", public_views.building_page, name="building"),
    path(
        "<slug:district>/schools/<slug:building>/updates.atom",
        public_views.updates_feed,
        name="building_feed",
    ),
    path("<slug:district>/subscribe/", subscription_views.subscribe, name="subscribe"),
    path(
        "<slug:district>/subscriptions/<str:token>/confirm/",
        subscription_views.confirm,
        name="subscription_confirm",
    ),
    path(
        "<slug:district>/subscriptions/<str:token>/unsubscribe/",
        subscription_views.unsubscribe,
        name="unsubscribe",
    ),
    path("<slug:district>/concerns/new/", concern_public.concern_new, name="concern"),
    path("<slug:district>/concerns/status/", concern_public.concern_status, name="concern_status"),
]
