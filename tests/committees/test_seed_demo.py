"""The demo: the cast the README promises, realistic records, and idempotent."""

import datetime
import json
import re
from io import StringIO

import pytest
from django.apps import apps
from django.core import serializers
from django.core.management import CommandError, call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse

from accounts.models import User
from committees import access, demo, services
from committees.models import (
    Building,
    Category,
    Committee,
    District,
    Level,
    Membership,
    Position,
    RepresentationRule,
    SeatProposal,
)
from committees.selectors import committee_page
from followups.models import ActionItem
from notifications.models import Notification
from tests.factories import ActionItemFactory, DistrictFactory, UserFactory
from tests.helpers import manage

pytestmark = pytest.mark.django_db

REQUIRED = [
    "district.admin",
    "principal.high",
    "chair.high",
    "secretary.high",
    "staff.high",
    "counselor.high",
    "officer.high",
    "parent.high",
    "student.high",
    "parent.middle",
    "admin.other",
]

# username: (building slug or "district", category, position, restricted clearance)
SEATS = {
    "principal.high": ("westport-high", Category.ADMINISTRATOR, Position.MEMBER, True),
    "chair.high": ("westport-high", Category.STAFF, Position.CHAIR, True),
    "secretary.high": ("westport-high", Category.TEACHER, Position.SECRETARY, True),
    "staff.high": ("westport-high", Category.STAFF, Position.MEMBER, False),
    "counselor.high": ("westport-high", Category.MENTAL_HEALTH, Position.MEMBER, True),
    "officer.high": ("westport-high", Category.POLICE, Position.MEMBER, True),
    "parent.high": ("westport-high", Category.FAMILY, Position.MEMBER, False),
    "student.high": ("westport-high", Category.STUDENT, Position.MEMBER, False),
    "parent.middle": ("cedar-point", Category.FAMILY, Position.MEMBER, False),
    "district.admin": ("district", Category.ADMINISTRATOR, Position.CHAIR, True),
}


@pytest.fixture(autouse=True)
def _debug_on(settings):
    """The demo runs with DEBUG on, as `make demo` runs it (pytest turns DEBUG off)."""
    settings.DEBUG = True


def test_seed_demo_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="refuses to run with DEBUG off"):
        _seed()
    assert not User.objects.exists()


def test_seed_demo_exits_with_a_clear_error_on_a_production_like_site():
    result = manage(
        "seed_demo",
        env={"DEBUG": "false", "SECRET_KEY": "s" * 50, "ALLOWED_HOSTS": "safety.example.org"},
    )
    assert result.returncode == 1
    assert "seed_demo refuses to run with DEBUG off" in result.stderr
    assert "Demo district ready" not in result.stdout


def _seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def _models():
    return [
        model
        for app in (
            "accounts",
            "committees",
            "meetings",
            "followups",
            "publishing",
            "procedures",
            "guardian",
            "auth",
        )
        for model in apps.get_app_config(app).get_models()
    ]


def _rows() -> list:
    """Every row of the demo's models, in a stable order."""
    return [obj for model in _models() for obj in model._default_manager.order_by("pk")]


def _snapshot() -> tuple[dict, str]:
    """Row counts per model, and every row's content."""
    counts = {model._meta.label: model._default_manager.count() for model in _models()}
    return counts, serializers.serialize("json", _rows())


def _files(settings) -> list[str]:
    from pathlib import Path

    root = Path(settings.STORAGES["default"]["OPTIONS"]["location"])
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


@pytest.fixture
def demo_people():
    _seed()
    return {u.username: u for u in User.objects.select_related("district")}


def _items(user):
    return access.visible(user, ActionItem.objects.all())


def _committee(slug: str) -> Committee:
    if slug == "district":
        return Committee.objects.get(district__slug="westport", building__isnull=True)
    return Committee.objects.get(building__slug=slug)


# --- the command ------------------------------------------------------------------------


