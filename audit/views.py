"""The district's audit trail: for its safety administrators, filtered, and as CSV.

Everyone else gets 404, as for any page one may not know exists; a district
administrator reads their own district's trail only.
"""

import csv
from zoneinfo import ZoneInfo

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from audit import trail
from audit.models import AuditEntry
from committees.forms import PersonChoiceField
from committees.models import Building
from safety_portal.db_router import on_replica
from safety_portal.paging import page_of
from safety_portal.view_helpers import csv_cell, in_english

User = get_user_model()
PAGE_SIZE = 50


class TrailPersonField(PersonChoiceField):
    not_found = _("No one of the district has the e-mail or user name %(typed)s.")


class TrailFilter(forms.Form):
    person = TrailPersonField(
        queryset=User.objects.none(), required=False, empty_label=_("Anyone"), label=_("Person")
    )
    record = forms.CharField(
        required=False,
        max_length=200,
        label=_("Record"),
        help_text=_("Words of the record's name, or the key a record's page links with."),
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[
            ("", _("Everything")),
            ("change", _("Changes")),
            ("read", _("Reads of restricted records")),
            ("disclosure", _("Disclosures")),
        ],
    )
    since = forms.DateField(
        label=_("Since"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, district_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        # The district's people only: another district's names are not for this page.
        # The menu offers its administrators, whose work the trail is most asked about;
        # anyone else (of thousands, those who have left included) is named by e-mail or
        # user name beside it.
        people = User.objects.filter(district_id=district_id)
        administrators = people.filter(
            Q(is_district_admin=True)
            | Q(pk__in=Building.administrators.through.objects.values("user_id"))
        ).prefetch_related("administered_buildings")
        order = ("last_name", "first_name", "username")
        self.fields["person"].offer(people, near=administrators.order_by(*order))


def _district(request):
    user = request.user
    if not (user.is_active and user.is_district_admin and user.district_id):
        raise Http404("Not found.")
    return user.district


def _entries(request):
    district = _district(request)
    form = TrailFilter(request.GET or None, district_id=district.pk)
    if form.is_bound and not form.is_valid():
        # A filter that cannot be read (a person of another district, a bad date)
        # matches nothing rather than everything.
        return district, form, AuditEntry.objects.none()
    filters = form.cleaned_data if form.is_bound else {}
    entries = trail.district_trail(
        district_id=district.pk,
        person=filters["person"].pk if filters.get("person") else None,
        record=filters.get("record", ""),
        kind=filters.get("kind", ""),
        since=filters.get("since"),
        until=filters.get("until"),
        tz=ZoneInfo(district.time_zone),
    )
    return district, form, entries


@require_safe
@login_required
def trail_page(request):
    district, form, entries = _entries(request)
    # A district's trail grows with every change and every restricted read, for years:
    # its count stops at a thousand (safety_portal/paging.py), as the lists' do.
    page = page_of(entries, PAGE_SIZE, request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/trail.html",
        {"district": district, "form": form, "page": page, "query": query.urlencode()},
    )


class _Echo:
    def write(self, value):
        return value


CSV_COLUMNS = ["When", "Who", "What", "Record type", "Record id", "Record", "Changes", "To"]


def _csv_rows(entries, tz):
    yield CSV_COLUMNS
    for entry in entries:
        yield [
            csv_cell(value)
            for value in (
                entry.timestamp.astimezone(tz).isoformat(timespec="seconds"),
                _who(entry),
                entry.what,
                entry.content_type.name,
                entry.object_pk,
                entry.object_repr,
                "; ".join(
                    f"{field}: {before} → {after}" for field, (before, after) in _changes(entry)
                ),
                entry.disclosed_to.display_name if entry.disclosed_to else "",
            )
        ]


def _who(entry: AuditEntry) -> str:
    if entry.actor is not None:
        return entry.actor.display_name
    return entry.actor_email or "System"


def _changes(entry: AuditEntry):
    for field, values in (entry.changes or {}).items():
        if isinstance(values, list | tuple) and len(values) == 2:
            yield field, tuple(values)


@require_safe
@login_required
@on_replica  # a report: read from the read replica when there is one
def trail_csv(request):
    district, _form, entries = _entries(request)
    tz = ZoneInfo(district.time_zone)
    writer = csv.writer(_Echo())
    rows = in_english(_csv_rows(entries.iterator(chunk_size=500), tz))
    response = StreamingHttpResponse(
        (writer.writerow(row) for row in rows),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{district.slug}-audit-trail.csv"'
    return response
