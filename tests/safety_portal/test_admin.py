"""The admin: superusers and district administrators only, each in their district.

Every registered model is classified below, either by the lookup to its district
(district administrators see their district's rows, through the gate) or as a
table only superusers may open. A model that joins the admin without joining
one of the two lists fails ``test_every_model_is_classified``.
"""

import datetime
import re

import pytest
from axes.models import AccessAttempt
from django.contrib import admin
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from guardian.models import GroupObjectPermission, UserObjectPermission

from accounts.models import User
from committees import services
from committees.models import (
    Category,
    Committee,
    CommitteeGroupObjectPermission,
    CommitteeUserObjectPermission,
    Level,
    Membership,
    RepresentationRule,
    SeatProposal,
)
from followups.models import ActionItemGroupObjectPermission, ActionItemUserObjectPermission
from meetings import services as meeting_services
from meetings.models import AgendaTemplateItem, PublicSummary
from notifications import services as outbox
from notifications.models import Kind, Subscription
from tests.admin_site import admin_url
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# The lookup from each district-scoped model to its district.
DISTRICT_OF = {
    "accounts.User": "district",
    "committees.District": "pk",
    "committees.Building": "district",
    "committees.Committee": "district",
    "committees.Membership": "committee__district",
    "committees.MembershipChange": "committee__district",
    "committees.SeatProposal": "membership__committee__district",
    "committees.NamedGrantRecord": "committee__district",
    "committees.RepresentationRule": "district",
    "followups.ActionItem": "committee__district",
    "followups.ActionItemEvent": "item__committee__district",
    "followups.ActionItemAttachment": "item__committee__district",
    "followups.ImprovementPlan": "committee__district",
    "followups.Milestone": "plan__committee__district",
    "meetings.AgendaTemplateItem": "committee__district",
    "meetings.Meeting": "committee__district",
    "meetings.AgendaItem": "meeting__committee__district",
    "meetings.Attendance": "meeting__committee__district",
    "meetings.Guest": "meeting__committee__district",
    "meetings.MinutesSection": "meeting__committee__district",
    "meetings.MinutesSectionRevision": "meeting__committee__district",
    "meetings.Vote": "section__meeting__committee__district",
    "meetings.PublicSummary": "meeting__committee__district",
    "meetings.MeetingChange": "meeting__committee__district",
    "notifications.Notification": "district",
    "notifications.Subscription": "district",
    "audit.AuditEntry": "district",
}
SUPERUSER_ONLY = [
    CommitteeUserObjectPermission,
    CommitteeGroupObjectPermission,
    ActionItemUserObjectPermission,
    ActionItemGroupObjectPermission,
    UserObjectPermission,
    GroupObjectPermission,
    Group,
    AccessAttempt,
]

# What must never show on a page for the administrator of the other district.
# (Bare "Westport" would not do: every meeting's guest comes from Westport's fire department.)
WESTPORT_WORDS = [
    "Westport Public Schools",
    "Westport High School Safety",
    "Cedar Point",
    "District Safety Committee",
    "district.admin",
    "parent.high",
    "-high-7f3a",
    "-middle-7f3a",
    "-district_wide-7f3a",
]
MILLBROOK_WORDS = ["Millbrook", "admin.other", "member.millbrook", "-other_committee-7f3a"]


@pytest.fixture
def both_districts(cast):
    """Rows of every kind in both districts, beyond what the cast has already."""
    # Seats in force at each district's October meeting (the cast's begin today), and
    # attendance recorded for them.
    seats = {}
    for name, username in (("high", "member.westport"), ("other_committee", "member.millbrook")):
        committee = getattr(cast, name)
        seats[name] = services.membership_add(
            committee=committee,
            user=UserFactory(username=username, district=committee.district),
            category=Category.STAFF,
            term_start=datetime.date(2026, 9, 1),
            by=None,
        )
        meeting_services.attendance_record(
            meeting=cast.meetings[name],
            by=None,
            statuses={seats[name].pk: "present"},
            guests=[("Karen Doyle", "Westport Fire Department")],
        )
    for district, word in ((cast.district, "Westport"), (cast.other_district, "Millbrook")):
        RepresentationRule.objects.create(
            district=district, category=Category.POLICE, note=f"{word} rule"
        )
    for name in ("high", "middle", "district_wide", "other_committee"):
        AgendaTemplateItem.objects.create(
            committee=getattr(cast, name), order=1, title=f"TEMPLATE-{name}-7f3a"
        )
    # Published public text of district B: public, yet no row for district A's admin.
    summary = PublicSummary.objects.get(meeting=cast.meetings["other_committee"])
    meeting_services.summary_publish(summary=summary, by=cast.other_admin)
    services.named_grant_add(
        record=cast.items[("other_committee", Level.COMMITTEE)],
        user=seats["other_committee"].user,
        by=None,
    )
    services.named_grant_add(
        record=cast.items[("high", Level.COMMITTEE)], user=seats["high"].user, by=None
    )
    for seat in seats.values():  # a pending proposal to clear each district's new seat
        SeatProposal.objects.create(membership=seat, restricted_clearance=True)
    for district in (cast.district, cast.other_district):
        Subscription.objects.create(
            email=f"family@{district.slug}.example.org", district=district, token=district.slug
        )
    # The outbox: a message for someone of each district.
    outbox.write(
        (seat.user_id, Kind.ITEM_OVERDUE, cast.items[(name, Level.COMMITTEE)], "2026-11-01")
        for name, seat in seats.items()
    )
    return cast


