"""The follow-ups in the district-scoped admin: shown for oversight, changed on their pages.

Named grants of an action item go through the membership service here too, so the same
eligibility rule refuses a forbidden grant.
"""

from django.contrib import admin

from committees import services
from committees.admin import PermissionRowAdmin, ReadOnlyScopedAdmin
from followups.models import (
    ActionItem,
    ActionItemAttachment,
    ActionItemEvent,
    ActionItemGroupObjectPermission,
    ActionItemUserObjectPermission,
    ImprovementPlan,
    Milestone,
)
from safety_portal.admin import ServiceWriteAdmin, SuperuserOnlyAdmin


@admin.register(ActionItem)
class ActionItemAdmin(ReadOnlyScopedAdmin):
    list_display = ["title", "committee", "visibility", "status", "assignee", "due_date"]
    list_filter = ["status", "visibility", "category"]
    search_fields = ["title"]


@admin.register(ActionItemEvent)
class ActionItemEventAdmin(ReadOnlyScopedAdmin):
    list_display = ["at", "item", "kind", "actor"]
    gated_parent = ("item", "followups.ActionItem")


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


admin.site.register(ActionItemGroupObjectPermission, PermissionRowAdmin)


@admin.register(ActionItemUserObjectPermission)
class NamedGrantAdmin(ServiceWriteAdmin, SuperuserOnlyAdmin):
    """Share one action item with one person: services.named_grant_add decides."""

    read_only = False
    fields = ["content_object", "user"]
    raw_id_fields = ["content_object", "user"]
    list_display = ["content_object", "user", "permission"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False  # a grant is given or taken back, never edited

    def write(self, request, form, *, change: bool) -> ActionItemUserObjectPermission:
        item, user = form.cleaned_data["content_object"], form.cleaned_data["user"]
        services.named_grant_add(record=item, user=user, by=request.user)
        return ActionItemUserObjectPermission.objects.get(
            content_object=item, user=user, permission__codename="view_actionitem"
        )

    def delete_model(self, request, obj):
        services.named_grant_remove(record=obj.content_object, user=obj.user, by=request.user)

    def delete_queryset(self, request, queryset):
        for grant in queryset.select_related("content_object", "user"):
            self.delete_model(request, grant)
