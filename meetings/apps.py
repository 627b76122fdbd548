from django.apps import AppConfig

from notifications import registry as outbox


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = "Meetings"

    def ready(self):
        # committees imports nothing of meetings, and the outbox no feature: meetings join
        # their registries here (messages.py declares its kinds as it loads).
        from auditlog.registry import auditlog

        from meetings import messages, registrations, scans  # noqa: F401
        from meetings.models import MeetingRules

        registrations.register()
        # The district's open meeting rules are no committee's record (the gate does not
        # hold them, so the trail's own registration misses them): each change is kept
        # all the same, filed under the district (audit.records.district_id_of).
        if not auditlog.contains(MeetingRules):
            auditlog.register(
                MeetingRules,
                include_fields=[f.name for f in MeetingRules._meta.concrete_fields],
            )
        outbox.scan_register(scan=scans.scan)
