from axes.models import AccessAttempt
from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError

from accounts import services as accounts_services
from accounts.models import User
from committees import services
from committees.models import Committee
from safety_portal.admin import DistrictScopedAdmin, SuperuserOnlyAdmin

# What only a superuser changes; is_district_admin changes through the actions below.
ROLE_FIELDS = ("is_superuser", "is_staff", "is_district_admin", "groups", "user_permissions")


@admin.register(User)
class PortalUserAdmin(DistrictScopedAdmin, UserAdmin):
    """People of the district; a district administrator's additions join their district."""

    list_display = ["username", "first_name", "last_name", "email", "district", "is_district_admin"]
    list_filter = ["is_district_admin", "is_active"]
    fieldsets = UserAdmin.fieldsets + (
        ("Safety Portal", {"fields": ("district", "is_district_admin", "title", "organization")}),
    )
    add_fieldsets = UserAdmin.add_fieldsets + (
        ("Safety Portal", {"fields": ("first_name", "last_name", "email", "district")}),
    )
    actions = ["invite", "make_district_admin", "remove_district_admin"]

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return ["is_district_admin"]  # changed with the actions, through the service
        return [*ROLE_FIELDS, "district", "last_login", "date_joined"]

    def save_model(self, request, obj, form, change):
        if not request.user.is_superuser:
            obj.district_id = request.user.district_id
        before = User.objects.filter(pk=obj.pk).values("district_id", "is_active").first()
        super().save_model(request, obj, form, change)
        if before and (before["district_id"], before["is_active"]) != (
            obj.district_id,
            obj.is_active,
        ):
            # What the person may do follows their district and whether they may
            # sign in at all: bring their grants in line now, not at the next sweep.
            districts = {before["district_id"], obj.district_id} - {None}
            for committee in Committee.objects.filter(district_id__in=districts).select_related(
                "district", "building"
            ):
                services.permissions_sync(user=obj, committee=committee)

    def response_add(self, request, obj, post_url_continue=None):
        """A person added without a password is invited at once to choose one."""
        if not obj.has_usable_password() and obj.email:
            self._invite(request, [obj])
        return super().response_add(request, obj, post_url_continue)

    @admin.action(description="Send an invitation to choose a password")
    def invite(self, request, queryset):
        self._invite(request, queryset)

    def _invite(self, request, people) -> None:
        sent = 0
        for person in people:
            try:
                accounts_services.person_invite(person=person, by=request.user)
            except (ValidationError, PermissionDenied) as refusal:
                text = " ".join(getattr(refusal, "messages", [str(refusal)]))
                messages.error(request, f"{person.display_name}: {text}")
            else:
                sent += 1
        if sent:
            messages.success(request, f"Invitations sent: {sent}.")

    @admin.action(description="Make district safety administrator")
    def make_district_admin(self, request, queryset):
        self._set_district_admin(request, queryset, is_admin=True)

    @admin.action(description="Remove district safety administrator")
    def remove_district_admin(self, request, queryset):
        self._set_district_admin(request, queryset, is_admin=False)

    def _set_district_admin(self, request, queryset, *, is_admin: bool) -> None:
        done = 0
        for user in queryset:
            try:
                services.district_admin_set(user=user, is_admin=is_admin, by=request.user)
            except (ValidationError, PermissionDenied) as refusal:
                text = " ".join(getattr(refusal, "messages", [str(refusal)]))
                messages.error(request, f"{user.display_name}: {text}")
            else:
                done += 1
        if done:
            messages.success(request, f"Changed {done} of {len(queryset)}.")


# Groups are global, across districts: superusers only.
admin.site.unregister(Group)


@admin.register(Group)
class PortalGroupAdmin(SuperuserOnlyAdmin, GroupAdmin):
    read_only = False


@admin.register(AccessAttempt)
class SignInLockAdmin(SuperuserOnlyAdmin):
    """Failed sign-ins that django-axes counts, across districts: for superusers.

    Deleting a row lifts its lock before the cool-off ends (someone who proved who
    they are by other means). Usernames and addresses of every district are here.
    """

    list_display = ["username", "ip_address", "failures_since_start", "attempt_time"]
    search_fields = ["username", "ip_address"]
    readonly_fields = [f.name for f in AccessAttempt._meta.fields]

    def has_delete_permission(self, request, obj=None) -> bool:
        return self._allowed(request)
