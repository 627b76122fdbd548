"""The API's follow-ups: action items (read, and written through the services the pages
call), improvement plans and their milestones (read). safety_portal/api_urls.py mounts
them at /api/v1/action-items/, /api/v1/plans/ and /api/v1/milestones/.

The querysets are the gate's (``visible()``), so a committee, an item or a chain the reader
may not see is a 404, never a 403; a visible item the caller may not act on is a 403, as
on its page. Each restricted record read, in a list or alone, goes into the audit trail
(``via="api"``), as it does from the pages.

Each write does what the item's page does (followups/views.py): the same right asked
first, the same choices offered (the district's people, the committee's milestones and
minutes the writer may see), then the same service, whose refusal is a 400 under the
field it concerns, with nothing saved.
"""

import django_filters
from django.contrib.auth import get_user_model
from django.db.models import Prefetch, prefetch_related_objects
from django.urls import reverse
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.filters import OrderingFilter
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from committees import access
from committees.access import Cap
from committees.models import Committee, Level
from committees.views import record_candidates
from followups import services
from followups.forms import district_people
from followups.list_views import NAME_FIELDS
from followups.models import ActionItem, ImprovementPlan, Milestone, WorkCategory
from followups.progress import milestone_progress, plan_progress
from meetings.models import MinutesSection
from safety_portal.api_kit import ReadOnlyViewSet, refusals

User = get_user_model()

# Django's own words for a choice not offered, as the pages' forms and the lists' filters
# say them: the same for what does not exist and for what the caller may not see.
NOT_A_CHOICE = "Select a valid choice. That choice is not one of the available choices."
# The item page's, when the person to assign is not one it offers.
NOT_AN_ASSIGNEE = "Choose a person of the district to assign the item to."


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


def _milestones_seen(request):
    return access.visible(request.user, Milestone.objects.all())


class ActionItemFilter(django_filters.FilterSet):
    committee = django_filters.ModelChoiceFilter(queryset=_committees_seen)
    # A plan's timeline: a milestone's items (the milestone, as the committee, one seen).
    milestone = django_filters.ModelChoiceFilter(queryset=_milestones_seen)
    # A plain id: a menu of people would tell who exists.
    assignee = django_filters.NumberFilter(field_name="assignee_id")
    status = django_filters.MultipleChoiceFilter(choices=ActionItem.Status.choices)
    category = django_filters.ChoiceFilter(choices=WorkCategory.choices)
    source = django_filters.ChoiceFilter(choices=ActionItem.Source.choices)
    due_before = django_filters.DateFilter(field_name="due_date", lookup_expr="lte")
    due_after = django_filters.DateFilter(field_name="due_date", lookup_expr="gte")

    class Meta:
        model = ActionItem
        fields = ["committee", "milestone", "assignee", "status", "category", "source"]


# --- what a write sends ------------------------------------------------------------------


def _one_of(model, message: str = NOT_A_CHOICE, **kwargs):
    """An id among the records the page would offer (set per request), refused alike
    whether it names nothing or something not offered."""
    said = {"does_not_exist": message, "incorrect_type": message}
    if message != NOT_A_CHOICE:
        said |= {"required": message, "null": message}
    return serializers.PrimaryKeyRelatedField(
        queryset=model.objects.none(), error_messages=said, **kwargs
    )


class CommitteeNamedSerializer(serializers.Serializer):
    committee = _one_of(Committee, help_text="A committee the caller may see.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")  # none when the schema is drawn
        if request is not None:
            seen = access.visible(request.user, Committee.objects.select_related("district"))
            self.fields["committee"].queryset = seen


