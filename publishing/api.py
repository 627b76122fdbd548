"""The API's public updates (safety_portal/api_urls.py mounts them under /api/v1/).

**The public part, without a token** (``/api/v1/public/...``): what the public pages
show, per district and per school, read through the same selectors
(``publishing.selectors``, asked of the gate as an anonymous reader): published updates
with their published translations, announced meetings, published summaries, progress by
category and the public figures. Whoever calls gets the public answer: a token or a
session changes how the call is counted and kept, never what it says; a token is not
read at all (the call is the anonymous'). The anonymous are counted by their address
(``api_kit.PerAddress``).

Cached as the public pages are (committees/public_cache.py): each view is ``@cached``, so
``PublicPageCacheMiddleware`` answers an anonymous reader from Redis, keyed by the
district's version, which publishing, correcting or withdrawing anything public moves
on. Browsers and proxies get ``public, no-cache`` and an ``ETag``: a proxy keeps the
answer but asks again before each use (a 304, no body), so that a withdrawn update is
gone from it at once.

**The draft** (``POST /api/v1/updates/``): a signed-in person with the right to draft
on the committee writes a draft through ``services.update_save``, as the page does;
publishing stays on the pages, by a second person (four eyes). The redaction guard's
verdict comes back per field, without the phrase it found (the author's words that
match confidential text, or a district's forbidden term, are not repeated).
"""

import re
from zoneinfo import ZoneInfo

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import exceptions, generics, serializers, status, viewsets
from rest_framework.authentication import SessionAuthentication
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from committees import access, public_cache
from committees.access import Cap
from committees.models import Building, Committee
from committees.selectors import public_district
from meetings.models import Meeting
from meetings.selectors import public_meeting
from publishing import selectors, services
from publishing.models import PublicUpdate
from safety_portal.api_kit import PerAddress, PerCaller, refusals, tagged

# --- what the public reads -----------------------------------------------------------


class TranslationSerializer(serializers.Serializer):
    language = serializers.CharField()
    title = serializers.CharField()
    body = serializers.CharField()


class PublicUpdateSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    committee = serializers.CharField(source="committee.name")
    school = serializers.SerializerMethodField(help_text="The school's slug; null: district-wide.")
    title = serializers.CharField()
    body = serializers.CharField()
    first_published_at = serializers.DateTimeField()
    corrected_at = serializers.DateTimeField(allow_null=True)
    translations = TranslationSerializer(many=True, help_text="Published translations.")
    page = serializers.SerializerMethodField(help_text="The update's public page.")

    def get_school(self, update) -> str | None:
        building = update.committee.building
        return building.slug if building else None

    def get_page(self, update) -> str:
        slug = self.context["district"].slug
        return self.context["request"].build_absolute_uri(
            reverse("public:update", args=[slug, update.pk])
        )


def _notice_of(meeting):
    """The meeting's notice as the public pages tell it: only once published."""
    notice = getattr(meeting, "notice", None)  # select_related: no query
    return notice if notice is not None and notice.published_at else None


class NoticeSerializer(serializers.Serializer):
    """An announced meeting: its notice's own words, the meeting's time and whether it
    was cancelled (never the meeting's committee-facing title or room)."""

    meeting = serializers.IntegerField(source="meeting_id")
    committee = serializers.CharField(source="meeting.committee.name")
    school = serializers.SerializerMethodField()
    title = serializers.CharField()
    place = serializers.CharField()
    purpose = serializers.CharField()
    starts_at = serializers.DateTimeField(source="meeting.starts_at")
    cancelled = serializers.SerializerMethodField()

    def get_school(self, notice) -> str | None:
        building = notice.meeting.committee.building
        return building.slug if building else None

    def get_cancelled(self, notice) -> bool:
        return notice.meeting.status == Meeting.Status.CANCELLED


class VoteRecordSerializer(serializers.Serializer):
    motion = serializers.CharField()
    result = serializers.CharField()
    yes = serializers.IntegerField()
    no = serializers.IntegerField()
    abstain = serializers.IntegerField()


class ExecutiveRecordSerializer(serializers.Serializer):
    """An executive session's public record, fixed when its summary was published."""

    purpose = serializers.CharField(allow_blank=True, default="")
    votes = VoteRecordSerializer(many=True, default=list)


