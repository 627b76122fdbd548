"""The API's meetings: those the reader may see, each with its agenda, attendance and the
minutes sections the reader may see, exactly as on the meeting's page, each with the
documents of its packet the reader may see (a download address through the gate); scheduling a
meeting and recording its attendance through the pages' services
(safety_portal/api_urls.py mounts them at /api/v1/meetings/).

The queryset is the gate's (``visible()``): a meeting the reader may not see is a 404;
one they see but may not record is a 403 for a write, as on the pages. A meeting's parts
come from the page's own selector (``selectors.meeting_minutes``), so a restricted
section, agenda item or vote is absent for a reader without clearance, and each
restricted record read, in a list or alone, goes into the audit trail (``via="api"``).
"""

from contextlib import contextmanager
from dataclasses import dataclass

import django_filters
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.filters import OrderingFilter
from rest_framework.response import Response

from committees import access
from committees.access import Cap
from committees.models import Committee, Level
from meetings import selectors, services
from meetings.models import (
    AgendaItem,
    Attendance,
    Guest,
    Meeting,
    MeetingDocument,
    MinutesSection,
    RollCall,
    Vote,
)
from safety_portal.api_kit import InstantFilter, ReadOnlyViewSet, refusals

# --- reads -------------------------------------------------------------------------------


class MeetingSerializer(serializers.ModelSerializer):
    minutes_state = serializers.ChoiceField(
        choices=["draft", "submitted", "approved"], read_only=True
    )

    class Meta:
        model = Meeting
        fields = [
            "id",
            "committee",
            "title",
            "kind",
            "status",
            "visibility",
            "starts_at",
            "ends_at",
            "location",
            "video_link",
            "public_purpose",
            "minutes_revision",
            "minutes_state",
            "minutes_submitted_at",
            "minutes_approved_at",
        ]


class MeetingFileSerializer(serializers.ModelSerializer):
    """A document of the packet the reader may see; its file only through the gate."""

    url = serializers.SerializerMethodField(
        help_text="Where the file is downloaded, by whoever may see the document."
    )

    class Meta:
        model = MeetingDocument
        fields = ["id", "title", "visibility", "name", "content_type", "size", "uploaded_at"]
        fields += ["url"]

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, document) -> str:
        path = reverse("meetings:document", args=[document.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class AgendaItemSerializer(serializers.ModelSerializer):
    # The documents of its packet that the reader may see (``selectors.meeting_minutes``).
    files = MeetingFileSerializer(many=True, read_only=True, source="visible_files")

    class Meta:
        model = AgendaItem
        fields = ["id", "order", "title", "presenter", "minutes", "visibility", "files"]


class RollCallSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="membership.user.display_name", read_only=True)

    class Meta:
        model = RollCall
        fields = ["membership", "name", "choice", "note"]


class VoteSerializer(serializers.ModelSerializer):
    # The roll as the gate lets the reader see it (``selectors.meeting_minutes``): a
    # vote the reader may not see is not here, and neither is its roll.
    roll = RollCallSerializer(many=True, read_only=True)

    class Meta:
        model = Vote
        fields = [
            "id",
            "motion",
            "mover",
            "seconder",
            "result",
            "yes",
            "no",
            "abstain",
            "note",
            "public_motion",
            "roll",
        ]


class DocumentSerializer(serializers.Serializer):
    title = serializers.CharField()
    link = serializers.CharField(help_text="An http(s) address, or empty.")


class MinutesSectionSerializer(serializers.ModelSerializer):
    documents = serializers.SerializerMethodField()
    votes = VoteSerializer(many=True, read_only=True)
    files = MeetingFileSerializer(many=True, read_only=True, source="visible_files")

    class Meta:
        model = MinutesSection
        fields = ["id", "order", "heading", "body", "documents", "visibility", "agenda_item"]
        fields += ["votes", "files"]

    @extend_schema_field(DocumentSerializer(many=True))
    def get_documents(self, section) -> list[dict]:
        return [{"title": title, "link": link} for title, link in section.document_list]


class AttendanceSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="membership.user.display_name", read_only=True)
    category = serializers.CharField(source="membership.category", read_only=True)

    class Meta:
        model = Attendance
        fields = ["membership", "name", "category", "status", "mode", "remote_reason", "note"]


class GuestSerializer(serializers.ModelSerializer):
    class Meta:
        model = Guest
        fields = ["name", "organization"]


@dataclass
class Quorum:
    members: int  # in force on the meeting's day
    present: int
    needed: int

    @property
    def met(self) -> bool:
        return self.present >= self.needed


