from django.urls import path

from committees import (
    public_text_views,
    views,
)

app_name = "committees"

urlpatterns = [
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
    path(
        "public-text/<int:pk>/send-back/",
        public_text_views.public_text_send_back,
        name="public_text_send_back",
    ),
]
