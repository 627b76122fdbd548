from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class SafetyPortalConfig(AppConfig):
    default = True
    name = "safety_portal"
    verbose_name = "Safety Portal"


class PortalAdminConfig(admin_apps.AdminConfig):
    """Replaces ``django.contrib.admin`` in INSTALLED_APPS: ``admin.site`` is ours.

    Named there on its own; not this app's config.
    """

    default = False
    default_site = "safety_portal.admin.PortalAdminSite"
