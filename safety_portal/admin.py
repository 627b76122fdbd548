"""The admin site: for superusers and district safety administrators only.

District administrators see and change only their own district's rows; gated
records are read through the access gate; writes with side effects go through
the services, and a service's refusal comes back as a form error. guardian's
permission tables are for superusers alone (ACCESS.md: its admin pages would let
any staff user edit any grant).

At a state's scale: a list reads what its rows name once for the page, and a form
finds a person or a committee by name as one types (``autocomplete_fields``), from
the same district-scoped rows as the lists, instead of listing the district's
thousands.
"""

from functools import partial

from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.utils import get_fields_from_path
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from committees import access
from safety_portal.paging import count_up_to


class PortalAdminSite(admin.AdminSite):
    site_header = "Safety Portal administration"
    site_title = "Safety Portal administration"
    index_title = "District administration"

    def has_permission(self, request) -> bool:
        user = request.user
        if not (user.is_active and user.is_authenticated):
            return False
        return user.is_superuser or is_district_admin(user)

    def autocomplete_view(self, request):
        return _PeopleToldApart.as_view(admin_site=self)(request)


class _PeopleToldApart(AutocompleteJsonView):
    """The search as one types names a person with their user name: a district has
    several Ben Alvarezes, and the one meant must be chosen."""

    def serialize_result(self, obj, to_field_name):
        result = super().serialize_result(obj, to_field_name)
        if obj._meta.label == settings.AUTH_USER_MODEL:
            result["text"] = f"{result['text']} ({obj.get_username()})"
        return result


def is_district_admin(user) -> bool:
    """The role as the admin knows it: set by ``services.district_admin_set``."""
    return bool(user.is_active and user.is_staff and user.is_district_admin and user.district_id)


# The lookup from each model that has not joined the gate to its district.
DISTRICT_PATHS = {
    "committees.District": "pk",
    "committees.Building": "district",
    "committees.RepresentationRule": "district",
    settings.AUTH_USER_MODEL: "district",
    # A message's district is its addressee's, or its record's for the record's sender.
    "notifications.Notification": "district",
    "notifications.Subscription": "district",
}


def district_rows(user, queryset):
    """The rows of ``queryset`` a district administrator may see in the admin.

    Gated records: what the gate shows them, and of their own district only (the
    gate shows everyone published public records of every district; the admin is
    for one district's upkeep). Other models: their district's rows. A model
    that is neither gives nothing.
    """
    model = queryset.model
    if model in access.REGISTRY:
        in_district = {access.spec_for(model).district_lookup(): user.district_id}
        return access.visible(user, queryset).filter(**in_district)
    path = DISTRICT_PATHS.get(model._meta.label)
    if path is None:
        return queryset.none()
    queryset = queryset.filter(**{path: user.district_id})
    if model._meta.label == settings.AUTH_USER_MODEL:
        # Whoever could reach a superuser's account could become one.
        queryset = queryset.filter(is_superuser=False)
    return queryset


# A list is counted up to this many rows (a hundred pages); beyond, it says "more than".
ADMIN_COUNT_UP_TO = 10_000


class CappedPaginator(Paginator):
    """The admin's pages of a list, counted up to ``ADMIN_COUNT_UP_TO`` rows: a district's
    trail, outbox or items need not be counted whole (a million rows, 50 to 300 ms) for a
    page of a hundred. Beyond, the list says "More than 10000 entries"
    (templates/admin/pagination.html) and numbers a hundred pages; a filter (a span of
    dates, a kind) narrows it to what can be counted."""

    @cached_property
    def count(self) -> int:
        counted = count_up_to(self.object_list, ADMIN_COUNT_UP_TO)
        return ADMIN_COUNT_UP_TO + 1 if counted is None else counted

    @property
    def capped(self) -> bool:
        return self.count > ADMIN_COUNT_UP_TO

    @property
    def up_to(self) -> int:
        return ADMIN_COUNT_UP_TO


