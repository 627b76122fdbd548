from functools import partial

from django import forms
from django.contrib import admin
from django.db import transaction
from guardian.models import GroupObjectPermission, UserObjectPermission

from committees import public_cache, services
from committees.models import (
    Building,
    Category,
    Committee,
    CommitteeGroupObjectPermission,
    CommitteeUserObjectPermission,
    District,
    Membership,
    MembershipChange,
    NamedGrantRecord,
    RepresentationRule,
    SeatProposal,
)
from safety_portal.admin import DistrictScopedAdmin, ServiceWriteAdmin, SuperuserOnlyAdmin


class ShownOnPublicPages(admin.ModelAdmin):
    """A model whose names the district's public pages show (the district's, its schools'
    and committees', the schools' addresses): a change or a deletion in the admin moves the
    district's public version on after the commit, as a publication does, so that no
    stored page or part keeps the old name (committees/public_cache.py)."""

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        _bump_after_commit([form.instance])

    def delete_model(self, request, obj):
        _bump_after_commit([obj])  # dropped with the rest if the deletion fails
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        _bump_after_commit(queryset)
        super().delete_queryset(request, queryset)


def _bump_after_commit(objects) -> None:
    """Each district's public version moved on after the commit, once however many of
    its schools or committees changed: a district's own by its slug, which it has even
    once deleted."""
    slugs = {obj.slug for obj in objects if isinstance(obj, District)}
    district_ids = {obj.district_id for obj in objects if not isinstance(obj, District)}
    for slug in slugs:
        transaction.on_commit(partial(public_cache.bump_slug, slug))
    for district_id in district_ids:
        public_cache.bump_on_commit(district_id)


@admin.register(District)
class DistrictAdmin(ShownOnPublicPages, DistrictScopedAdmin):
    list_display = ["name", "state", "time_zone", "emergency_number"]
    search_fields = ["name"]

    def has_add_permission(self, request) -> bool:
        return request.user.is_superuser

    def save_model(self, request, obj, form, change):
        if change:
            # Pages are kept under the slug of their address: the old one's go too.
            before = District.objects.filter(pk=obj.pk).values_list("slug", flat=True).first()
            if before and before != obj.slug:
                transaction.on_commit(partial(public_cache.bump_slug, before))
        super().save_model(request, obj, form, change)


@admin.register(Building)
class BuildingAdmin(ShownOnPublicPages, ServiceWriteAdmin, DistrictScopedAdmin):
    list_display = ["name", "level", "district"]
    list_filter = ["level"]
    search_fields = ["name"]
    # Found by name as one types: a district holds thousands of people, and a list of
    # every one made the page 90 KB at statewide scale.
    autocomplete_fields = ["administrators"]

    def get_readonly_fields(self, request, obj=None):
        # Moving a building would strand its committee in the old district.
        return ["district"] if obj else []

    def write(self, request, form, *, change: bool) -> Building:
        """No service saves a building; its administrators change through one."""
        building = form.instance
        before = set(building.administrators.all()) if change else set()
        building.save()
        chosen = set(form.cleaned_data["administrators"])
        for user in chosen - before:
            services.building_admin_set(
                building=building, user=user, is_admin=True, by=request.user
            )
        for user in before - chosen:
            services.building_admin_set(
                building=building, user=user, is_admin=False, by=request.user
            )
        return building


@admin.register(Committee)
class CommitteeAdmin(ShownOnPublicPages, ServiceWriteAdmin, DistrictScopedAdmin):
    list_display = ["name", "building", "district"]
    search_fields = ["name"]

    def get_fields(self, request, obj=None):
        if obj is None:  # committee_create sets no quorum: a majority until changed
            return ["district", "building", "name", "purpose"]
        return [
            "district",
            "building",
            "name",
            "purpose",
            "quorum",
            "remote_counts_toward_quorum",
            "minutes_approval",
        ]

    def get_readonly_fields(self, request, obj=None):
        # Who administers a committee follows its district and building, granted
        # when it is created; neither changes afterwards.
        return ["district", "building"] if obj else []

    def write(self, request, form, *, change: bool) -> Committee:
        if change:
            # Name, purpose, quorum (and whether remote members count toward it) and
            # how minutes are approved: no permission
            # depends on them.
            form.instance.save()
            return form.instance
        data = form.cleaned_data
        return services.committee_create(
            district=data["district"],
            building=data["building"],
            name=data["name"],
            purpose=data["purpose"],
        )


