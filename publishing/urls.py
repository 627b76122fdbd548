"""Mounted under /committees/, where these pages always were (safety_portal/urls.py)."""

from django.urls import path

from publishing import views

app_name = "publishing"

urlpatterns = [
    path("<int:pk>/updates/", views.update_list, name="updates"),
    path("<int:pk>/updates/new/", views.update_new, name="update_new"),
    path("updates/<int:pk>/", views.update_detail, name="update"),
    path("updates/<int:pk>/edit/", views.update_edit, name="update_edit"),
    path("updates/<int:pk>/publish/", views.update_publish, name="update_publish"),
    path("updates/<int:pk>/withdraw/", views.update_withdraw, name="update_withdraw"),
    path("updates/<int:pk>/send-back/", views.update_send_back, name="update_send_back"),
    path(
        "updates/<int:pk>/translations/<str:language>/",
        views.update_translation,
        name="update_translation",
    ),
]
