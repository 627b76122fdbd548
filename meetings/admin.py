"""The meetings' records in the admin: for oversight, read through the gate.

A meeting and what it holds change only through the product's pages and services; a
committee's standing agenda may be kept here by its district's administrators.
"""

from django.contrib import admin
from django.db import models

from committees.admin import ReadOnlyScopedAdmin
from meetings.models import (
    AgendaItem,
    AgendaTemplateItem,
    Attendance,
    Guest,
    Meeting,
    MeetingChange,
    MinutesSection,
    MinutesSectionRevision,
    PublicSummary,
    Vote,
)
from safety_portal.admin import DistrictScopedAdmin


@admin.register(AgendaTemplateItem)
class AgendaTemplateItemAdmin(DistrictScopedAdmin):
    """A committee's standing agenda items, applied when a meeting is scheduled."""

    list_display = ["committee", "order", "title", "minutes"]
    list_filter = ["committee"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return self._allowed(request)


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyScopedAdmin):
    list_display = ["title", "committee", "kind", "starts_at", "status"]
    list_filter = ["kind", "status"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(AgendaItem)
class AgendaItemAdmin(ReadOnlyScopedAdmin):
    list_display = ["title", "meeting", "visibility"]


@admin.register(Attendance)
class AttendanceAdmin(ReadOnlyScopedAdmin):
    list_display = ["meeting", "membership", "status"]


@admin.register(Guest)
class GuestAdmin(ReadOnlyScopedAdmin):
    list_display = ["name", "organization", "meeting"]


@admin.register(MinutesSection)
class MinutesSectionAdmin(ReadOnlyScopedAdmin):
    list_display = ["heading", "meeting", "visibility"]


@admin.register(MinutesSectionRevision)
class MinutesSectionRevisionAdmin(ReadOnlyScopedAdmin):
    list_display = ["heading", "meeting", "revision", "visibility"]


@admin.register(Vote)
class VoteAdmin(ReadOnlyScopedAdmin):
    list_display = ["motion", "section", "result"]


@admin.register(PublicSummary)
class PublicSummaryAdmin(ReadOnlyScopedAdmin):
    list_display = ["meeting", "written_by", "published_at"]


@admin.register(MeetingChange)
class MeetingChangeAdmin(ReadOnlyScopedAdmin):
    list_display = ["at", "meeting", "kind", "actor"]
    gated_parent = ("meeting", "meetings.Meeting")
