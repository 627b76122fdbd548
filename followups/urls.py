"""Mounted under /committees/, where these pages always were (safety_portal/urls.py)."""

from django.urls import path

from followups import list_views, plan_views, views

app_name = "followups"

urlpatterns = [
    # Action items
    path("action-items/mine/", list_views.my_items, name="my_items"),
    path("<int:pk>/action-items/", list_views.item_list, name="items"),
    path("<int:pk>/action-items.csv", list_views.item_csv, name="items_csv"),
    path("<int:pk>/action-items/new/", views.action_item_new, name="item_new"),
    path("action-items/<int:pk>/", views.action_item_detail, name="action_item"),
    path("action-items/<int:pk>/edit/", views.action_item_edit, name="item_edit"),
    path("action-items/<int:pk>/status/", views.action_item_status, name="item_status"),
    path("action-items/<int:pk>/progress/", views.action_item_progress, name="item_progress"),
    path("action-items/<int:pk>/evidence/", views.action_item_evidence, name="item_evidence"),
    path("action-items/<int:pk>/verify/", views.action_item_verify, name="item_verify"),
    path("action-items/<int:pk>/assign/", views.action_item_assign, name="item_assign"),
    path("action-items/<int:pk>/share/", views.action_item_share, name="action_item_share"),
    path(
        "action-items/<int:pk>/share/<int:user_pk>/remove/",
        views.action_item_unshare,
        name="action_item_unshare",
    ),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
    # Improvement plans
    path("<int:pk>/plans/", plan_views.plan_list, name="plans"),
    path("<int:pk>/plans/new/", plan_views.plan_new, name="plan_new"),
    path("plans/<int:pk>/", plan_views.plan_detail, name="plan"),
    path("plans/<int:pk>/milestones/new/", plan_views.milestone_new, name="milestone_new"),
    path("milestones/<int:pk>/edit/", plan_views.milestone_edit, name="milestone_edit"),
]