def test_the_command_prints_every_demo_sign_in_required_ones_first():
    output = _seed()
    assert f"password for all: {demo.DEFAULT_PASSWORD}" in output
    positions = [output.index(f"  {username} ") for username in REQUIRED]
    assert positions == sorted(positions), "the required sign-ins, in the issue's order"
    extras_at = output.index("Extras")
    assert positions[-1] < extras_at
    for username in ("chair.middle", "principal.middle", "chair.elementary", "fire.marshal"):
        assert output.index(f"  {username} ") > extras_at
    # Every person the demo creates can sign in, and is listed with a description (its
    # integration's service account signs in nowhere: tests/accounts/test_demo.py).
    for user in User.objects.filter(is_service_account=False):
        line = next(line for line in output.splitlines() if line.startswith(f"  {user.username} "))
        assert user.first_name in line and user.last_name in line


def test_the_sign_ins_seed_returns_match_the_people_it_creates():
    cast = demo.seed(password="x")
    assert [username for username, _ in cast][: len(REQUIRED)] == REQUIRED
    assert {username for username, _ in cast} == set(
        User.objects.values_list("username", flat=True)
    )
    assert all(description.strip() for _, description in cast)
    parent = dict(cast)["parent.high"]
    assert parent.startswith("Jennifer Hughes, parent member at Westport High")


def test_a_second_run_changes_nothing(settings, monkeypatch):
    first = _seed()
    counts, rows = _snapshot()
    files = _files(settings)
    assert counts["followups.ActionItem"] > 0 and counts["accounts.User"] > 0
    # Another password on the second run: passwords are set only when a person is created.
    monkeypatch.setenv("DEMO_PASSWORD", "a-different-password")
    second = _seed()
    after_counts, after_rows = _snapshot()
    assert after_counts == counts
    assert after_rows == rows
    assert _files(settings) == files
    # The integration's token is made, and its key printed, once only.
    assert "export SAFETY_PORTAL_TOKEN=" in first and "export SAFETY_PORTAL_TOKEN=" not in second
    assert _before_the_token(second.replace("a-different-password", demo.DEFAULT_PASSWORD)) == (
        _before_the_token(first)
    )
    assert User.objects.get(username="parent.high").check_password(demo.DEFAULT_PASSWORD)


def _before_the_token(output: str) -> str:
    return output.split("Open http://127.0.0.1:8000/ and sign in.")[0]


# Random values a person never reads: a salted password hash or a URL-safe token can
# spell "foo" by chance (about one run in twelve for the demo's cast).
RANDOM_FIELDS = {"password", "token", "token_key", "digest"}


def _prose() -> str:
    """Every row's content but its random secrets."""
    records = serializers.serialize("python", _rows())
    for record in records:
        for name in RANDOM_FIELDS:
            record["fields"].pop(name, None)
    return json.dumps(records, cls=DjangoJSONEncoder)


def test_nothing_reads_like_placeholder_text(demo_people):
    rows = _prose()
    for placeholder in ("lorem", "ipsum", "foo", "test item"):
        assert placeholder not in rows.lower(), placeholder
    # A word of its own: Spanish and Portuguese say "todos".
    assert not re.search(r"\bTODO\b", rows)


# --- the cast ---------------------------------------------------------------------------


