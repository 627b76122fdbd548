"""Mounted under /committees/ (safety_portal/urls.py)."""

from django.urls import path

from compliance import views

app_name = "compliance"

urlpatterns = [
    path("<int:pk>/compliance/", views.calendar, name="calendar"),
    path("<int:pk>/compliance/summary.<str:fmt>", views.school_summary, name="school_summary"),
    path("compliance/duties/<int:pk>/", views.duty, name="duty"),
    path("compliance/duties/<int:pk>/complete/", views.duty_complete, name="duty_complete"),
    path("compliance/duties/<int:pk>/owner/", views.duty_assign, name="duty_assign"),
    path("compliance/duties/<int:pk>/due/", views.duty_reschedule, name="duty_reschedule"),
    path(
        "compliance/duties/<int:pk>/reviewers/",
        views.duty_reviewer_add,
        name="duty_reviewer_add",
    ),
    path(
        "compliance/reviewers/<int:pk>/remove/",
        views.duty_reviewer_remove,
        name="duty_reviewer_remove",
    ),
    path("compliance/receipts/<int:pk>/", views.receipt, name="receipt"),
    path("district/compliance/", views.overview, name="overview"),
    path("district/compliance/settings/", views.settings_page, name="settings"),
    path("district/compliance/profile/", views.profile, name="profile"),
    path("district/compliance/rules/<int:pk>/", views.rule, name="rule"),
    path("district/compliance/rules/new/", views.rule_add, name="rule_add"),
    path(
        "district/compliance/summary.<str:fmt>",
        views.district_summary,
        name="district_summary",
    ),
]