class _Request:
    def __init__(self, user):
        self.user = user


def _scoped(model) -> bool:
    return model._meta.label in DISTRICT_OF


def _in_district(model, district):
    return model._default_manager.filter(**{DISTRICT_OF[model._meta.label]: district.pk})


def _assert_absent(html: str, words: list[str], where) -> None:
    shown = [word for word in words if word in html]
    assert not shown, f"{where} shows {shown}"


# --- who may enter --------------------------------------------------------------------


@pytest.mark.parametrize(
    "role", ["anonymous", "parent", "student", "chair", "principal", "secretary", "outsider"]
)
def test_only_administrators_enter(cast, login, role):
    client = login(None if role == "anonymous" else cast.people[role])
    for url in (reverse("admin:index"), admin_url(Committee), admin_url(Membership, "add")):
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"], url


def test_staff_flag_alone_does_not_open_the_admin(cast, login):
    cast.chair.is_staff = True
    cast.chair.save(update_fields=["is_staff"])
    assert login(cast.chair).get(reverse("admin:index")).status_code == 302


def test_a_former_district_admin_is_refused(cast, login):
    services.district_admin_set(user=cast.district_admin, is_admin=False)
    assert login(cast.district_admin).get(reverse("admin:index")).status_code == 302


@pytest.mark.parametrize("person", ["district_admin", "other_admin", "superuser"])
def test_administrators_enter(cast, login, superuser, person):
    user = superuser if person == "superuser" else cast.people[person]
    assert login(user).get(reverse("admin:index")).status_code == 200


# --- what each sees -------------------------------------------------------------------


def test_every_model_is_classified():
    for model in admin.site._registry:
        assert _scoped(model) or model in SUPERUSER_ONLY, model


@pytest.mark.parametrize("person", ["district_admin", "other_admin"])
def test_a_district_admin_has_exactly_their_districts_rows(both_districts, person):
    cast = both_districts
    user = cast.people[person]
    district = cast.district if person == "district_admin" else cast.other_district
    for model, model_admin in admin.site._registry.items():
        if not _scoped(model):
            continue
        rows = set(model_admin.get_queryset(_Request(user)).values_list("pk", flat=True))
        expected = _in_district(model, district)
        if model is User:
            expected = expected.filter(is_superuser=False)
        assert rows == set(expected.values_list("pk", flat=True)), model
        assert rows, f"no {model.__name__} of {district}: the check would prove nothing"


@pytest.mark.parametrize(
    ("person", "foreign_words"),
    [("district_admin", MILLBROOK_WORDS), ("other_admin", WESTPORT_WORDS)],
)
def test_every_page_a_district_admin_opens_shows_only_their_district(
    both_districts, login, person, foreign_words
):
    cast = both_districts
    user = cast.people[person]
    client = login(user)
    request = _Request(user)
    pages = [reverse("admin:index"), reverse("admin:app_list", args=["committees"])]
    for model, model_admin in admin.site._registry.items():
        if not _scoped(model):
            continue
        pages.append(admin_url(model))
        if model_admin.has_add_permission(request):
            pages.append(admin_url(model, "add"))
        for pk in model_admin.get_queryset(request).values_list("pk", flat=True)[:2]:
            pages += [admin_url(model, "change", pk), admin_url(model, "history", pk)]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        _assert_absent(response.content.decode(), foreign_words, url)


@pytest.mark.parametrize(
    ("person", "foreign", "foreign_words"),
    [
        ("district_admin", "other_district", MILLBROOK_WORDS),
        ("other_admin", "district", WESTPORT_WORDS),
    ],
)
def test_another_districts_objects_are_not_found(
    both_districts, login, person, foreign, foreign_words
):
    cast = both_districts
    client = login(cast.people[person])
    for model in admin.site._registry:
        if not _scoped(model):
            continue
        obj = _in_district(model, getattr(cast, foreign)).first()
        assert obj is not None, model
        # Read-only kinds refuse every delete, whether the object exists or not.
        for view, allowed in (("change", {302}), ("history", {302}), ("delete", {302, 403})):
            response = client.get(admin_url(model, view, obj.pk))
            assert response.status_code in allowed, (model, view)
            if response.status_code == 302:
                assert response["Location"] == reverse("admin:index"), (model, view)
                response = client.get(response["Location"])
            _assert_absent(response.content.decode(), foreign_words, (model, view))


