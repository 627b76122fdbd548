from django.urls import path

from committees import (
    list_views,
    plan_views,
    public_text_views,
    update_views,
    views,
)

app_name = "committees"

urlpatterns = [
    path("", views.my_committees, name="mine"),
    path("<int:pk>/", views.committee_detail, name="detail"),
    path("<int:pk>/members/add/", views.member_add, name="member_add"),
    path("<int:pk>/members/<int:membership_pk>/", views.member_change, name="member_change"),
    path("<int:pk>/members/<int:membership_pk>/remove/", views.member_remove, name="member_remove"),
    path(
        "<int:pk>/proposals/<int:proposal_pk>/",
        views.proposal_decide,
        name="proposal_decide",
    ),
    path("<int:pk>/history/", views.membership_history, name="history"),
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
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
    # Improvement plans
    path("<int:pk>/plans/", plan_views.plan_list, name="plans"),
    path("<int:pk>/plans/new/", plan_views.plan_new, name="plan_new"),
    path("plans/<int:pk>/", plan_views.plan_detail, name="plan"),
    path("plans/<int:pk>/milestones/new/", plan_views.milestone_new, name="milestone_new"),
    path("milestones/<int:pk>/edit/", plan_views.milestone_edit, name="milestone_edit"),
    # Public updates
    path("<int:pk>/updates/", update_views.update_list, name="updates"),
    path("<int:pk>/updates/new/", update_views.update_new, name="update_new"),
    path("updates/<int:pk>/", update_views.update_detail, name="update"),
    path("updates/<int:pk>/edit/", update_views.update_edit, name="update_edit"),
    path("updates/<int:pk>/publish/", update_views.update_publish, name="update_publish"),
    path("updates/<int:pk>/withdraw/", update_views.update_withdraw, name="update_withdraw"),
    path(
        "updates/<int:pk>/translations/<str:language>/",
        update_views.update_translation,
        name="update_translation",
    ),
    # Four eyes on every public word
    path("<int:pk>/public-text/", public_text_views.public_text_list, name="public_texts"),
    path(
        "public-text/<int:pk>/approve/",
        public_text_views.public_text_approve,
        name="public_text_approve",
    ),
    path(
        "public-text/<int:pk>/decline/",
        public_text_views.public_text_decline,
        name="public_text_decline",
    ),
    # District
    path("district/overview/", list_views.district_overview, name="district_overview"),
    path("action-items/<int:pk>/share/", views.action_item_share, name="action_item_share"),
    path(
        "action-items/<int:pk>/share/<int:user_pk>/remove/",
        views.action_item_unshare,
        name="action_item_unshare",
    ),
]