class SummarySerializer(serializers.Serializer):
    meeting = serializers.IntegerField(source="meeting_id")
    committee = serializers.CharField(source="meeting.committee.name")
    school = serializers.SerializerMethodField()
    title = serializers.SerializerMethodField(help_text="The notice's title, if announced.")
    starts_at = serializers.DateTimeField(source="meeting.starts_at")
    text = serializers.CharField()
    published_at = serializers.DateTimeField()
    corrected_at = serializers.DateTimeField(allow_null=True)
    executive_record = serializers.SerializerMethodField()

    def get_school(self, summary) -> str | None:
        building = summary.meeting.committee.building
        return building.slug if building else None

    def get_title(self, summary) -> str | None:
        notice = _notice_of(summary.meeting)
        return notice.title if notice else None

    @extend_schema_field(ExecutiveRecordSerializer(allow_null=True))
    def get_executive_record(self, summary):
        """What the meeting page shows of an executive session (purpose, votes), or null."""
        record = summary.record or {}
        if not record:
            return None
        votes = [
            {key: vote.get(key) for key in ("motion", "result", "yes", "no", "abstain")}
            for vote in record.get("votes", [])
        ]
        return {"purpose": record.get("purpose", ""), "votes": votes}


class PublicMeetingSerializer(serializers.Serializer):
    """One meeting as its public page tells it: its notice, its summary, or both."""

    id = serializers.IntegerField(source="meeting.pk")
    committee = serializers.CharField(source="meeting.committee.name")
    school = serializers.SerializerMethodField()
    starts_at = serializers.DateTimeField(source="meeting.starts_at")
    cancelled = serializers.SerializerMethodField()
    executive_session = serializers.SerializerMethodField()
    notice = NoticeSerializer(allow_null=True)
    summary = SummarySerializer(allow_null=True)

    def get_school(self, record) -> str | None:
        building = record.meeting.committee.building
        return building.slug if building else None

    def get_cancelled(self, record) -> bool:
        return record.meeting.status == Meeting.Status.CANCELLED

    def get_executive_session(self, record) -> bool:
        """Said as the page says it: in the heading of an unannounced executive session,
        or by the public record its summary carries."""
        unannounced = record.notice is None and record.meeting.kind == Meeting.Kind.EXECUTIVE
        return unannounced or bool(record.summary and record.summary.record)


class PublicCommitteeSerializer(serializers.Serializer):
    name = serializers.CharField()
    purpose = serializers.CharField()
    school = serializers.CharField(source="building.slug", allow_null=True, default=None)


class PublicSchoolListSerializer(serializers.Serializer):
    name = serializers.CharField()
    slug = serializers.CharField()
    level = serializers.CharField()


class PublicDistrictSerializer(serializers.Serializer):
    name = serializers.CharField(source="district.name")
    slug = serializers.CharField(source="district.slug")
    emergency_number = serializers.CharField(source="district.emergency_number")
    tip_line = serializers.CharField(source="district.tip_line")
    safety_office_contact = serializers.CharField(source="district.safety_office_contact")
    committees = PublicCommitteeSerializer(many=True)
    schools = PublicSchoolListSerializer(many=True, source="buildings")
    upcoming_meetings = NoticeSerializer(many=True, source="upcoming")
    summaries = SummarySerializer(many=True)
    sections = serializers.DictField(
        child=serializers.JSONField(),
        help_text="What features add to the page, by name (procedures: public title and "
        "last review).",
    )
    updates = serializers.URLField(help_text="The district's published updates, by page.")


class MilestoneProgressSerializer(serializers.Serializer):
    title = serializers.CharField()
    percent = serializers.IntegerField()


class CategoryProgressSerializer(serializers.Serializer):
    category = serializers.CharField(source="label")
    percent = serializers.IntegerField()
    milestones = serializers.SerializerMethodField(help_text="Their public titles only.")

    @extend_schema_field(MilestoneProgressSerializer(many=True))
    def get_milestones(self, category):
        return [{"title": title, "percent": percent} for title, percent in category.milestones]


class PublicSchoolSerializer(serializers.Serializer):
    name = serializers.CharField(source="building.name")
    slug = serializers.CharField(source="building.slug")
    level = serializers.CharField(source="building.level")
    district = serializers.CharField(source="building.district.slug")
    school_year = serializers.CharField()
    progress = CategoryProgressSerializer(many=True)
    completed_items = serializers.IntegerField(
        allow_null=True, help_text="Null when fewer than completed_fewer_than."
    )
    completed_fewer_than = serializers.IntegerField(allow_null=True)
    figures = serializers.DictField(
        child=serializers.JSONField(allow_null=True),
        help_text="What features count for the school, by name (drills: held of those "
        "required so far).",
    )
    upcoming_meetings = NoticeSerializer(many=True, source="upcoming")
    summaries = SummarySerializer(many=True)
    updates = serializers.URLField(help_text="The school's published updates, by page.")


