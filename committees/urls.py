from django.urls import path

from committees import (
    export_views,
    meeting_views,
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
    # Meetings
    path("<int:pk>/meetings/", meeting_views.meeting_list, name="meetings"),
    path("<int:pk>/meetings/new/", meeting_views.meeting_new, name="meeting_new"),
    path("meetings/<int:pk>/", meeting_views.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/edit/", meeting_views.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/cancel/", meeting_views.meeting_cancel, name="meeting_cancel"),
    path(
        "meetings/<int:pk>/attendance/", meeting_views.meeting_attendance, name="meeting_attendance"
    ),
    path("meetings/<int:pk>/agenda/new/", meeting_views.agenda_item_new, name="agenda_item_new"),
    path("agenda-items/<int:pk>/edit/", meeting_views.agenda_item_edit, name="agenda_item_edit"),
    path("agenda-items/<int:pk>/move/", meeting_views.agenda_item_move, name="agenda_item_move"),
    path(
        "agenda-items/<int:pk>/remove/",
        meeting_views.agenda_item_remove,
        name="agenda_item_remove",
    ),
    path("<int:pk>/standing-agenda/", meeting_views.agenda_template, name="agenda_template"),
    path(
        "standing-agenda/<int:pk>/edit/",
        meeting_views.agenda_template_item_edit,
        name="agenda_template_item_edit",
    ),
    path(
        "standing-agenda/<int:pk>/move/",
        meeting_views.agenda_template_item_move,
        name="agenda_template_item_move",
    ),
    path(
        "standing-agenda/<int:pk>/remove/",
        meeting_views.agenda_template_item_remove,
        name="agenda_template_item_remove",
    ),
    path("meetings/<int:pk>/minutes/new/", meeting_views.section_new, name="section_new"),
    path("meetings/<int:pk>/summary/", meeting_views.summary_edit, name="summary_edit"),
    path("minutes/<int:pk>/edit/", meeting_views.section_edit, name="section_edit"),
    path("meetings/<int:pk>/approve/", meeting_views.minutes_approve, name="minutes_approve"),
    path("meetings/<int:pk>/revisions/", meeting_views.minutes_revisions, name="minutes_revisions"),
    path(
        "meetings/<int:pk>/summary/publish/", meeting_views.summary_publish, name="summary_publish"
    ),
    path("meetings/<int:pk>/minutes.pdf", export_views.minutes_pdf, name="minutes_pdf"),
    path("meetings/<int:pk>/minutes.txt", export_views.minutes_txt, name="minutes_txt"),
    path("meetings/<int:pk>/summary.pdf", export_views.summary_pdf, name="summary_pdf"),
    path("meetings/<int:pk>/summary.txt", export_views.summary_txt, name="summary_txt"),
    path("meetings/<int:pk>/notice/", meeting_views.meeting_notice, name="meeting_notice"),
    path("calendar/", meeting_views.calendar, name="calendar"),
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
        "meetings/<int:pk>/summary/withdraw/",
        meeting_views.summary_withdraw,
        name="summary_withdraw",
    ),
]
