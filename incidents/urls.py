from django.urls import path

from incidents import views

app_name = "incidents"

urlpatterns = [
    path("report/", views.report, name="report"),
    path("mine/", views.mine, name="mine"),
    path("committee/<int:pk>/", views.queue, name="queue"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/status/", views.set_status, name="status"),
    path("<int:pk>/triage/", views.triage, name="triage"),
    path("<int:pk>/follow-up/", views.follow_up, name="follow_up"),
]
