"""The API's incidents, drills, drill calendar and community concerns
(safety_portal/api_urls.py mounts them at /api/v1/).

Each read is the pages' read: the gate's ``visible()`` (so a threat report stays out of
reach of family and student members, even the parent who sent it: C.G.S. 10-222m), 404
for what the reader may not know exists, restricted reads on record (``via="api"``).
Concerns are for those who triage them (``incidents.selectors.concerns_to_triage``), and
nobody else. Reporting an incident goes through the page's form and service: the same
fields, the same messages, and nothing saved unless all of it is.
"""

from collections.abc import Mapping
from zoneinfo import ZoneInfo

import django_filters
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import QueryDict
from django.urls import reverse
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import serializers, status
from rest_framework.filters import OrderingFilter
from rest_framework.response import Response

from committees import access, selectors
from committees.access import Cap
from committees.models import Building, Committee
from incidents import cadence, services
from incidents.drill_views import _year
from incidents.forms import ReportForm
from incidents.models import Concern, Drill, DrillKind, DrillObserver, DrillProblem, Incident
from incidents.selectors import concern_triage_committees, concerns_to_triage
from safety_portal.api_kit import ReadOnlyViewSet


def _committees_seen(request):
    """The committees a filter may name: those the reader may see. Any other id, whether
    it exists or not, gets the same "not one of the available choices"."""
    return access.visible(request.user, Committee.objects.all())


def _buildings_of_district(request):
    return Building.objects.filter(district_id=access.scope_for(request.user).district_id)


class AuditedReads:
    """Each restricted record read, alone or in a list page, goes into the audit trail."""

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)  # always paged (api_kit.CursorPage)
        access.record_reads(self.request.user, page, "api")
        return page

    def get_object(self):
        record = super().get_object()
        access.record_reads(self.request.user, [record], "api")
        return record


class EventSerializer(serializers.Serializer):
    """One step of a record's status, with who took it and why."""

    at = serializers.DateTimeField()
    from_status = serializers.CharField()
    to_status = serializers.CharField()
    note = serializers.CharField()
    actor_name = serializers.SerializerMethodField()

    def get_actor_name(self, event) -> str | None:
        return event.actor.display_name if event.actor_id else None


# --- incidents ------------------------------------------------------------------------------


class IncidentSerializer(serializers.ModelSerializer):
    building_name = serializers.CharField(source="building.name", read_only=True)
    reporter_name = serializers.SerializerMethodField()

    class Meta:
        model = Incident
        fields = [
            "id",
            "committee",
            "building",
            "building_name",
            "occurred_at",
            "area",
            "kind",
            "severity",
            "description",
            "people_involved",
            "immediate_actions",
            "reporter",
            "reporter_name",
            "status",
            "visibility",
            "created_at",
        ]

    def get_reporter_name(self, incident) -> str | None:
        return incident.reporter.display_name if incident.reporter_id else None


class IncidentDetailSerializer(IncidentSerializer):
    history = serializers.SerializerMethodField()

    class Meta(IncidentSerializer.Meta):
        fields = [*IncidentSerializer.Meta.fields, "history"]

    @extend_schema_field(EventSerializer(many=True, allow_null=True))
    def get_history(self, incident):
        # As on the incident's page: the committee's steps (and why) are for its members,
        # never for the reporter or a person the incident was shared with.
        user = self.context["request"].user
        if not access.can(user, Cap.VIEW, incident):
            return None
        return EventSerializer(incident.events.select_related("actor"), many=True).data


