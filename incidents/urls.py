from django.urls import path

from incidents import concern_views, drill_views, report_views, views

app_name = "incidents"

urlpatterns = [
    path("report/", views.report, name="report"),
    path("mine/", views.mine, name="mine"),
    path("committee/<int:pk>/", views.queue, name="queue"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/status/", views.set_status, name="status"),
    path("<int:pk>/triage/", views.triage, name="triage"),
    path("<int:pk>/follow-up/", views.follow_up, name="follow_up"),
    path("<int:pk>/share/", views.share, name="share"),
    path("<int:pk>/share/<int:user_pk>/remove/", views.unshare, name="unshare"),
    path("drills/", drill_views.overview, name="drill_overview"),
    path("drills/calendar/", drill_views.school_calendar, name="school_calendar"),
    path("drills/committee/<int:pk>/", drill_views.committee_drills, name="drills"),
    path("drills/committee/<int:pk>/new/", drill_views.drill_new, name="drill_new"),
    path(
        "drills/committee/<int:pk>/report.<str:fmt>",
        report_views.drill_report,
        name="drill_report",
    ),
    path(
        "drills/report.<str:fmt>", report_views.district_drill_report, name="district_drill_report"
    ),
    path("drills/<int:pk>/", drill_views.drill_detail, name="drill"),
    path("drills/<int:pk>/held/", drill_views.drill_held, name="drill_held"),
    path("drills/<int:pk>/observers/", drill_views.observer_add, name="drill_observer"),
    path("drills/<int:pk>/problems/", drill_views.problem_add, name="drill_problem"),
    path(
        "drills/problems/<int:pk>/follow-up/",
        drill_views.problem_follow_up,
        name="drill_problem_follow_up",
    ),
    path("concerns/committee/<int:pk>/", concern_views.queue, name="concerns"),
    path("concerns/<int:pk>/", concern_views.detail, name="concern"),
    path("concerns/<int:pk>/status/", concern_views.set_status, name="concern_status"),
    path("concerns/<int:pk>/triage/", concern_views.triage, name="concern_triage"),
    path("concerns/<int:pk>/follow-up/", concern_views.follow_up, name="concern_follow_up"),
]