class QuorumSerializer(serializers.Serializer):
    members = serializers.IntegerField()
    present = serializers.IntegerField()
    needed = serializers.IntegerField()
    met = serializers.BooleanField()


class MeetingDetailSerializer(MeetingSerializer):
    """A meeting as its page shows it to this reader (``selectors.meeting_minutes``)."""

    agenda = AgendaItemSerializer(many=True, read_only=True, source="minutes.agenda")
    attendance = AttendanceSerializer(many=True, read_only=True, source="minutes.attendance")
    quorum = QuorumSerializer(read_only=True)
    guests = GuestSerializer(many=True, read_only=True, source="minutes.guests")
    sections = MinutesSectionSerializer(many=True, read_only=True, source="minutes.sections")

    class Meta(MeetingSerializer.Meta):
        fields = [*MeetingSerializer.Meta.fields, "agenda", "attendance", "quorum", "guests"]
        fields += ["sections"]


def _committees_seen(request):
    """The committees a filter or a new meeting may name: those the reader may see. Any
    other id, whether it exists or not, gets the same answer."""
    return access.visible(request.user, Committee.objects.all())


class MeetingFilter(django_filters.FilterSet):
    committee = django_filters.ModelChoiceFilter(queryset=_committees_seen)
    status = django_filters.MultipleChoiceFilter(choices=Meeting.Status.choices)
    kind = django_filters.ChoiceFilter(choices=Meeting.Kind.choices)
    starts_after = InstantFilter(field_name="starts_at", lookup_expr="gte")
    starts_before = InstantFilter(field_name="starts_at", lookup_expr="lt")

    class Meta:
        model = Meeting
        fields = ["committee", "status", "kind"]


# --- writes ------------------------------------------------------------------------------


@extend_schema_field(OpenApiTypes.INT)
class VisibleCommitteeField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        return _committees_seen(self.context["request"])


# Who may know of a new meeting, as the page's form offers it (never public: the public
# reads its notice and summary alone).
MEETING_LEVELS = [
    (Level.COMMITTEE.value, Level.COMMITTEE.label),
    (Level.RESTRICTED.value, Level.RESTRICTED.label),
]


class MeetingScheduleSerializer(serializers.Serializer):
    """What the page's form asks (meetings.forms.MeetingForm); the service decides."""

    committee = VisibleCommitteeField()
    title = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=Meeting.Kind.choices, default=Meeting.Kind.REGULAR)
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    location = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    video_link = serializers.URLField(required=False, allow_blank=True, default="")
    public_purpose = serializers.CharField(
        max_length=300,
        required=False,
        allow_blank=True,
        default="",
        help_text="Required for an executive session: its purpose in general terms.",
    )
    visibility = serializers.ChoiceField(
        choices=MEETING_LEVELS,
        required=False,
        allow_null=True,
        default=None,
        help_text="Empty: restricted for an executive session, the committee otherwise.",
    )


class CommitteeOnlySerializer(serializers.Serializer):
    committee = VisibleCommitteeField()


class AttendanceEntrySerializer(serializers.Serializer):
    membership = serializers.IntegerField(help_text="A membership id, as the committee lists it.")
    status = serializers.ChoiceField(choices=Attendance.Status.choices)
    mode = serializers.ChoiceField(
        choices=Attendance.Mode.choices, required=False, default=Attendance.Mode.IN_PERSON
    )
    remote_reason = serializers.CharField(
        max_length=300,
        required=False,
        allow_blank=True,
        default="",
        help_text="Why the member took part remotely; required where the district's rules say so.",
    )
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class AttendanceRecordSerializer(serializers.Serializer):
    """Every member in force on the meeting's day, each present, absent or excused, as
    the page's form asks; and the guests. It replaces what was recorded."""

    attendance = AttendanceEntrySerializer(many=True, required=False, default=list)
    guests = GuestSerializer(many=True, required=False, default=list)

    def validate_attendance(self, entries):
        members = self.context["members"]
        given = [entry["membership"] for entry in entries]
        if len(given) != len(set(given)):
            raise serializers.ValidationError("Give each member once.")
        if set(given) - members:
            raise serializers.ValidationError(
                "Attendance can only be recorded for the committee's members."
            )
        missing = sorted(members - set(given))
        if missing:
            ids = ", ".join(map(str, missing))
            raise serializers.ValidationError(f"Give every member's attendance: missing {ids}.")
        return entries


