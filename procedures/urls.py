"""Mounted under /committees/, where these pages always were (safety_portal/urls.py)."""

from django.urls import path

from procedures import views

app_name = "procedures"

urlpatterns = [
    path("<int:pk>/procedures/", views.procedure_list, name="procedures"),
    path("<int:pk>/procedures/new/", views.procedure_new, name="procedure_new"),
    path("procedures/<int:pk>/", views.procedure_detail, name="procedure"),
    path(
        "procedures/<int:pk>/public-title/",
        views.procedure_public_title,
        name="procedure_public_title",
    ),
    path(
        "procedures/<int:pk>/versions/new/",
        views.procedure_version,
        name="procedure_version",
    ),
    path("procedures/<int:pk>/review/", views.procedure_review, name="procedure_review"),
    path("procedures/<int:pk>/copies/new/", views.procedure_copy, name="procedure_copy"),
    path(
        "procedures/<int:pk>/export.<str:fmt>",
        views.procedure_export,
        name="procedure_export",
    ),
    path("district/procedure-copies/", views.procedure_copies, name="procedure_copies"),
]