class DistrictScopedAdmin(admin.ModelAdmin):
    """Superusers see everything; a district administrator, their district only.

    Rights come from the role, never from Django's global model permissions.
    Deleting is for superusers unless an admin allows it (deletes cascade far).
    """

    # For rows that are not gated themselves but belong to a gated record
    # (an item's history, a meeting's changes): the lookup to it, and its model.
    gated_parent: tuple[str, str] | None = None
    read_only: bool = False
    # Filtered, a list says "12 results (Show all)" rather than counting the whole
    # table a second time: a superuser's item list counts a million rows.
    show_full_result_count = False
    # Nor does it offer "Show counts" by each filter's choices: a count over the district's
    # whole table for every choice (600 ms for a trail of a million entries).
    show_facets = admin.ShowFacets.NEVER
    paginator = CappedPaginator

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
        queryset = super().get_queryset(request)
        user = request.user
        if user.is_superuser:
            return queryset
        if not is_district_admin(user):
            return queryset.none()
        if self.gated_parent is not None:
            lookup, label = self.gated_parent
            parents = district_rows(user, apps.get_model(label)._default_manager.all())
            return queryset.filter(**{f"{lookup}__in": parents})
        return district_rows(user, queryset)

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        context = getattr(response, "context_data", None) or {}
        paginator = getattr(context.get("cl"), "paginator", None)
        if isinstance(paginator, CappedPaginator) and paginator.capped:
            # Django's "All 10001 selected" would undercount what an action then acts on.
            context["selection_note_all"] = _("All selected: more than %(n)s entries") % {
                "n": paginator.up_to
            }
        return response

    def get_changelist(self, request, **kwargs):
        return _ListReadingOptionalRelations

    def get_list_filter(self, request):
        """A filter on a relation offers only the related rows in this admin's list.

        Django's default offers every row of the related table: another
        district's committees would be listed in the sidebar.
        """
        filters = []
        for entry in super().get_list_filter(request):
            if isinstance(entry, str) and _is_relation(self.model, entry):
                entry = (entry, admin.RelatedOnlyFieldListFilter)
            filters.append(entry)
        return filters

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if field is not None and not request.user.is_superuser:
            field.queryset = district_rows(request.user, field.queryset)
        return field

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if field is not None and not request.user.is_superuser:
            field.queryset = district_rows(request.user, field.queryset)
        return field


def _is_relation(model, path: str) -> bool:
    try:
        return get_fields_from_path(model, path)[-1].is_relation
    except FieldDoesNotExist:
        return False


class _ListReadingOptionalRelations(ChangeList):
    """A list that reads the optional relations it names (an item's assignee, a
    change's actor) in one query each, for the whole page.

    Django joins only the required relations of a list's rows, so each optional one
    was read again for every row shown. Joining them would not do either: PostgreSQL
    joins them to every item of the district (68,000 at statewide scale) before it
    sorts and keeps a hundred.
    """

    def apply_select_related(self, queryset):
        optional = [
            name
            for name in self.list_display
            if isinstance(name, str)
            and _is_relation(self.model, name)
            and get_fields_from_path(self.model, name)[-1].null
        ]
        return super().apply_select_related(queryset).prefetch_related(*optional)


class ServiceWriteAdmin(admin.ModelAdmin):
    """For models written only by a service: the admin's form calls it.

    The service runs when the form validates, inside the admin's transaction, so
    that its refusal (a ValidationError or PermissionDenied) is shown as a form
    error and nothing is saved, instead of a success message over an error.
    Subclasses implement ``write(request, form, *, change)`` and return the
    saved object.
    """

    def write(self, request, form, *, change: bool):
        raise NotImplementedError

    def get_form(self, request, obj=None, change=False, **kwargs):
        base = super().get_form(request, obj, change=change, **kwargs)
        write = partial(self.write, request, change=change)

        class ServiceForm(base):
            def _post_clean(self):
                super()._post_clean()
                if not self.errors:
                    _write_or_refuse(self, write)

        ServiceForm.__name__ = base.__name__
        return ServiceForm

    def save_model(self, request, obj, form, change):
        """Saved already, by ``write`` when the form validated."""

    def save_related(self, request, form, formsets, change):
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)


def _write_or_refuse(form, write) -> None:
    instance = form.instance
    pk, adding = instance.pk, instance._state.adding
    try:
        with transaction.atomic():
            form.instance = write(form)
    except ValidationError as error:
        instance.pk, instance._state.adding = pk, adding  # rolled back: not saved after all
        _add_refusal(form, error)
    except PermissionDenied as denied:
        instance.pk, instance._state.adding = pk, adding
        form.add_error(None, str(denied) or "You may not do this.")


def _add_refusal(form, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        # A refusal about a field the form does not show (read-only, or fixed)
        # goes at the top of the form.
        form.add_error(name if name in form.fields else None, errors)


class SuperuserOnlyAdmin(admin.ModelAdmin):
    """guardian's permission rows: any staff user could otherwise edit any grant.

    Shown to superusers for oversight; the rows are written by the membership
    service, so they are read-only here unless an admin says otherwise.
    """

    read_only = True

    def _allowed(self, request) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_module_permission(self, request) -> bool:
        return self._allowed(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return self._allowed(request)

    def has_add_permission(self, request) -> bool:
        return self._allowed(request) and not self.read_only

    def has_change_permission(self, request, obj=None) -> bool:
        return self._allowed(request) and not self.read_only

    def has_delete_permission(self, request, obj=None) -> bool:
        return self._allowed(request) and not self.read_only