@contextmanager
def _per_entry():
    """The service names a member's remote reason as the page's field (``r<membership
    id>``); the API says it under ``attendance``, with the membership id."""
    try:
        yield
    except DjangoValidationError as error:
        if not hasattr(error, "error_dict"):
            raise
        said = {}
        for name, messages in error.message_dict.items():
            if name.startswith("r") and name[1:].isdigit():
                said.setdefault("attendance", []).extend(f"{name[1:]}: {m}" for m in messages)
            else:
                said[name] = messages
        raise DjangoValidationError(said) from None


class MeetingViewSet(ReadOnlyViewSet):
    """Meetings the reader may see, across their committees (``?committee=`` for one); a
    meeting alone with its agenda, attendance and the minutes the reader may see."""

    filterset_class = MeetingFilter
    filter_backends = [DjangoFilterBackend, OrderingFilter]
    ordering_fields = ["id", "starts_at"]
    ordering = ["-starts_at", "-id"]  # the newest first, as the list page's past meetings
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return access.visible(self.request.user, Meeting.objects.all())

    def get_serializer_class(self):
        if self.action == "create":
            return MeetingScheduleSerializer
        if self.action == "attendance":
            return AttendanceRecordSerializer
        if self.action == "list":
            return MeetingSerializer
        return MeetingDetailSerializer

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)  # always paged (api_kit.CursorPage)
        access.record_reads(self.request.user, page, "api")
        return page

    def get_object(self):
        """The meeting, or 404 alike for "none" and "may not know"."""
        queryset = self.get_queryset().select_related("committee__district")
        return access.get_visible_or_404(
            self.request.user, queryset, pk=self.kwargs[self.lookup_field]
        )

    def _detail(self, meeting: Meeting) -> dict:
        """The meeting as its page reads it; its restricted parts read go on record."""
        minutes = selectors.meeting_minutes(self.request.user, meeting, via="api")
        members = services.attendance_members(meeting).count()
        present = services.quorum_present(meeting, minutes.attendance)
        meeting.minutes = minutes
        meeting.quorum = Quorum(members, present, services.quorum_of(meeting, members))
        return MeetingDetailSerializer(meeting, context=self.get_serializer_context()).data

    def retrieve(self, request, *args, **kwargs):
        return Response(self._detail(self.get_object()))

    @extend_schema(request=MeetingScheduleSerializer, responses={201: MeetingDetailSerializer})
    def create(self, request, *args, **kwargs):
        """Schedule a meeting in a committee; its agenda starts from the standing items."""
        # The committee first: one the caller may not see is refused as one that does not
        # exist (400); one they see but may not record, 403, before anything else is read.
        target = CommitteeOnlySerializer(data=request.data, context={"request": request})
        target.is_valid(raise_exception=True)
        committee = target.validated_data["committee"]
        if not access.can(request.user, Cap.RECORD_MEETINGS, committee):
            raise PermissionDenied
        form = MeetingScheduleSerializer(data=request.data, context={"request": request})
        form.is_valid(raise_exception=True)
        data = {k: v for k, v in form.validated_data.items() if k != "committee"}
        with refusals():
            meeting = services.meeting_schedule(committee=committee, by=request.user, **data)
        meeting = Meeting.objects.select_related("committee__district").get(pk=meeting.pk)
        return Response(self._detail(meeting), status=status.HTTP_201_CREATED)

    @extend_schema(request=AttendanceRecordSerializer, responses={200: MeetingDetailSerializer})
    @action(detail=True, methods=["post"])
    def attendance(self, request, *args, **kwargs):
        """Record who came (every member in force, present, absent or excused) and the
        guests, replacing what was recorded; a scheduled meeting becomes held."""
        meeting = self.get_object()
        if not access.can(request.user, Cap.RECORD_MEETINGS, meeting):
            raise PermissionDenied
        members = set(services.attendance_members(meeting).values_list("pk", flat=True))
        form = AttendanceRecordSerializer(
            data=request.data, context={"request": request, "members": members}
        )
        form.is_valid(raise_exception=True)
        entries = form.validated_data["attendance"]
        guests = form.validated_data["guests"]
        with refusals(), _per_entry():
            services.attendance_record(
                meeting=meeting,
                by=request.user,
                statuses={e["membership"]: e["status"] for e in entries},
                notes={e["membership"]: e["note"] for e in entries},
                modes={e["membership"]: e["mode"] for e in entries},
                remote_reasons={e["membership"]: e["remote_reason"] for e in entries},
                guests=[(g["name"], g.get("organization", "")) for g in guests],
            )
        return Response(self._detail(meeting))
