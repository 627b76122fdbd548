from django.urls import path

from committees import feeds, public_views

app_name = "public"

urlpatterns = [
    path("<slug:district>/", public_views.district_page, name="district"),
    path("<slug:district>/meetings/<int:pk>/", public_views.meeting_page, name="meeting"),
    path("<slug:district>/meetings.ics", feeds.public_feed, name="meetings_ics"),
]