class IncidentReportSerializer(serializers.Serializer):
    """An incident to report: the page's form (``ReportForm``) decides, so the fields, the
    schools offered (the reader's district) and every message are the page's."""

    building = serializers.IntegerField(help_text="A school of your district.")
    occurred_at = serializers.DateTimeField()
    area = serializers.CharField(max_length=120, help_text="A general area: 'east parking lot'.")
    kind = serializers.ChoiceField(choices=Incident.Kind.choices)
    severity = serializers.ChoiceField(choices=Incident.Severity.choices)
    description = serializers.CharField()
    people_involved = serializers.CharField(
        required=False, allow_blank=True, help_text="Roles, not students' names."
    )
    immediate_actions = serializers.CharField(required=False, allow_blank=True)

    def to_internal_value(self, data):
        if not isinstance(data, Mapping):
            raise serializers.ValidationError({"non_field_errors": ["Send a JSON object."]})
        if not isinstance(data, QueryDict):  # JSON: its values as a form would send them
            wrong = {
                name: [NOT_TEXT]
                for name, field in self.fields.items()
                if not _sendable(data.get(name), number=isinstance(field, serializers.IntegerField))
            }
            if wrong:
                raise serializers.ValidationError(wrong)
        user = self.context["request"].user
        form = ReportForm(data, district_id=user.district_id)
        if not form.is_valid():
            raise serializers.ValidationError(_messages(form.errors))
        return form.cleaned_data


NOT_TEXT = "Send this field as text (a school by its number)."


def _sendable(value, *, number: bool) -> bool:
    """A JSON value the page's form could have been sent: text, or a whole number for a
    number (absent or null: empty); never true, a list or an object, which the form would
    read as their Python text, or fail on."""
    return value is None or isinstance(value, str) or (number and type(value) is int)


class IncidentReceiptSerializer(serializers.ModelSerializer):
    """What the reporter gets back, as on the page: the reference and the status. Nothing
    they wrote: a threat report is out of a parent's reach from the first moment."""

    class Meta:
        model = Incident
        fields = ["id", "status"]


def _messages(errors: Mapping) -> dict[str, list[str]]:
    """A form's or a service's messages by field; ``__all__`` as DRF names it."""
    return {
        ("non_field_errors" if field == "__all__" else field): [str(m) for m in messages]
        for field, messages in errors.items()
    }


class IncidentFilter(django_filters.FilterSet):
    committee = django_filters.ModelChoiceFilter(queryset=_committees_seen)
    building = django_filters.ModelChoiceFilter(queryset=_buildings_of_district)
    status = django_filters.MultipleChoiceFilter(choices=Incident.Status.choices)
    kind = django_filters.ChoiceFilter(choices=Incident.Kind.choices)
    severity = django_filters.ChoiceFilter(choices=Incident.Severity.choices)

    class Meta:
        model = Incident
        fields = ["committee", "building", "status", "kind", "severity"]


class IncidentViewSet(AuditedReads, ReadOnlyViewSet):
    """Incidents the reader may see: their committees' queues, their own reports and those
    shared with them by name (``?committee=`` for one queue). ``POST`` reports one."""

    filterset_class = IncidentFilter
    filter_backends = [DjangoFilterBackend, OrderingFilter]
    ordering_fields = ["id", "occurred_at"]
    ordering = ["id"]

    def get_queryset(self):
        return access.visible(
            self.request.user, Incident.objects.select_related("building", "reporter")
        )

    def get_serializer_class(self):
        if self.action == "retrieve":
            return IncidentDetailSerializer
        if self.action == "create":
            return IncidentReportSerializer
        return IncidentSerializer

    @extend_schema(
        request=IncidentReportSerializer,
        responses={201: IncidentReceiptSerializer},
        description="Report an incident, as the page's report form does: any signed-in "
        "person of the district, for a school of their district.",
    )
    def create(self, request):
        if request.user.district_id is None:
            raise PermissionDenied  # as the page: a person of no district reports nothing
        report = self.get_serializer(data=request.data)
        report.is_valid(raise_exception=True)
        try:
            incident = services.incident_report(by=request.user, **report.validated_data)
        except ValidationError as error:
            raise serializers.ValidationError(
                _messages(error.message_dict)
                if hasattr(error, "error_dict")
                else {"non_field_errors": error.messages}
            ) from None
        location = reverse("api:incident-detail", args=[incident.pk])
        return Response(
            IncidentReceiptSerializer(incident).data,
            status=status.HTTP_201_CREATED,
            headers={"Location": location},
        )


# --- drills ---------------------------------------------------------------------------------