class ActionItemNewSerializer(CommitteeNamedSerializer):
    """A new item, as the committee's "New action item" form takes it."""

    title = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True)
    visibility = serializers.ChoiceField(
        Level.choices,
        required=False,
        help_text="Committee when not given; from minutes, the level of their section.",
    )
    category = serializers.ChoiceField(WorkCategory.choices, required=False)
    priority = serializers.ChoiceField(ActionItem.Priority.choices, required=False)
    source = serializers.ChoiceField(ActionItem.Source.choices, required=False)
    source_detail = serializers.CharField(max_length=200, required=False, allow_blank=True)
    due_date = serializers.DateField(required=False, allow_null=True)
    milestone = _one_of(
        Milestone, required=False, allow_null=True, help_text="A milestone of the committee."
    )
    minutes_section = _one_of(
        MinutesSection,
        required=False,
        allow_null=True,
        help_text="The section of the committee's minutes the item comes from.",
    )
    assignee = _one_of(
        User,
        required=False,
        allow_null=True,
        help_text="A person of the district: a member, or someone outside the committee "
        "such as the facilities director, who then sees this item and nothing else of it.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        committee = self.context.get("committee")
        if committee is None:
            return
        user = self.context["request"].user
        self.fields["milestone"].queryset = access.visible(
            user, Milestone.objects.filter(plan__committee=committee)
        )
        self.fields["minutes_section"].queryset = access.visible(
            user, MinutesSection.objects.select_related("meeting")
        ).filter(meeting__committee=committee)
        self.fields["assignee"].queryset = district_people(committee.district)

    def validate(self, attrs):
        attrs.pop("committee", None)  # the view's, already asked about
        section = attrs.get("minutes_section")
        if section is not None:  # what the page's form starts with, from ?section=
            attrs.setdefault("source", ActionItem.Source.MEETING)
            attrs.setdefault("source_detail", f"{section.meeting.title}: {section.heading}"[:200])
            # At least as strict as the section and its meeting (the chain).
            attrs.setdefault("visibility", access.effective_level(section))
        return attrs


class AssignSerializer(serializers.Serializer):
    assignee = _one_of(User, NOT_AN_ASSIGNEE, help_text="A person of the district.")
    note = serializers.CharField(max_length=500, required=False, allow_blank=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        item = self.context.get("item")
        if item is not None:  # whom the item's page offers
            people = record_candidates(item, item.committee.district)
            self.fields["assignee"].queryset = people


def _moves() -> str:
    """The allowed moves, told from the map the service enforces (ActionItem.TRANSITIONS)."""
    return "; ".join(
        f"{status.value} → {', '.join(ActionItem.WORKFLOW.next(status))}"
        for status in ActionItem.Status
    )


class TransitionSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        ActionItem.Status.choices,
        help_text=f"Where to move the item: {_moves()}. Cancelling, and reopening a "
        "cancelled item, are for those who assign the committee's items.",
    )
    note = serializers.CharField(
        max_length=2000,
        required=False,
        allow_blank=True,
        help_text="Why: required when the item is blocked.",
    )


class ProgressSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=5000)


class EvidenceSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    files = serializers.ListField(
        child=serializers.FileField(),
        required=False,
        help_text="Photos, invoices, sign-off sheets; up to 10 MB each. Kept private.",
    )


# --- action items ------------------------------------------------------------------------


def _named(items: list[ActionItem]) -> list[ActionItem]:
    """The items, each with its assignee's name and no more of their account, read once
    for the rows shown. Joined in the list's query, every account was read for each item
    the list looked at before it cut its page (a parent's whole list reads all 17,000 of a
    statewide committee's items: a third of its time), the password hash too."""
    people = get_user_model().objects.only(*NAME_FIELDS)
    prefetch_related_objects(items, Prefetch("assignee", queryset=people))
    return items


class ActionItemViewSet(ReadOnlyViewSet):
    """Action items the reader may see, across their committees (``?committee=`` for one);
    created, assigned and moved along by those the item's page lets do it."""

    serializer_class = ActionItemSerializer
    filterset_class = ActionItemFilter
    filter_backends = [DjangoFilterBackend, OrderingFilter]
    ordering_fields = ["id", "updated_at"]
    ordering = ["id"]

    def get_queryset(self):
        # The assignees are read for the rows shown, once cut (``_named``).
        items = ActionItem.objects.all()
        return access.visible(self.request.user, items, committees=self._committee_asked())

    def _committee_asked(self) -> list[int] | None:
        """One committee's list (``?committee=``) is asked of the gate for that committee,
        as its page's list is: the same rows, read in the cursor's order on the index
        (committee, id) and stopped after a page. Asked for all the caller's work, the
        gate's "or assigned to me" kept PostgreSQL from the index: it read, checked along
        their chains and sorted every item of the committee (17,000 for a parent of the
        benchmark's largest, 0.2 s). The filter still refuses a committee the caller does
        not see; what is not an id is left to it too."""
        try:
            pk = int(self.request.query_params.get("committee", ""))
        except ValueError:
            return None
        return [pk] if 0 < pk < 2**63 else None

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)  # always paged (api_kit.CursorPage)
        access.record_reads(self.request.user, page, "api")
        return _named(page)

    def get_object(self):
        item = super().get_object()
        access.record_reads(self.request.user, [item], "api")
        return _named([item])[0]

    def _acted_on(self, capability: str) -> ActionItem:
        """The item, if the caller may see it (else 404) and do ``capability`` (else 403)."""
        item = self.get_object()
        if not access.can(self.request.user, capability, item):
            raise PermissionDenied
        return item

    def _as_now(self, item: ActionItem, status_code: int = status.HTTP_200_OK) -> Response:
        """The item as the caller now sees it; only its id if they may not (a chair without
        clearance who made a restricted one)."""
        seen = self.get_queryset().filter(pk=item.pk).first()
        body = self.get_serializer(_named([seen])[0]).data if seen is not None else {"id": item.pk}
        headers = {}
        if status_code == status.HTTP_201_CREATED:
            headers["Location"] = reverse("api:action-item-detail", args=[item.pk])
        return Response(body, status=status_code, headers=headers)

    @extend_schema(request=ActionItemNewSerializer, responses={201: ActionItemSerializer})
    def create(self, request):
        """A new action item in a committee, as its chair or an administrator makes one."""
        named = CommitteeNamedSerializer(data=request.data, context={"request": request})
        named.is_valid(raise_exception=True)
        committee = named.validated_data["committee"]
        if not access.can(request.user, Cap.ASSIGN_ACTION_ITEMS, committee):
            raise PermissionDenied
        given = ActionItemNewSerializer(
            data=request.data, context={"request": request, "committee": committee}
        )
        given.is_valid(raise_exception=True)
        with refusals():
            item = services.action_item_create(
                committee=committee, by=request.user, **given.validated_data
            )
        return self._as_now(item, status.HTTP_201_CREATED)

    @extend_schema(request=AssignSerializer, responses=ActionItemSerializer)
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        """Assign or re-assign the item: its committee's chair or an administrator."""
        item = self._acted_on(Cap.ASSIGN_ACTION_ITEMS)
        given = AssignSerializer(data=request.data, context={"item": item})
        given.is_valid(raise_exception=True)
        with refusals():
            item = services.action_item_assign(item=item, by=request.user, **given.validated_data)
        return self._as_now(item)

    @extend_schema(request=TransitionSerializer, responses=ActionItemSerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        """Move the item to another status: its assignee, or those who assign it."""
        item = self._acted_on(access.UPDATE)
        given = TransitionSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        with refusals():
            item = services.action_item_set_status(
                item=item, by=request.user, **given.validated_data
            )
        return self._as_now(item)

    @extend_schema(request=ProgressSerializer, responses=ActionItemSerializer)
    @action(detail=True, methods=["post"])
    def progress(self, request, pk=None):
        """Add a progress note to the item's history: its assignee, or those who assign it."""
        item = self._acted_on(access.UPDATE)
        given = ProgressSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        with refusals():
            services.action_item_add_progress(item=item, by=request.user, **given.validated_data)
        return self._as_now(item)

    @extend_schema(request=EvidenceSerializer, responses=ActionItemSerializer)
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def evidence(self, request, pk=None):
        """Evidence of completion, a note and files (multipart), kept private: its
        assignee, or those who assign it."""
        item = self._acted_on(access.UPDATE)
        given = EvidenceSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        with refusals():
            item = services.action_item_add_evidence(
                item=item, by=request.user, **given.validated_data
            )
        return self._as_now(item)

    @extend_schema(request=None, responses=ActionItemSerializer)
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        """Confirm that a done item is done: its committee's chair or an administrator."""
        item = self._acted_on(Cap.ASSIGN_ACTION_ITEMS)
        with refusals():
            item = services.action_item_verify(item=item, by=request.user)
        return self._as_now(item)


# --- improvement plans and milestones ----------------------------------------------------


class PlanSerializer(serializers.ModelSerializer):
    progress = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="Percent done: the mean of its milestones'."
    )

    class Meta:
        model = ImprovementPlan
        fields = ["id", "committee", "school_year", "title", "progress", "created_at"]