def test_a_superuser_sees_everything(both_districts, login, superuser):
    cast = both_districts
    client = login(superuser)
    committees = client.get(admin_url(Committee)).content.decode()
    assert cast.high.name in committees and cast.other_committee.name in committees
    items = client.get(admin_url(type(cast.items[("high", Level.COMMITTEE)]))).content.decode()
    assert "CANARY-RESTRICTED-high-7f3a" in items
    assert "CANARY-RESTRICTED-other_committee-7f3a" in items
    request = _Request(superuser)
    for model, model_admin in admin.site._registry.items():
        all_rows = model._default_manager.count()
        assert model_admin.get_queryset(request).count() == all_rows, model


def test_every_changelist_and_add_page_loads_for_a_superuser(both_districts, login, superuser):
    client = login(superuser)
    request = _Request(superuser)
    for model, model_admin in admin.site._registry.items():
        assert client.get(admin_url(model)).status_code == 200, model
        if model_admin.has_add_permission(request):
            assert client.get(admin_url(model, "add")).status_code == 200, model
        obj = model._default_manager.first()
        if obj is not None:
            assert client.get(admin_url(model, "change", obj.pk)).status_code == 200, model


def test_permission_tables_are_for_superusers_only(both_districts, login, superuser):
    cast = both_districts
    client = login(cast.district_admin)
    index = client.get(reverse("admin:index")).content.decode()
    assert "object permission" not in index.lower() and "Groups" not in index
    for model in SUPERUSER_ONLY:
        for url in (admin_url(model), admin_url(model, "add")):
            assert client.get(url).status_code == 403, url
    grant = ActionItemUserObjectPermission.objects.first()
    assert (
        client.get(admin_url(ActionItemUserObjectPermission, "change", grant.pk)).status_code == 403
    )
    client = login(superuser)
    for model in SUPERUSER_ONLY:
        assert client.get(admin_url(model)).status_code == 200, model


def test_every_model_is_named_in_good_english_on_the_admin_index():
    """Plurals as people write them ("public summaries", never "public summarys")."""
    for model in admin.site._registry:
        plural = str(model._meta.verbose_name_plural)
        assert not re.search(r"[^aeiou]ys$", plural), plural
    assert PublicSummary._meta.verbose_name_plural == "public summaries"


# --- what each list costs ---------------------------------------------------------------


def _changelist(client, model, model_admin, monkeypatch, per_page: int):
    """The model's list with ``per_page`` rows a page: how many it shows, at what cost."""
    monkeypatch.setattr(model_admin, "list_per_page", per_page)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(admin_url(model))
    assert response.status_code == 200, model
    return len(response.context["cl"].result_list), len(queries)


@pytest.mark.parametrize("person", ["district_admin", "superuser"])
def test_no_list_reads_again_for_each_row_it_shows(
    both_districts, login, superuser, monkeypatch, person
):
    """A list of a hundred rows costs what a list of one does: what each row names
    (its committee, its assignee, who wrote it) comes with the rows."""
    user = superuser if person == "superuser" else both_districts.people[person]
    client = login(user)
    request = _Request(user)
    shown_many = []
    for model, model_admin in admin.site._registry.items():
        if not model_admin.has_view_permission(request):
            continue
        _, one = _changelist(client, model, model_admin, monkeypatch, 1)
        rows, many = _changelist(client, model, model_admin, monkeypatch, 100)
        assert many == one, f"{model.__name__}: {one} queries for 1 row, {many} for {rows}"
        if rows > 1:
            shown_many.append(model)
    # The check proves something only where a list shows several rows.
    assert len(shown_many) >= 20, shown_many


@pytest.mark.parametrize(
    "model_label",
    ["audit.auditentry", "notifications.notification", "followups.actionitem"],
)
def test_a_list_offers_no_counts_by_filter_choice(both_districts, login, model_label):
    """Django's "Show counts" counted the district's whole table once for each choice of
    each filter (600 ms for a trail of a million entries): it is not offered, and asking
    for it by address counts nothing more."""
    client = login(both_districts.district_admin)
    app_label, model_name = model_label.split(".")
    url = reverse(f"admin:{app_label}_{model_name}_changelist")
    with CaptureQueriesContext(connection) as plain:
        page = client.get(url).content.decode()
    with CaptureQueriesContext(connection) as asked:
        assert client.get(url, {"_facets": "True"}).status_code == 200
    assert "Show counts" not in page and "_facets" not in page
    assert len(asked) == len(plain)
