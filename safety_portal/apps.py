from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps

from notifications import registry as outbox


class SafetyPortalConfig(AppConfig):
    default = True
    name = "safety_portal"
    verbose_name = "Safety Portal"

    def ready(self) -> None:
        # ``<key>__any=[ids]``, which the access gate writes its lists of committees with.
        from safety_portal import lookups

        lookups.register()
        # The pages and messages that read across features are the project's top layer:
        # the weekly digest joins the outbox here (digest.py declares its kind with
        # @builds as it loads, once the models have).
        from safety_portal import digest

        outbox.scan_register(scan=digest.scan)
        # The district overview's stored counts follow every change of what they count.
        from safety_portal import figures

        figures.connect()


class PortalAdminConfig(admin_apps.AdminConfig):
    """Replaces ``django.contrib.admin`` in INSTALLED_APPS: ``admin.site`` is ours.

    Named there on its own; not this app's config.
    """

    default = False
    default_site = "safety_portal.admin.PortalAdminSite"