def test_each_required_person_exists_with_the_stated_role(demo_people):
    westport = District.objects.get(slug="westport")
    for username in REQUIRED:
        person = demo_people[username]
        assert person.first_name and person.last_name and person.title, username
        assert person.organization, username
        if username != "admin.other":
            assert person.district == westport, username
            assert person.email == f"{username}@westportps.example.org"
    for username, (slug, category, position, cleared) in SEATS.items():
        seat = Membership.objects.get(
            committee=_committee(slug), user=demo_people[username], ended_at__isnull=True
        )
        assert (seat.category, seat.position, seat.restricted_clearance) == (
            category,
            position,
            cleared,
        ), username
    assert demo_people["district.admin"].is_district_admin
    assert demo_people["district.admin"].title == "Director of School Safety and Security"
    high = Building.objects.get(slug="westport-high")
    assert list(high.administrators.all()) == [demo_people["principal.high"]]
    assert demo_people["officer.high"].title == "School Resource Officer"
    assert demo_people["officer.high"].organization == "Westport Police Department"
    assert demo_people["student.high"].title == "Grade 11 class representative"
    assert not demo_people["staff.high"].is_district_admin

    other = demo_people["admin.other"]
    assert other.is_district_admin and other.district.slug == "millbrook"


def test_capabilities_follow_the_seats(demo_people):
    high = _committee("westport-high")
    can = access.can
    for username in ("counselor.high", "officer.high", "chair.high", "secretary.high"):
        assert can(demo_people[username], access.Cap.VIEW_RESTRICTED, high), username
    for username in ("staff.high", "parent.high", "student.high"):
        assert can(demo_people[username], access.Cap.VIEW, high), username
        assert not can(demo_people[username], access.Cap.VIEW_RESTRICTED, high), username
    for username in ("principal.high", "chair.high", "district.admin"):
        assert can(demo_people[username], access.Cap.MANAGE_MEMBERSHIP, high), username
    assert can(demo_people["secretary.high"], access.Cap.RECORD_MEETINGS, high)
    assert not can(demo_people["secretary.high"], access.Cap.MANAGE_MEMBERSHIP, high)
    assert not can(demo_people["parent.middle"], access.Cap.VIEW, high)
    assert can(demo_people["parent.middle"], access.Cap.VIEW, _committee("cedar-point"))
    for username in ("admin.other", "fire.marshal", "facilities.director"):
        assert not can(demo_people[username], access.Cap.VIEW, high), username


def test_each_person_sees_what_the_readme_says(demo_people):
    restricted = ActionItem.objects.filter(visibility=Level.RESTRICTED)
    high = _committee("westport-high")
    high_restricted = restricted.filter(committee=high)
    assert high_restricted.count() >= 3
    for username in ("parent.high", "student.high", "parent.middle", "staff.high"):
        assert not _items(demo_people[username]).filter(visibility=Level.RESTRICTED).exists(), (
            username
        )
    for username in ("counselor.high", "officer.high", "chair.high", "principal.high"):
        seen = set(_items(demo_people[username]))
        assert set(high_restricted) <= seen, username
        assert all(access.can(demo_people[username], access.VIEW, i) for i in high_restricted)
    for item in high_restricted:
        assert not access.can(demo_people["staff.high"], access.VIEW, item)
        assert not access.can(demo_people["parent.high"], access.VIEW, item)
    # Parent and staff members still see the committee's committee-level work.
    committee_level = ActionItem.objects.filter(committee=high, visibility=Level.COMMITTEE)
    for username in ("parent.high", "staff.high", "student.high"):
        assert set(committee_level) <= set(_items(demo_people[username])), username

    westport_items = ActionItem.objects.filter(committee__district__slug="westport")
    millbrook_items = ActionItem.objects.filter(committee__district__slug="millbrook")
    assert set(_items(demo_people["district.admin"])) == set(westport_items)
    assert set(_items(demo_people["admin.other"])) == set(millbrook_items)
    assert not _items(demo_people["admin.other"]).filter(committee__district__slug="westport")
    assert not access.visible(
        demo_people["admin.other"], Committee.objects.filter(district__slug="westport")
    ).exists()
    assert not access.visible(
        demo_people["admin.other"], Membership.objects.filter(committee__district__slug="westport")
    ).exists()
    for item in westport_items:
        assert not access.can(demo_people["admin.other"], access.VIEW, item)


