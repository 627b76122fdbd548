"""The API's action items: those the reader may see, filtered like the committee's list
(safety_portal/api_urls.py mounts them at /api/v1/action-items/).

The queryset is the gate's (``visible()``), so a committee, an item or a chain the reader
may not see is a 404, never a 403. Each restricted item read, in a list or alone, goes
into the audit trail (``via="api"``), as it does from the pages.
"""

import django_filters
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import serializers
from rest_framework.filters import OrderingFilter

from committees import access
from committees.models import Committee
from followups.models import ActionItem, WorkCategory
from safety_portal.api_kit import ReadOnlyViewSet


class ActionItemSerializer(serializers.ModelSerializer):
    assignee_name = serializers.SerializerMethodField()

    class Meta:
        model = ActionItem
        fields = [
            "id",
            "committee",
            "title",
            "description",
            "source",
            "source_detail",
            "category",
            "visibility",
            "priority",
            "status",
            "assignee",
            "assignee_name",
            "due_date",
            "milestone",
            "completion_note",
            "completed_at",
            "verified_at",
            "created_at",
            "updated_at",
        ]

    def get_assignee_name(self, item) -> str | None:
        return item.assignee.display_name if item.assignee_id else None


def _committees_seen(request):
    """The committees a filter may name: those the reader may see. Any other id, whether
    it exists or not, gets the same "not one of the available choices"."""
    return access.visible(request.user, Committee.objects.all())


class ActionItemFilter(django_filters.FilterSet):
    committee = django_filters.ModelChoiceFilter(queryset=_committees_seen)
    # A plain id: a menu of people would tell who exists.
    assignee = django_filters.NumberFilter(field_name="assignee_id")
    status = django_filters.MultipleChoiceFilter(choices=ActionItem.Status.choices)
    category = django_filters.ChoiceFilter(choices=WorkCategory.choices)
    source = django_filters.ChoiceFilter(choices=ActionItem.Source.choices)
    due_before = django_filters.DateFilter(field_name="due_date", lookup_expr="lte")
    due_after = django_filters.DateFilter(field_name="due_date", lookup_expr="gte")

    class Meta:
        model = ActionItem
        fields = ["committee", "assignee", "status", "category", "source"]


class ActionItemViewSet(ReadOnlyViewSet):
    """Action items the reader may see, across their committees (``?committee=`` for one)."""

    serializer_class = ActionItemSerializer
    filterset_class = ActionItemFilter
    filter_backends = [DjangoFilterBackend, OrderingFilter]
    ordering_fields = ["id", "updated_at"]
    ordering = ["id"]

    def get_queryset(self):
        return access.visible(self.request.user, ActionItem.objects.select_related("assignee"))

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)  # always paged (api_kit.CursorPage)
        access.record_reads(self.request.user, page, "api")
        return page

    def get_object(self):
        item = super().get_object()
        access.record_reads(self.request.user, [item], "api")
        return item
