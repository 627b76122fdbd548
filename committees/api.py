"""The API's resources of the core: the reader's district, its buildings, the committees
the reader may see, and each committee's seats and members as its page shows them
(safety_portal/api_urls.py mounts them at /api/v1/).

Every queryset goes through the gate: ``visible()`` for committees, the scope's district
for the district and its buildings (a person of no district, or an inactive one, gets
none). What may not be seen answers 404, as on the pages.
"""

from django.utils import translation
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from committees import access, selectors
from committees.models import Building, Committee, District, Membership
from safety_portal.api_kit import ReadOnlyViewSet


class DistrictSerializer(serializers.ModelSerializer):
    class Meta:
        model = District
        fields = [
            "id",
            "name",
            "slug",
            "state",
            "time_zone",
            "emergency_number",
            "tip_line",
            "safety_office_contact",
        ]


class BuildingSerializer(serializers.ModelSerializer):
    class Meta:
        model = Building
        fields = ["id", "district", "name", "slug", "level", "address"]


class CommitteeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Committee
        fields = ["id", "district", "building", "name", "purpose", "quorum", "minutes_approval"]
        fields += ["remote_counts_toward_quorum"]


class SeatSerializer(serializers.Serializer):
    """A required seat of the committee's representation and how it stands today."""

    category = serializers.CharField()
    categories = serializers.ListField(
        child=serializers.CharField(), help_text="The categories whose members fill the seat."
    )
    label = serializers.CharField()
    required = serializers.IntegerField()
    filled = serializers.IntegerField()
    ending_soon = serializers.IntegerField(help_text="Filled seats whose term ends within 30 days.")
    missing = serializers.IntegerField()
    state = serializers.ChoiceField(choices=["empty", "ending", "filled"])
    note = serializers.CharField()


class MemberSerializer(serializers.ModelSerializer):
    """A seat as the committee's page shows it: who, their position, whom they represent,
    their term and clearance."""

    name = serializers.CharField(source="user.display_name")
    title = serializers.CharField(source="user.title")
    organization = serializers.CharField(source="user.organization")
    ending_soon = serializers.BooleanField(help_text="The term ends within 30 days.")

    class Meta:
        model = Membership
        fields = [
            "id",
            "name",
            "title",
            "organization",
            "position",
            "category",
            "term_start",
            "term_end",
            "ending_soon",
            "restricted_clearance",
        ]


class JoiningSerializer(serializers.ModelSerializer):
    """A seat whose term has not begun: who, whom they represent, from when."""

    name = serializers.CharField(source="user.display_name")

    class Meta:
        model = Membership
        fields = ["id", "name", "category", "term_start"]


class MembershipsSerializer(serializers.Serializer):
    members = MemberSerializer(many=True)
    joining = JoiningSerializer(many=True, source="upcoming_members")


def _own_district_id(user) -> int | None:
    return access.scope_for(user).district_id


class DistrictViewSet(ReadOnlyViewSet):
    """The reader's own district."""

    serializer_class = DistrictSerializer

    def get_queryset(self):
        return District.objects.filter(pk=_own_district_id(self.request.user))


class BuildingViewSet(ReadOnlyViewSet):
    """The schools of the reader's district (the public pages list them too)."""

    serializer_class = BuildingSerializer
    filterset_fields = ["level"]

    def get_queryset(self):
        return Building.objects.filter(district_id=_own_district_id(self.request.user))


class CommitteeViewSet(ReadOnlyViewSet):
    """The committees the reader may see: those they sit on, oversee or administer."""

    serializer_class = CommitteeSerializer
    filterset_fields = ["building"]
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return access.visible(self.request.user, Committee.objects.all())

    # A committee's own answers: not paged, not filtered (the list's ``?building=``).
    @extend_schema(responses=SeatSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def seats(self, request, pk=None):
        """The committee's required seats by whom they represent, filled or not, as its page
        shows them (none when the district requires none)."""
        # A seat's label is a stable English value in the API, whatever the reader's
        # Accept-Language: the pages translate it, the API does not.
        with translation.override("en"):
            page = selectors.committee_page(request.user, self._committee())
            return Response(SeatSerializer(page.seats, many=True).data)

    @extend_schema(responses=MembershipsSerializer)
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def memberships(self, request, pk=None):
        """Who sits on the committee today, and who joins soon, as its page shows them; a
        committee's roster is short, so it comes whole, never paged."""
        page = selectors.committee_page(request.user, self._committee())
        return Response(MembershipsSerializer(page).data)

    def _committee(self) -> Committee:
        """The committee with what its seats depend on (its building's level)."""
        return access.get_visible_or_404(
            self.request.user,
            Committee.objects.select_related("building", "district"),
            pk=self.kwargs["pk"],
        )
