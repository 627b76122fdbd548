from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from accounts.models import User
from committees import services
from safety_portal.admin import DistrictScopedAdmin

ROLE_FIELDS = ("is_superuser", "is_staff", "is_district_admin", "groups", "user_permissions")


@admin.register(User)
class PortalUserAdmin(DistrictScopedAdmin, UserAdmin):
    list_display = ["username", "first_name", "last_name", "email", "district", "is_district_admin"]
    list_filter = ["is_district_admin", "is_active"]
    fieldsets = UserAdmin.fieldsets + (
        ("Safety Portal", {"fields": ("district", "is_district_admin", "title", "organization")}),
    )
    add_fieldsets = UserAdmin.add_fieldsets + (
        ("Safety Portal", {"fields": ("first_name", "last_name", "email", "district")}),
    )

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return ["is_district_admin"]  # changed with the action below, through the service
        return [*ROLE_FIELDS, "district", "last_login", "date_joined"]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if not request.user.is_superuser and "district" in form.base_fields:
            form.base_fields["district"].queryset = form.base_fields["district"].queryset.filter(
                pk=request.user.district_id
            )
            form.base_fields["district"].initial = request.user.district_id
            form.base_fields["district"].required = True
        return form

    def save_model(self, request, obj, form, change):
        if not request.user.is_superuser:
            obj.district_id = request.user.district_id
        super().save_model(request, obj, form, change)

    actions = ["make_district_admin", "remove_district_admin"]

    @admin.action(description="Make district safety administrator")
    def make_district_admin(self, request, queryset):
        for user in queryset:
            services.district_admin_set(user=user, is_admin=True, by=request.user)

    @admin.action(description="Remove district safety administrator")
    def remove_district_admin(self, request, queryset):
        for user in queryset:
            services.district_admin_set(user=user, is_admin=False, by=request.user)
