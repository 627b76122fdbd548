"""The API's procedures: what they are, whose, and when they were and are next reviewed;
never their words (safety_portal/api_urls.py mounts them at /api/v1/procedures/).

A procedure is restricted: the gate shows it to the committee's cleared members and its
administrators, exactly as the procedure pages do, and each one read is on record
(``via="api"``). Its body, versions, review notes and copies stay on the pages, where a
copy taken is recorded as one.
"""

import django_filters
from django.db.models import OuterRef, Subquery
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import serializers

from committees import access
from committees.models import Committee
from procedures.models import Procedure, ProcedureVersion
from safety_portal.api_kit import ReadOnlyViewSet


class ProcedureSerializer(serializers.ModelSerializer):
    owner_name = serializers.SerializerMethodField()
    current_version = serializers.IntegerField(read_only=True, allow_null=True)
    next_review_on = serializers.DateField(read_only=True, allow_null=True)

    class Meta:
        model = Procedure
        fields = [
            "id",
            "committee",
            "kind",
            "title",
            "public_title",
            "owner",
            "owner_name",
            "visibility",
            "current_version",
            "review_every_months",
            "last_reviewed_on",
            "next_review_on",
            "created_at",
        ]

    def get_owner_name(self, procedure) -> str | None:
        return procedure.owner.display_name if procedure.owner_id else None


def _committees_seen(request):
    """The committees a filter may name: those the reader may see. Any other id, whether
    it exists or not, gets the same "not one of the available choices"."""
    return access.visible(request.user, Committee.objects.all())


class ProcedureFilter(django_filters.FilterSet):
    committee = django_filters.ModelChoiceFilter(queryset=_committees_seen)
    kind = django_filters.ChoiceFilter(choices=Procedure.Kind.choices)

    class Meta:
        model = Procedure
        fields = ["committee", "kind"]


class ProcedureViewSet(ReadOnlyViewSet):
    """The procedures the reader is cleared to see (``?committee=``, ``?kind=``)."""

    serializer_class = ProcedureSerializer
    filterset_class = ProcedureFilter
    filter_backends = [DjangoFilterBackend]

    def get_queryset(self):
        newest = ProcedureVersion.objects.filter(procedure=OuterRef("pk")).order_by("-number")
        procedures = Procedure.objects.select_related("owner").annotate(
            current_version=Subquery(newest.values("number")[:1])
        )
        return access.visible(self.request.user, procedures)

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)  # always paged (api_kit.CursorPage)
        access.record_reads(self.request.user, page, "api")
        return page

    def get_object(self):
        procedure = super().get_object()
        access.record_reads(self.request.user, [procedure], "api")
        return procedure
