from django.urls import path

from committees import views

app_name = "committees"

urlpatterns = [
    path("", views.my_committees, name="mine"),
    path("<int:pk>/", views.committee_detail, name="detail"),
    path("<int:pk>/members/add/", views.member_add, name="member_add"),
    path("<int:pk>/members/<int:membership_pk>/", views.member_change, name="member_change"),
    path("<int:pk>/members/<int:membership_pk>/remove/", views.member_remove, name="member_remove"),
    path("<int:pk>/history/", views.membership_history, name="history"),
    path("action-items/<int:pk>/", views.action_item_detail, name="action_item"),
    path("action-items/<int:pk>/share/", views.action_item_share, name="action_item_share"),
    path(
        "action-items/<int:pk>/share/<int:user_pk>/remove/",
        views.action_item_unshare,
        name="action_item_unshare",
    ),
]
