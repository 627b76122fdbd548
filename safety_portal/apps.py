from django.apps import AppConfig


class SafetyPortalConfig(AppConfig):
    name = "safety_portal"
    verbose_name = "Safety Portal"