def test_the_fire_marshal_sees_exactly_his_one_granted_item(demo_people):
    marshal = demo_people["fire.marshal"]
    assert not Membership.objects.filter(user=marshal).exists()
    assert not ActionItem.objects.filter(assignee=marshal).exists()
    seen = list(_items(marshal))
    assert len(seen) == 1
    item = seen[0]
    assert item.visibility == Level.RESTRICTED
    assert item.committee == _committee("westport-high")
    assert "fire alarm panel" in item.title.lower()
    assert list(services.named_grants_of(item)) == [marshal]
    assert access.can(marshal, access.VIEW, item)
    assert not access.visible(marshal, Committee.objects.all()).exists()


def test_the_facilities_director_sits_nowhere_and_sees_only_his_items(demo_people):
    director = demo_people["facilities.director"]
    assert not Membership.objects.filter(user=director).exists()
    assigned = ActionItem.objects.filter(assignee=director)
    assert assigned.filter(visibility=Level.RESTRICTED).exists()
    assert set(_items(director)) == set(assigned)


# --- committees, seats and rules ----------------------------------------------------------


def test_westport_has_three_schools_a_district_committee_and_a_second_district(demo_people):
    westport = District.objects.get(slug="westport")
    assert (westport.name, westport.state) == ("Westport Public Schools", "CT")
    levels = set(westport.buildings.values_list("level", flat=True))
    assert levels == {Building.Level.ELEMENTARY, Building.Level.MIDDLE, Building.Level.HIGH}
    for building in westport.buildings.all():
        assert Committee.objects.filter(building=building).exists(), building
    district_wide = _committee("district")
    assert district_wide.name == "District Safety Committee"
    members = Membership.objects.filter(committee=district_wide).select_related("user")
    organizations = {m.user.organization for m in members}
    assert {"Westport Police Department", "Westport Fire Department"} <= organizations
    assert any("EMS" in org for org in organizations)
    titles = {m.user.title for m in members}
    assert "Deputy Fire Marshal" in titles
    assert any(title.startswith("Lieutenant") for title in titles)
    chair = members.get(position=Position.CHAIR).user
    assert chair == demo_people["district.admin"]
    for username in ("principal.high", "principal.middle", "principal.elementary"):
        assert members.filter(user__username=username).exists(), username
    assert members.filter(category=Category.MENTAL_HEALTH).exists()
    assert members.filter(category=Category.FAMILY, user__organization__contains="PTA").exists()

    millbrook = District.objects.get(slug="millbrook")
    assert (millbrook.name, millbrook.state) == ("Millbrook Regional School District", "MA")
    assert list(millbrook.buildings.values_list("level", flat=True)) == [Building.Level.HIGH]
    committee = Committee.objects.get(district=millbrook)
    assert committee.memberships.count() >= 2
    assert ActionItem.objects.filter(committee=committee).count() >= 2
    # Massachusetts: the plans are made with the police and fire chiefs, who hold its seats.
    chiefs = {m.user.title: m.category for m in committee.memberships.select_related("user")}
    assert chiefs["Chief of Police"] == Category.POLICE
    assert chiefs["Fire Chief"] == Category.FIRE
    page = committee_page(demo_people["admin.other"], committee)
    seats = {seat.label: seat.state for seat in page.seats}
    assert seats["Police officer"] == seats["Firefighter"] == "filled"


def test_every_category_sits_somewhere_and_a_required_seat_is_empty(demo_people):
    westport = District.objects.get(slug="westport")
    seated = set(
        Membership.objects.filter(committee__district=westport).values_list("category", flat=True)
    )
    assert seated == set(Category.values)
    elementary = _committee("harbor-view")
    page = committee_page(demo_people["chair.elementary"], elementary)
    empty = [seat.category for seat in page.seats if seat.state == "empty"]
    assert empty == [Category.MENTAL_HEALTH]
    for slug in ("westport-high", "cedar-point", "district"):
        page = committee_page(demo_people["district.admin"], _committee(slug))
        assert not [seat for seat in page.seats if seat.state == "empty"], slug
    middle = _committee("cedar-point")
    ending = [
        s for s in committee_page(demo_people["chair.middle"], middle).seats if s.state == "ending"
    ]
    assert ending, "a term ending within 30 days"
    today = access.district_today(westport)
    soon = Membership.objects.get(committee=middle, term_end__isnull=False)
    assert today <= soon.term_end <= today + datetime.timedelta(days=30)