class MilestoneSerializer(serializers.ModelSerializer):
    committee = serializers.IntegerField(source="plan.committee_id", read_only=True)
    progress = serializers.IntegerField(
        read_only=True, help_text="Percent of its action items done, cancelled ones left out."
    )

    class Meta:
        model = Milestone
        fields = [
            "id",
            "plan",
            "committee",
            "title",
            "public_title",
            "category",
            "target_date",
            "visibility",
            "progress",
        ]


class PlanFilter(django_filters.FilterSet):
    committee = django_filters.ModelChoiceFilter(queryset=_committees_seen)

    class Meta:
        model = ImprovementPlan
        fields = ["committee", "school_year"]


def _plans_seen(request):
    return access.visible(request.user, ImprovementPlan.objects.all())


class MilestoneFilter(django_filters.FilterSet):
    committee = django_filters.ModelChoiceFilter(
        field_name="plan__committee", queryset=_committees_seen
    )
    plan = django_filters.ModelChoiceFilter(queryset=_plans_seen)
    category = django_filters.ChoiceFilter(choices=WorkCategory.choices)

    class Meta:
        model = Milestone
        fields = ["plan", "committee", "category"]


class PlanViewSet(ReadOnlyViewSet):
    """The improvement plans of the committees the reader may see, with their progress
    (as the committee's plans page shows them)."""

    serializer_class = PlanSerializer
    filterset_class = PlanFilter

    def get_queryset(self):
        return access.visible(self.request.user, ImprovementPlan.objects.all())

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        percent = plan_progress(plan.pk for plan in page)
        for plan in page:
            plan.progress = percent[plan.pk]
        return page

    def get_object(self):
        plan = super().get_object()
        plan.progress = plan_progress([plan.pk])[plan.pk]
        return plan


class MilestoneViewSet(ReadOnlyViewSet):
    """The milestones the reader may see, with their progress (a plan's timeline)."""

    serializer_class = MilestoneSerializer
    filterset_class = MilestoneFilter

    def get_queryset(self):
        return access.visible(self.request.user, Milestone.objects.select_related("plan"))

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        access.record_reads(self.request.user, page, "api")
        percent = milestone_progress(milestone.pk for milestone in page)
        for milestone in page:
            milestone.progress = percent[milestone.pk]
        return page

    def get_object(self):
        milestone = super().get_object()
        access.record_reads(self.request.user, [milestone], "api")
        milestone.progress = milestone_progress([milestone.pk])[milestone.pk]
        return milestone
