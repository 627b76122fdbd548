"""The audit trail in the admin: read by district, never changed nor deleted.

django-auditlog registers its own admin for the trail's model; ours replaces it, scoped
to the administrator's district like every other admin page.
"""

from django.contrib import admin

from audit.models import AuditEntry
from safety_portal.admin import DistrictScopedAdmin, is_district_admin

if admin.site.is_registered(AuditEntry):
    admin.site.unregister(AuditEntry)


@admin.register(AuditEntry)
class AuditEntryAdmin(DistrictScopedAdmin):
    read_only = True
    list_display = ["timestamp", "actor", "action", "via", "content_type", "object_repr"]
    # Dates by the filter's spans ("Past 7 days", "This month"), not by a calendar of
    # every month that holds an entry: drawing that read the district's whole trail on
    # every page of the list (a third of a second for a million entries).
    list_filter = ["action", "via", ("timestamp", admin.DateFieldListFilter)]
    search_fields = ["object_repr", "actor_email"]
    list_select_related = ["actor", "content_type"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # not even for superusers: the trail is append-only

    def get_queryset(self, request):
        queryset = admin.ModelAdmin.get_queryset(self, request)
        user = request.user
        if user.is_superuser:
            return queryset
        if not is_district_admin(user):
            return queryset.none()
        return queryset.filter(district_id=user.district_id)
