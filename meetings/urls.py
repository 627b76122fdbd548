"""Mounted under /committees/, where these pages always were (safety_portal/urls.py)."""

from django.urls import path

from meetings import (
    agenda_views,
    document_views,
    export_views,
    minutes_views,
    public_minutes_views,
    rules_views,
    views,
)

app_name = "meetings"

urlpatterns = [
    path("<int:pk>/meetings/", views.meeting_list, name="list"),
    path("<int:pk>/meetings/new/", views.meeting_new, name="meeting_new"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/cancel/", views.meeting_cancel, name="meeting_cancel"),
    path("meetings/<int:pk>/attendance/", views.meeting_attendance, name="meeting_attendance"),
    path("meetings/<int:pk>/notice/", views.meeting_notice, name="meeting_notice"),
    path("meetings/<int:pk>/public-agenda/", views.public_agenda, name="public_agenda"),
    path("calendar/", views.calendar, name="calendar"),
    # The district's open meeting rules, beside the compliance calendar's settings
    path("district/meetings/rules/", rules_views.meeting_rules, name="rules"),
    path(
        "district/meetings/rules/reset/",
        rules_views.meeting_rules_reset,
        name="rules_reset",
    ),
    # The agenda, and the standing agenda new meetings start from
    path("meetings/<int:pk>/agenda/new/", agenda_views.agenda_item_new, name="agenda_item_new"),
    path("agenda-items/<int:pk>/edit/", agenda_views.agenda_item_edit, name="agenda_item_edit"),
    path("agenda-items/<int:pk>/move/", agenda_views.agenda_item_move, name="agenda_item_move"),
    path(
        "agenda-items/<int:pk>/remove/",
        agenda_views.agenda_item_remove,
        name="agenda_item_remove",
    ),
    path("<int:pk>/standing-agenda/", agenda_views.agenda_template, name="agenda_template"),
    path(
        "standing-agenda/<int:pk>/edit/",
        agenda_views.agenda_template_item_edit,
        name="agenda_template_item_edit",
    ),
    path(
        "standing-agenda/<int:pk>/move/",
        agenda_views.agenda_template_item_move,
        name="agenda_template_item_move",
    ),
    path(
        "standing-agenda/<int:pk>/remove/",
        agenda_views.agenda_template_item_remove,
        name="agenda_template_item_remove",
    ),
    # Minutes and the public summary
    path("meetings/<int:pk>/minutes/new/", minutes_views.section_new, name="section_new"),
    path("minutes/<int:pk>/edit/", minutes_views.section_edit, name="section_edit"),
    path("meetings/<int:pk>/submit/", minutes_views.minutes_submit, name="minutes_submit"),
    path("meetings/<int:pk>/approve/", minutes_views.minutes_approve, name="minutes_approve"),
    path("minutes/<int:pk>/votes/new/", minutes_views.vote_new, name="vote_new"),
    path("votes/<int:pk>/correct/", minutes_views.vote_edit, name="vote_edit"),
    path("meetings/<int:pk>/revisions/", minutes_views.minutes_revisions, name="minutes_revisions"),
    path("meetings/<int:pk>/summary/", minutes_views.summary_edit, name="summary_edit"),
    path(
        "meetings/<int:pk>/summary/publish/", minutes_views.summary_publish, name="summary_publish"
    ),
    path(
        "meetings/<int:pk>/summary/send-back/",
        minutes_views.summary_send_back,
        name="summary_send_back",
    ),
    path(
        "meetings/<int:pk>/summary/withdraw/",
        minutes_views.summary_withdraw,
        name="summary_withdraw",
    ),
    # The packet: documents on agenda items and minutes sections
    path(
        "agenda-items/<int:pk>/documents/new/",
        document_views.agenda_item_document_new,
        name="agenda_item_document_new",
    ),
    path(
        "minutes/<int:pk>/documents/new/",
        document_views.section_document_new,
        name="section_document_new",
    ),
    path("documents/<int:pk>/", document_views.document_download, name="document"),
    path("documents/<int:pk>/edit/", document_views.document_edit, name="document_edit"),
    path("documents/<int:pk>/remove/", document_views.document_remove, name="document_remove"),
    # Public minutes, and the release review of an executive session's minutes
    path(
        "meetings/<int:pk>/public-minutes/prepare/",
        public_minutes_views.public_minutes_prepare,
        name="public_minutes_prepare",
    ),
    path(
        "meetings/<int:pk>/public-minutes/",
        public_minutes_views.public_minutes_edit,
        name="public_minutes_edit",
    ),
    path(
        "meetings/<int:pk>/public-minutes/publish/",
        public_minutes_views.public_minutes_publish,
        name="public_minutes_publish",
    ),
    path(
        "meetings/<int:pk>/public-minutes/withdraw/",
        public_minutes_views.public_minutes_withdraw,
        name="public_minutes_withdraw",
    ),
    path(
        "meetings/<int:pk>/release-review/",
        public_minutes_views.minutes_release,
        name="minutes_release",
    ),
    # Downloads
    path("meetings/<int:pk>/minutes.pdf", export_views.minutes_pdf, name="minutes_pdf"),
    path("meetings/<int:pk>/minutes.txt", export_views.minutes_txt, name="minutes_txt"),
    path("meetings/<int:pk>/summary.pdf", export_views.summary_pdf, name="summary_pdf"),
    path("meetings/<int:pk>/summary.txt", export_views.summary_txt, name="summary_txt"),
]
