from django.contrib import admin, messages
from django.core.exceptions import ValidationError

from committees import services
from committees.models import (
    ActionItem,
    ActionItemAttachment,
    ActionItemEvent,
    ActionItemGroupObjectPermission,
    ActionItemUserObjectPermission,
    AgendaItem,
    AgendaTemplateItem,
    Attendance,
    Building,
    Committee,
    CommitteeGroupObjectPermission,
    CommitteeUserObjectPermission,
    District,
    Guest,
    ImprovementPlan,
    Meeting,
    MeetingChange,
    Membership,
    MembershipChange,
    Milestone,
    MinutesSection,
    MinutesSectionRevision,
    PublicSummary,
    RepresentationRule,
    Vote,
)
from safety_portal.admin import DistrictScopedAdmin, SuperuserOnlyAdmin


@admin.register(District)
class DistrictAdmin(DistrictScopedAdmin):
    district_path = "pk"
    list_display = ["name", "state", "time_zone", "emergency_number"]
    search_fields = ["name"]

    def has_add_permission(self, request) -> bool:
        return request.user.is_superuser


@admin.register(Building)
class BuildingAdmin(DistrictScopedAdmin):
    list_display = ["name", "level", "district"]
    list_filter = ["level"]
    search_fields = ["name"]
    filter_horizontal = ["administrators"]

    def save_related(self, request, form, formsets, change):
        """Building administrators change through the service, which keeps permissions."""
        building = form.instance
        before = set(building.administrators.all()) if change else set()
        chosen = set(form.cleaned_data.pop("administrators", []))
        super().save_related(request, form, formsets, change)
        for user in chosen - before:
            services.building_admin_set(
                building=building, user=user, is_admin=True, by=request.user
            )
        for user in before - chosen:
            services.building_admin_set(
                building=building, user=user, is_admin=False, by=request.user
            )


@admin.register(Committee)
class CommitteeAdmin(DistrictScopedAdmin):
    list_display = ["name", "building", "district"]
    search_fields = ["name"]

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        created = services.committee_create(
            district=obj.district, building=obj.building, name=obj.name, purpose=obj.purpose
        )
        obj.pk = created.pk


@admin.register(Membership)
class MembershipAdmin(DistrictScopedAdmin):
    list_display = ["user", "committee", "category", "position", "restricted_clearance", "term_end"]
    list_filter = ["category", "position", "restricted_clearance"]
    search_fields = ["user__last_name", "user__username", "committee__name"]
    fields = [
        "committee",
        "user",
        "category",
        "position",
        "term_start",
        "term_end",
        "restricted_clearance",
    ]

    def get_readonly_fields(self, request, obj=None):
        return ["committee", "user"] if obj else []

    def save_model(self, request, obj, form, change):
        values = {name: form.cleaned_data[name] for name in services.TRACKED}
        try:
            if change:
                services.membership_change(membership=obj, by=request.user, **values)
            else:
                saved = services.membership_add(
                    committee=obj.committee, user=obj.user, by=request.user, **values
                )
                obj.pk = saved.pk
        except ValidationError as error:  # the form's clean() catches the usual cases first
            messages.error(request, " ".join(error.messages))

    def delete_model(self, request, obj):
        services.membership_end(membership=obj, by=request.user)

    def has_delete_permission(self, request, obj=None) -> bool:
        return self._allowed(request)


class ReadOnlyScopedAdmin(DistrictScopedAdmin):
    """Shown for oversight; changed only through the product's pages and services."""

    read_only = True


@admin.register(MembershipChange)
class MembershipChangeAdmin(ReadOnlyScopedAdmin):
    list_display = ["at", "committee", "membership", "action", "actor"]
    list_filter = ["action"]


@admin.register(RepresentationRule)
class RepresentationRuleAdmin(DistrictScopedAdmin):
    list_display = ["district", "category", "minimum", "applies_to", "note"]
    list_filter = ["applies_to", "category"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return self._allowed(request)


@admin.register(ActionItem)
class ActionItemAdmin(ReadOnlyScopedAdmin):
    list_display = ["title", "committee", "visibility", "status", "assignee", "due_date"]
    list_filter = ["status", "visibility", "category"]
    search_fields = ["title"]


@admin.register(ActionItemEvent)
class ActionItemEventAdmin(ReadOnlyScopedAdmin):
    list_display = ["at", "item", "kind", "actor"]
    gated_parent = ("item", "committees.ActionItem")


@admin.register(ActionItemAttachment)
class ActionItemAttachmentAdmin(ActionItemEventAdmin):
    list_display = ["name", "item", "size", "uploaded_by", "uploaded_at"]
    exclude = ["file"]  # files are served only through the gated view


@admin.register(ImprovementPlan)
class ImprovementPlanAdmin(ReadOnlyScopedAdmin):
    list_display = ["title", "committee", "school_year"]


@admin.register(Milestone)
class MilestoneAdmin(ReadOnlyScopedAdmin):
    list_display = ["title", "plan", "target_date", "visibility"]


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
    gated_parent = ("meeting", "committees.Meeting")


for model in (
    CommitteeUserObjectPermission,
    CommitteeGroupObjectPermission,
    ActionItemUserObjectPermission,
    ActionItemGroupObjectPermission,
):
    admin.site.register(model, SuperuserOnlyAdmin)