def test_representation_rules_cite_their_reason(demo_people):
    westport = District.objects.get(slug="westport")
    rules = RepresentationRule.objects.filter(district=westport)
    assert all(rule.note for rule in rules)
    building = {r.category: r for r in rules if r.applies_to in ("building", "all")}
    for category in (
        Category.POLICE,
        Category.FIRE,
        Category.TEACHER,
        Category.ADMINISTRATOR,
        Category.MENTAL_HEALTH,
        Category.FAMILY,
    ):
        assert "10-222m" in building[category].note, category
    # A local police officer, and a local first responder: a firefighter or an EMT.
    assert building[Category.POLICE].categories == [Category.POLICE]
    assert building[Category.FIRE].categories == [Category.FIRE, Category.EMS]
    assert building[Category.FIRE].label == "Firefighter or EMT or paramedic"
    # A teacher's seat: the head custodian (other staff) does not fill it.
    assert building[Category.TEACHER].categories == [Category.TEACHER]
    assert Category.STAFF not in building
    student = rules.get(category=Category.STUDENT)
    assert student.applies(_committee("westport-high"))
    assert not student.applies(_committee("cedar-point"))


def test_the_audit_trail_shows_who_made_the_demo(demo_people, client):
    """The trail fills as the demo's services run, each change under the person who made it."""
    admin, marshal = demo_people["district.admin"], demo_people["fire.marshal"]
    client.force_login(admin)
    url = reverse("audit:trail")
    page = client.get(url, {"person": demo_people["chair.high"].pk}).content.decode()
    assert "Linda Marsh" in page and "Nothing on record matches." not in page
    disclosures = client.get(url, {"kind": "disclosure"}).content.decode()
    assert f"Shared by name to {marshal.display_name}" in disclosures
    assert "Copy given" in disclosures
    reads = client.get(url, {"person": marshal.pk, "kind": "read"}).content.decode()
    assert "Read (page)" in reads and "fire alarm panel" in reads.lower()
    # Millbrook's administrator reads Millbrook's trail, none of Westport's.
    client.force_login(demo_people["admin.other"])
    assert "Linda Marsh" not in client.get(url).content.decode()


def test_the_chairs_proposal_to_clear_the_head_custodian_awaits_the_principal(demo_people):
    [proposal] = SeatProposal.objects.all()
    assert proposal.outcome == SeatProposal.Outcome.PENDING
    assert proposal.proposed_by == demo_people["chair.high"]
    assert proposal.membership.user == demo_people["staff.high"]
    assert proposal.restricted_clearance is True
    assert not proposal.membership.restricted_clearance  # not until the principal confirms
    assert services.is_administrator(demo_people["principal.high"], proposal.membership.committee)


def test_the_seed_reminds_only_its_own_districts(settings):
    """A database may hold other districts (a statewide benchmark's): the seed's scan
    writes nothing for them, so its cost does not follow theirs."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    elsewhere = DistrictFactory()
    committee = services.committee_create(district=elsewhere, name="Fairhaven Safety Committee")
    someone = UserFactory(district=elsewhere)
    ActionItemFactory(
        committee=committee,
        assignee=someone,
        due_date=datetime.date.today() - datetime.timedelta(days=3),  # noqa: DTZ011
    )

    _seed()

    assert not Notification.objects.filter(recipient=someone).exists()
    assert Notification.objects.filter(recipient__district__slug="westport").exists()