@admin.register(Membership)
class MembershipAdmin(ServiceWriteAdmin, DistrictScopedAdmin):
    """Seats change through the membership service, which keeps permissions and history."""

    list_display = [
        "user",
        "committee",
        "category",
        "position",
        "restricted_clearance",
        "term_end",
        "ended_at",
    ]
    list_filter = ["category", "position", "restricted_clearance"]
    search_fields = ["user__last_name", "user__username", "committee__name"]
    autocomplete_fields = ["committee", "user"]  # as the building's administrators
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

    def has_change_permission(self, request, obj=None) -> bool:
        ended = obj is not None and obj.ended_at is not None
        return super().has_change_permission(request, obj) and not ended

    def has_delete_permission(self, request, obj=None) -> bool:
        ended = obj is not None and obj.ended_at is not None
        return self._allowed(request) and not ended

    def write(self, request, form, *, change: bool) -> Membership:
        values = {name: form.cleaned_data[name] for name in services.TRACKED}
        if change:
            return services.membership_change(membership=form.instance, by=request.user, **values)
        return services.membership_add(
            committee=form.cleaned_data["committee"],
            user=form.cleaned_data["user"],
            by=request.user,
            **values,
        )

    # "Delete" ends the seat: the row and its history stay, access ends now.
    def delete_model(self, request, obj):
        services.membership_end(membership=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for membership in queryset:
            services.membership_end(membership=membership, by=request.user)

    def get_deleted_objects(self, objs, request):
        objs = list(objs)
        return [str(obj) for obj in objs], {"memberships ended": len(objs)}, set(), []


class ReadOnlyScopedAdmin(DistrictScopedAdmin):
    """Shown for oversight; changed only through the product's pages and services."""

    read_only = True


@admin.register(MembershipChange)
class MembershipChangeAdmin(ReadOnlyScopedAdmin):
    list_display = ["at", "committee", "membership", "action", "actor"]
    list_filter = ["action"]


@admin.register(SeatProposal)
class SeatProposalAdmin(ReadOnlyScopedAdmin):
    """Decided on the committee's page, through services.seat_proposal_decide."""

    list_display = ["proposed_at", "membership", "summary", "proposed_by", "outcome", "decided_by"]
    list_filter = ["outcome"]


@admin.register(NamedGrantRecord)
class NamedGrantRecordAdmin(ReadOnlyScopedAdmin):
    """Every named grant and its end, on record (a disclosure)."""

    list_display = ["at", "committee", "record_type", "record_id", "level", "person", "action"]
    list_filter = ["action", "level"]


class RepresentationRuleForm(forms.ModelForm):
    or_categories = forms.MultipleChoiceField(
        label="Or",
        choices=Category.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Other categories that fill this seat too: fire and EMS for 'a local "
        "first responder'.",
    )

    class Meta:
        model = RepresentationRule
        fields = ["district", "category", "or_categories", "minimum", "applies_to", "note"]


@admin.register(RepresentationRule)
class RepresentationRuleAdmin(DistrictScopedAdmin):
    form = RepresentationRuleForm
    list_display = ["district", "label", "minimum", "applies_to", "note"]
    list_filter = ["applies_to", "category"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return self._allowed(request)


# guardian's permission tables: superusers only. Capabilities on committees are
# written by the membership service alone; a feature's named grants go through it
# too (in the feature's admin), so the same eligibility rule refuses a forbidden grant.
@admin.register(CommitteeUserObjectPermission)
class PermissionRowAdmin(SuperuserOnlyAdmin):
    list_display = ["content_object", "permission", "holder"]

    @admin.display(description="user or group")
    def holder(self, obj):
        return getattr(obj, "user", None) or getattr(obj, "group", None)


admin.site.register(CommitteeGroupObjectPermission, PermissionRowAdmin)
admin.site.register(UserObjectPermission, SuperuserOnlyAdmin)
admin.site.register(GroupObjectPermission, SuperuserOnlyAdmin)