class DrillObserverSerializer(serializers.ModelSerializer):
    class Meta:
        model = DrillObserver
        fields = ["name", "role", "score", "remarks"]


class DrillProblemSerializer(serializers.ModelSerializer):
    class Meta:
        model = DrillProblem
        fields = ["id", "description", "action_item", "created_at"]


class DrillSerializer(serializers.ModelSerializer):
    building_name = serializers.CharField(source="building.name", read_only=True)
    recorded_by_name = serializers.SerializerMethodField()
    observers = DrillObserverSerializer(many=True, read_only=True)
    problems = DrillProblemSerializer(many=True, read_only=True)

    class Meta:
        model = Drill
        fields = [
            "id",
            "committee",
            "building",
            "building_name",
            "kind",
            "planned_for",
            "held_at",
            "duration_minutes",
            "participants",
            "notes",
            "visibility",
            "recorded_by_name",
            "observers",
            "problems",
            "created_at",
        ]

    def get_recorded_by_name(self, drill) -> str | None:
        return drill.recorded_by.display_name if drill.recorded_by_id else None


class DrillFilter(django_filters.FilterSet):
    committee = django_filters.ModelChoiceFilter(queryset=_committees_seen)
    kind = django_filters.ChoiceFilter(choices=DrillKind.choices)
    held = django_filters.BooleanFilter(
        field_name="held_at", lookup_expr="isnull", exclude=True, label="Held (or only planned)"
    )

    class Meta:
        model = Drill
        fields = ["committee", "kind", "held"]


class DrillViewSet(AuditedReads, ReadOnlyViewSet):
    """Drills the reader may see, with the observers' scores and the problems found."""

    serializer_class = DrillSerializer
    filterset_class = DrillFilter

    def get_queryset(self):
        drills = Drill.objects.select_related("building", "recorded_by").prefetch_related(
            "observers", "problems"
        )
        return access.visible(self.request.user, drills)


class PeriodSerializer(serializers.Serializer):
    """One period of the school year under the district's drill rule, and how it stands."""

    number = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=DrillKind.choices, help_text="The drill owed.")
    starts = serializers.DateField()
    ends = serializers.DateField()
    status = serializers.ChoiceField(choices=cadence.PERIOD_STATUSES)
    held_on = serializers.DateField(allow_null=True, help_text="The day its drill was held.")
    planned_for = serializers.DateField(allow_null=True)
    drill = serializers.IntegerField(
        allow_null=True, help_text="The drill held or planned, when the reader may open it."
    )


class DrillSummarySerializer(serializers.Serializer):
    held = serializers.IntegerField()
    due = serializers.IntegerField()
    missing = serializers.IntegerField()
    upcoming = serializers.IntegerField()


class DrillCalendarSerializer(serializers.Serializer):
    """A school's drill calendar for a school year, as its committee's drill page shows it.

    Whether each period was met counts every drill of the school, whatever its level (an
    aggregate that names nothing, docs/access.md); a drill's id only where the reader may
    open it."""

    committee = serializers.IntegerField(source="pk")
    building = serializers.IntegerField(source="building_id")
    building_name = serializers.CharField(source="building.name")
    year = serializers.SerializerMethodField()
    first_day = serializers.SerializerMethodField()
    last_day = serializers.SerializerMethodField()
    summary = serializers.SerializerMethodField()
    periods = serializers.SerializerMethodField()

    def get_year(self, committee) -> int:
        return self.context["calendars"].year

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_first_day(self, committee):
        school_year = self.context["calendars"].school_year
        return school_year.first_day if school_year else None

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_last_day(self, committee):
        school_year = self.context["calendars"].school_year
        return school_year.last_day if school_year else None

    @extend_schema_field(DrillSummarySerializer)
    def get_summary(self, committee):
        periods = self.context["calendars"].periods.get(committee.pk, [])
        return DrillSummarySerializer(cadence.summary(periods)).data

    @extend_schema_field(PeriodSerializer(many=True))
    def get_periods(self, committee):
        calendars = self.context["calendars"]
        return PeriodSerializer(
            [calendars.period(p) for p in calendars.periods.get(committee.pk, [])], many=True
        ).data


