"""The admin site: for superusers and district safety administrators only.

District administrators see and change only their own district's rows; gated
records are read through the access gate; writes with side effects go through
the services. The guardian permission tables are for superusers alone.
"""

from django.apps import apps
from django.contrib import admin
from django.contrib.admin.apps import AdminConfig


class PortalAdminSite(admin.AdminSite):
    site_header = "Safety Portal administration"
    site_title = "Safety Portal administration"
    index_title = "District administration"

    def has_permission(self, request) -> bool:
        user = request.user
        if not (user.is_active and user.is_authenticated):
            return False
        return user.is_superuser or is_district_admin(user)


class PortalAdminConfig(AdminConfig):
    default_site = "safety_portal.admin.PortalAdminSite"


def is_district_admin(user) -> bool:
    return bool(user.is_staff and user.is_district_admin and user.district_id)


class DistrictScopedAdmin(admin.ModelAdmin):
    """Superusers see everything; a district administrator, their district only.

    ``district_path`` names the lookup from the model to its District; models that
    joined the access gate are narrowed by ``committees.access.visible`` instead.
    Rights come from the role, never from Django's global model permissions.
    """

    district_path: str = "district"
    # For rows that are not gated themselves but belong to a gated record
    # (an item's history, a meeting's changes): the lookup to it, and its model.
    gated_parent: tuple[str, str] | None = None
    read_only: bool = False

    def _allowed(self, request) -> bool:
        return request.user.is_superuser or is_district_admin(request.user)

    def has_module_permission(self, request) -> bool:
        return self._allowed(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return self._allowed(request)

    def has_add_permission(self, request) -> bool:
        return self._allowed(request) and not self.read_only

    def has_change_permission(self, request, obj=None) -> bool:
        return self._allowed(request) and not self.read_only

    def has_delete_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser and not self.read_only

    def get_queryset(self, request):
        from committees import access

        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        if not is_district_admin(request.user):
            return queryset.none()
        if self.gated_parent is not None:
            lookup, label = self.gated_parent
            parents = apps.get_model(label)._default_manager.all()
            return queryset.filter(**{f"{lookup}__in": access.visible(request.user, parents)})
        if queryset.model in access.REGISTRY:
            return access.visible(request.user, queryset)
        return queryset.filter(**{self.district_path: request.user.district_id})

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if field is not None and not request.user.is_superuser:
            field.queryset = scope_choices(field.queryset, request.user)
        return field

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if field is not None and not request.user.is_superuser:
            field.queryset = scope_choices(field.queryset, request.user)
        return field


# The lookup from each non-gated model to its district.
DISTRICT_PATHS = {
    "committees.District": "pk",
    "committees.Building": "district",
    "committees.RepresentationRule": "district",
    "accounts.User": "district",
}


def scope_choices(queryset, user):
    """Limit a related-object choice list to the user's district."""
    from committees import access

    model = queryset.model
    if model in access.REGISTRY:
        return access.visible(user, queryset)
    path = DISTRICT_PATHS.get(model._meta.label)
    if path is None:
        return queryset.none()
    return queryset.filter(**{path: user.district_id})


class SuperuserOnlyAdmin(admin.ModelAdmin):
    """guardian's permission rows: any staff user could otherwise edit any grant."""

    def has_module_permission(self, request) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None) -> bool:
        return self.has_module_permission(request)

    def has_change_permission(self, request, obj=None) -> bool:
        return self.has_module_permission(request)

    def has_delete_permission(self, request, obj=None) -> bool:
        return self.has_module_permission(request)

    def has_add_permission(self, request) -> bool:
        return self.has_module_permission(request)
