"""The pages that read across features, under the committees' prefix as they always were."""

from django.urls import path

from safety_portal import pages

app_name = "portal"

urlpatterns = [
    path("", pages.my_committees, name="mine"),
    path("district/overview/", pages.district_overview, name="district_overview"),
]