class Calendars:
    """The drill calendars of a page of schools: three queries for the calendars, one for
    which of their drills the reader may open, whatever the number of schools."""

    def __init__(self, request, committees: list[Committee]):
        self.year, self.school_year, self.periods, self.readable = None, None, {}, set()
        if not committees:
            return
        district = request.user.district  # the committees': districts are walled off
        self.zone = ZoneInfo(district.time_zone)
        self.year = _year(request, district)
        today = access.district_today(district)
        self.school_year, self.periods = cadence.calendars(
            district, [c.pk for c in committees], self.year, today
        )
        drill_ids = {
            drill.pk
            for periods in self.periods.values()
            for period in periods
            for drill in (period.held, period.planned)
            if drill is not None
        }
        self.readable = set(
            access.visible(request.user, Drill.objects.filter(pk__in=drill_ids)).values_list(
                "pk", flat=True
            )
        )

    def period(self, period: cadence.Period) -> dict:
        drill = period.held or period.planned
        return {
            "number": period.number,
            "kind": period.kind,
            "starts": period.starts,
            "ends": period.ends,
            "status": period.status,
            "held_on": period.held.held_at.astimezone(self.zone).date() if period.held else None,
            "planned_for": period.planned.planned_for if period.planned else None,
            "drill": drill.pk if drill is not None and drill.pk in self.readable else None,
        }


@extend_schema_view(
    list=extend_schema(parameters=[OpenApiParameter("year", int, description="2026 for 2026–27")]),
    retrieve=extend_schema(
        parameters=[OpenApiParameter("year", int, description="2026 for 2026–27")]
    ),
)
class DrillCalendarViewSet(ReadOnlyViewSet):
    """Each school the reader may see (by its committee's id): the drills owed this school
    year (``?year=`` for another), held, due and missing, as the drill pages show them."""

    serializer_class = DrillCalendarSerializer
    calendars: Calendars | None = None

    def get_queryset(self):
        return selectors.committees_for(self.request.user).filter(building__isnull=False)

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        self.calendars = Calendars(self.request, page)
        return page

    def get_object(self):
        committee = super().get_object()
        self.calendars = Calendars(self.request, [committee])
        return committee

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "calendars": self.calendars}


# --- community concerns ---------------------------------------------------------------------


class ConcernSerializer(serializers.ModelSerializer):
    building_name = serializers.CharField(source="building.name", read_only=True)

    class Meta:
        model = Concern
        fields = [
            "id",
            "reference",
            "committee",
            "building",
            "building_name",
            "location",
            "description",
            "name",
            "contact",
            "status",
            "status_changed_at",
            "visibility",
            "created_at",
        ]


class ConcernDetailSerializer(ConcernSerializer):
    history = EventSerializer(many=True, source="events", read_only=True)

    class Meta(ConcernSerializer.Meta):
        fields = [*ConcernSerializer.Meta.fields, "history"]


def _committees_triaged(request):
    """The committees whose concerns the reader triages; any other id is refused alike."""
    return access.visible(
        request.user, Committee.objects.filter(pk__in=concern_triage_committees(request.user))
    )


class ConcernFilter(django_filters.FilterSet):
    committee = django_filters.ModelChoiceFilter(queryset=_committees_triaged)
    status = django_filters.MultipleChoiceFilter(choices=Concern.Status.choices)

    class Meta:
        model = Concern
        fields = ["committee", "status"]


class ConcernViewSet(AuditedReads, ReadOnlyViewSet):
    """Community concerns, for those who triage them (cleared members, the chair, the
    school's and the district's administrators), the sender's name and contact included;
    nobody else reads them here."""

    filterset_class = ConcernFilter

    def get_queryset(self):
        concerns = concerns_to_triage(self.request.user).select_related("building")
        if self.action == "retrieve":
            concerns = concerns.prefetch_related("events__actor")
        return concerns

    def get_serializer_class(self):
        return ConcernDetailSerializer if self.action == "retrieve" else ConcernSerializer