# --- how the public part answers -------------------------------------------------------


class PublicPage(PageNumberPagination):
    """Pages numbered as the public pages number them (``?page=N``, 20 a page), so that
    each is kept by the public cache, which stores no other query string."""

    page_size = selectors.UPDATES_PER_PAGE


class PublicView(generics.GenericAPIView):
    """The same answer for every caller, kept by the public page cache; the anonymous
    counted by address."""

    # A token is not read: the answer is the same for all, and the page cache answers
    # a call without a session cookie before any credential could be checked. A session
    # is, so that a signed-in person's answer is kept private as their public pages are.
    authentication_classes = [SessionAuthentication]
    permission_classes = [AllowAny]
    throttle_classes = [PerCaller, PerAddress]
    pagination_class = None

    def answer(self, district, data) -> Response:
        """``data`` serialized in the district's time zone, as its pages show times."""
        with timezone.override(ZoneInfo(district.time_zone)):
            return Response(self.get_serializer(data).data)

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "district": getattr(self, "district", None)}

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        # As stored by PublicPageCacheMiddleware; a signed-in caller's is made private
        # by PrivatePagesMiddleware, as their public pages are.
        patch_cache_control(response, public=True, no_cache=True)
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            response.add_post_render_callback(lambda rendered: tagged(request, rendered))
        return response


def _school(district: str, building: str) -> Building:
    return get_object_or_404(
        Building.objects.select_related("district"), district__slug=district, slug=building
    )


def _sections(parts) -> dict:
    return {hook.name: hook.api(data) for hook, data in parts if hook.api is not None}


class PublicDistrictView(PublicView):
    """A district's public page: committees, schools, announced meetings, recent
    summaries, the procedures' public index; its updates are a list of their own."""

    serializer_class = PublicDistrictSerializer

    def get(self, request, district):
        self.district = district = public_district(district)
        content = selectors.district_content(district)
        content["sections"] = _sections(content.pop("sections"))
        content["updates"] = request.build_absolute_uri(
            reverse("api:public-district-updates", args=[district.slug])
        )
        return self.answer(district, {"district": district, **content})


class PublicSchoolView(PublicView):
    """A school's public page: progress by category, items completed, the features'
    figures, announced meetings and recent summaries; its updates are a list of their own."""

    serializer_class = PublicSchoolSerializer

    def get(self, request, district, building):
        building = _school(district, building)
        self.district = district = building.district
        content = selectors.school_content(building)
        hidden = content["completed_hidden"]
        content["completed_items"] = None if hidden else content["completed"]
        content["completed_fewer_than"] = content["threshold"] if hidden else None
        content["figures"] = {
            hook.name: hook.api(data, content["threshold"])
            for hook, data in content["figures"]
            if hook.api is not None
        }
        content["updates"] = request.build_absolute_uri(
            reverse("api:public-school-updates", args=[district.slug, building.slug])
        )
        return self.answer(district, {"building": building, **content})


class PublicUpdateListView(PublicView, generics.ListAPIView):
    """Published updates, newest first: the district's, or one school's."""

    serializer_class = PublicUpdateSerializer
    pagination_class = PublicPage

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema's look at the view
            return PublicUpdate.objects.none()
        building = self.kwargs.get("building")
        if building is not None:
            building = _school(self.kwargs["district"], building)
            self.district = building.district
        else:
            self.district = public_district(self.kwargs["district"])
        return selectors.public_updates(self.district, building=building)

    def list(self, request, *args, **kwargs):
        updates = self.get_queryset()
        with timezone.override(ZoneInfo(self.district.time_zone)):
            page = self.paginate_queryset(updates)
            return self.get_paginated_response(self.get_serializer(page, many=True).data)


class PublicUpdateView(PublicView):
    """One published update, with its published translations."""

    serializer_class = PublicUpdateSerializer

    def get(self, request, district, pk):
        self.district = district = public_district(district)
        update = selectors.public_updates(district).filter(pk=pk).first()
        if update is None:
            raise exceptions.NotFound()
        return self.answer(district, update)


