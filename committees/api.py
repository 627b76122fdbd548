"""The API's resources of the core: the reader's district, its buildings, the committees
the reader may see (safety_portal/api_urls.py mounts them at /api/v1/).

Every queryset goes through the gate: ``visible()`` for committees, the scope's district
for the district and its buildings (a person of no district, or an inactive one, gets
none). What may not be seen answers 404, as on the pages.
"""

from rest_framework import serializers

from committees import access
from committees.models import Building, Committee, District
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
        fields = ["id", "district", "building", "name", "purpose", "quorum"]


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

    def get_queryset(self):
        return access.visible(self.request.user, Committee.objects.all())