class PublicMeetingView(PublicView):
    """One meeting the public may know of: announced, or with a published summary."""

    serializer_class = PublicMeetingSerializer

    def get(self, request, district, pk):
        self.district = district = public_district(district)
        return self.answer(district, public_meeting(district, pk))


# The views as the URLs mount them: kept by the public page cache for the anonymous.
public_district_view = public_cache.cached(PublicDistrictView.as_view())
public_school_view = public_cache.cached(PublicSchoolView.as_view())
public_updates_view = public_cache.cached(PublicUpdateListView.as_view())
public_update_view = public_cache.cached(PublicUpdateView.as_view())
public_meeting_view = public_cache.cached(PublicMeetingView.as_view())


# --- the draft ---------------------------------------------------------------------------


@extend_schema_field(OpenApiTypes.INT)
class _DraftableCommittee(serializers.PrimaryKeyRelatedField):
    """A committee the caller may see: any other id, whether it exists or not, gets the
    same "does not exist"."""

    def get_queryset(self):
        return access.visible(self.context["request"].user, Committee.objects.all())


class DraftSerializer(serializers.Serializer):
    committee = _DraftableCommittee()
    title = serializers.CharField(max_length=200)
    body = serializers.CharField()


class DraftAnswerSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    committee = serializers.IntegerField(source="committee_id")
    title = serializers.CharField()
    body = serializers.CharField()
    state = serializers.CharField()
    publishable = serializers.BooleanField(
        help_text="False while the redaction guard finds something to rewrite."
    )
    guard = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="The guard's messages by field (title, body); never the phrase found.",
    )
    page = serializers.URLField(help_text="The draft's page, where a second person publishes.")


GUARD_MESSAGES = {
    "overlap": "It repeats words of the committee's confidential records: rewrite it in "
    "words of its own before it can be published.",
    "forbidden term": "It holds a term the district keeps private: rewrite it before it "
    "can be published.",
}
_WORD = re.compile(r"[^\W_]+", re.UNICODE)  # as the guard reads words (committees/redaction.py)


def _folded(text: str) -> list[str]:
    return [word.casefold() for word in _WORD.findall(text)]


def _contains(words: list[str], phrase: list[str]) -> bool:
    return any(words[i : i + len(phrase)] == phrase for i in range(len(words) - len(phrase) + 1))


def guard_messages(findings, *, title: str) -> dict[str, list[str]]:
    """The guard's findings as messages by field: the title's, or else the body's.
    Each says what kind of text to rewrite, never the phrase (ACCESS.md: error messages
    quote no restricted text)."""
    messages: dict[str, list[str]] = {}
    title_words = _folded(title)
    for finding in findings:
        phrase = _folded(finding.phrase)
        field = "title" if phrase and _contains(title_words, phrase) else "body"
        message = GUARD_MESSAGES[finding.kind]
        if message not in messages.setdefault(field, []):
            messages[field].append(message)
    return messages


class UpdateDraftViewSet(viewsets.GenericViewSet):
    """Draft a public update: for those who may draft on the committee, as on its page.
    Publication stays on the pages, by someone else with publish rights (four eyes)."""

    serializer_class = DraftSerializer
    throttle_classes = [PerCaller, PerAddress]

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        patch_cache_control(response, private=True, no_store=True)
        return response

    @extend_schema(request=DraftSerializer, responses={201: DraftAnswerSerializer})
    def create(self, request):
        form = self.get_serializer(data=request.data)
        form.is_valid(raise_exception=True)
        committee = form.validated_data["committee"]
        if not access.can(request.user, Cap.DRAFT_PUBLIC_UPDATE, committee):
            raise exceptions.PermissionDenied("You may not draft this committee's updates.")
        with refusals():
            update, findings = services.update_save(
                committee=committee,
                title=form.validated_data["title"],
                body=form.validated_data["body"],
                by=request.user,
            )
        answer = {
            "id": update.pk,
            "committee_id": committee.pk,
            "title": update.title,
            "body": update.body,
            "state": update.state,
            "publishable": not findings,
            "guard": guard_messages(findings, title=update.title),
            "page": request.build_absolute_uri(reverse("publishing:update", args=[update.pk])),
        }
        return Response(DraftAnswerSerializer(answer).data, status=status.HTTP_201_CREATED)
