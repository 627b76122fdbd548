"""Levels follow the chain (ACCESS.md): a record is never seen where what holds it is not.

The services refuse a child below its container and raise what a container holds when
it is raised (kept revisions and follow-ups included); the gate decides on the
strictest level along the chain even for rows written around the services; every URL of
a child answers 404 to whoever may not see its container.
"""

import dataclasses
import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from guardian.shortcuts import assign_perm
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from committees import access, services
from committees.gate import REGISTRY
from committees.models import Category, Level, Position
from followups import services as followup_services
from followups.models import ActionItem
from incidents import services as incidents
from incidents.models import Concern, Drill, DrillProblem, FollowUp, Incident
from meetings import services as meeting_services
from meetings.models import AgendaItem, Meeting, MinutesSection, MinutesSectionRevision
from tests.conftest import ROLES, add_chains
from tests.factories import ActionItemFactory, BuildingFactory, DistrictFactory, UserFactory

OCTOBER = datetime.datetime(2026, 10, 21, 21, 0, tzinfo=datetime.UTC)
User = get_user_model()


@pytest.fixture
def cast(cast):
    add_chains(cast)
    return cast


@pytest.fixture
def uncleared_secretary(cast):
    """A secretary who records meetings but holds no clearance (a parent volunteer)."""
    person = UserFactory(username="secretary.parent", district=cast.district)
    services.membership_add(
        committee=cast.high,
        user=person,
        category=Category.FAMILY,
        position=Position.SECRETARY,
        term_start=datetime.date(2026, 9, 1),
    )
    return person


def _executive(cast) -> Meeting:
    return meeting_services.meeting_schedule(
        committee=cast.high,
        title="Executive session on the lockdown drill",
        kind=Meeting.Kind.EXECUTIVE,
        starts_at=OCTOBER,
        location="Main office",
        public_purpose="To discuss security procedures",
        by=cast.chair,
    )


# --- the services -------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_child_below_its_meeting_is_refused(cast):
    meeting = _executive(cast)
    with pytest.raises(ValidationError) as refused:
        meeting_services.agenda_item_add(
            meeting=meeting, title="Door audit", visibility=Level.COMMITTEE, by=cast.chair
        )
    assert "cannot be less strict" in str(refused.value)
    with pytest.raises(ValidationError):
        meeting_services.minutes_section_add(
            meeting=meeting, heading="Doors", visibility=Level.COMMITTEE, by=cast.chair
        )
    section = meeting_services.minutes_section_add(meeting=meeting, heading="Doors", by=cast.chair)
    assert section.visibility == Level.RESTRICTED  # the meeting's level by default
    with pytest.raises(ValidationError):
        meeting_services.minutes_section_edit(
            section=section, heading="Doors", body="", visibility=Level.COMMITTEE, by=cast.chair
        )
    with pytest.raises(ValidationError):
        followup_services.action_item_create(
            committee=cast.high,
            title="Rekey the east doors",
            minutes_section=section,
            visibility=Level.COMMITTEE,
            by=cast.chair,
        )
    assert not ActionItem.objects.filter(title="Rekey the east doors").exists()
    item = followup_services.action_item_create(
        committee=cast.high,
        title="Rekey the east doors",
        minutes_section=section,
        visibility=Level.RESTRICTED,
        by=cast.chair,
    )
    with pytest.raises(ValidationError):
        followup_services.action_item_edit(item=item, visibility=Level.COMMITTEE, by=cast.chair)
    item.refresh_from_db()
    assert item.visibility == Level.RESTRICTED


@pytest.mark.django_db
def test_raising_a_meeting_raises_everything_it_holds(cast):
    meeting = meeting_services.meeting_schedule(
        committee=cast.high, title="Entrances", starts_at=OCTOBER, location="Library", by=None
    )
    agenda = meeting_services.agenda_item_add(meeting=meeting, title="Buzzer", by=None)
    section = meeting_services.minutes_section_add(
        meeting=meeting, heading="Buzzer", body="Old", by=None
    )
    meeting_services.minutes_approve(meeting=meeting, by=None)
    meeting_services.minutes_section_edit(
        section=section, heading="Buzzer", body="New", visibility=Level.COMMITTEE, by=None
    )
    item = followup_services.action_item_create(
        committee=cast.high, title="Fix the buzzer", minutes_section=section, by=None
    )
    meeting_services.meeting_change(meeting=meeting, visibility=Level.RESTRICTED, by=cast.chair)

    assert AgendaItem.objects.get(pk=agenda.pk).visibility == Level.RESTRICTED
    assert MinutesSection.objects.get(pk=section.pk).visibility == Level.RESTRICTED
    revision = MinutesSectionRevision.objects.get(meeting=meeting)
    assert revision.section_id == section.pk
    assert revision.visibility == Level.RESTRICTED
    assert ActionItem.objects.get(pk=item.pk).visibility == Level.RESTRICTED


@pytest.mark.django_db
def test_raising_an_approved_section_raises_its_kept_revision(cast, login):
    meeting = meeting_services.meeting_schedule(
        committee=cast.high, title="Visitors", starts_at=OCTOBER, location="Library", by=None
    )
    section = meeting_services.minutes_section_add(
        meeting=meeting, heading="Badges", body="Badge printer by the east door", by=None
    )
    meeting_services.minutes_approve(meeting=meeting, by=None)
    meeting_services.minutes_section_edit(
        section=section,
        heading="Badges",
        body="Badge printer location withheld",
        visibility=Level.RESTRICTED,
        by=cast.chair,
    )
    url = reverse("meetings:minutes_revisions", args=[meeting.pk])
    parent_sees = login(cast.parent).get(url)
    assert parent_sees.status_code == 200
    assert "Badge printer by the east door" not in parent_sees.content.decode()
    assert "Badge printer by the east door" in login(cast.officer).get(url).content.decode()


@pytest.mark.django_db
def test_raising_an_incident_raises_its_follow_ups(cast):
    incident = cast.incidents[("high", Level.COMMITTEE)]
    item = incidents.incident_action_item(
        incident=incident, title="Repaint the parking lot lines", by=cast.chair
    )
    assert FollowUp.objects.get(item=item).incident == incident
    incidents.incident_set_level(incident=incident, visibility=Level.RESTRICTED, by=cast.chair)
    assert ActionItem.objects.get(pk=item.pk).visibility == Level.RESTRICTED
    assert not access.visible(cast.parent, ActionItem.objects.filter(pk=item.pk)).exists()


@pytest.mark.django_db
def test_a_concern_follow_up_does_not_carry_the_senders_reference(cast):
    concern = cast.concerns["high"]
    item = services_concern_item(concern, cast.chair)
    assert concern.reference not in item.source_detail
    assert concern.reference not in item.title
    assert FollowUp.objects.get(item=item).concern == concern


def services_concern_item(concern, by) -> ActionItem:
    from incidents import concerns

    return concerns.concern_action_item(
        concern=concern, title="Ask the town for a crosswalk", by=by
    )


# --- the pages ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_uncleared_secretary_reaches_no_part_of_a_restricted_meeting(
    cast, login, uncleared_secretary
):
    meeting = cast.executive
    committee_level_parts = meeting.sections.filter(visibility=Level.COMMITTEE)
    section = committee_level_parts.get()  # written around the services by the cast
    agenda = meeting.agenda_items.get(visibility=Level.COMMITTEE)
    client = login(uncleared_secretary)
    new_item = reverse("followups:item_new", args=[cast.high.pk]) + f"?section={section.pk}"
    for url, method, expected in (
        (reverse("meetings:section_edit", args=[section.pk]), "get", 404),
        (reverse("meetings:section_edit", args=[section.pk]), "post", 404),
        (reverse("meetings:agenda_item_edit", args=[agenda.pk]), "get", 404),
        (reverse("meetings:agenda_item_move", args=[agenda.pk]), "post", 404),
        (reverse("meetings:agenda_item_remove", args=[agenda.pk]), "get", 404),
        (reverse("meetings:agenda_item_remove", args=[agenda.pk]), "post", 404),
        (new_item, "get", 403),  # a secretary assigns nothing
    ):
        response = getattr(client, method)(url, {"heading": "x", "direction": "up"})
        body = response.content.decode()
        assert response.status_code == expected, url
        assert meeting.title not in body, url
        assert section.body not in body, url
    section.refresh_from_db()
    assert section.heading != "x"
    assert AgendaItem.objects.filter(pk=agenda.pk).exists()
    with pytest.raises(PermissionDenied):
        meeting_services.minutes_section_edit(
            section=section,
            heading="x",
            body="",
            visibility=Level.RESTRICTED,
            by=uncleared_secretary,
        )


@pytest.mark.django_db
def test_a_follow_up_from_restricted_minutes_names_the_meeting_only_to_the_cleared(cast, login):
    meeting = _executive(cast)
    section = meeting_services.minutes_section_add(
        meeting=meeting, heading="Camera gaps", by=cast.chair
    )
    url = reverse("followups:item_new", args=[cast.high.pk]) + f"?section={section.pk}"
    form = login(cast.chair).get(url).context["form"]
    assert form.initial["visibility"] == Level.RESTRICTED
    assert meeting.title in form.initial["source_detail"]
    item = followup_services.action_item_create(
        committee=cast.high,
        title="Cover the gym corridor",
        minutes_section=section,
        source_detail=form.initial["source_detail"],
        visibility=form.initial["visibility"],
        by=cast.chair,
    )
    item_url = reverse("followups:action_item", args=[item.pk])
    for person in (cast.parent, cast.student, cast.staff):
        response = login(person).get(item_url)
        assert response.status_code == 404
    assert meeting.title in login(cast.officer).get(item_url).content.decode()


@pytest.mark.django_db
def test_meeting_lists_show_each_meetings_own_level(cast, login):
    body = login(cast.chair).get(reverse("meetings:list", args=[cast.high.pk]))
    html = body.content.decode()
    regular = cast.meetings["high"]
    for meeting, level in ((cast.executive, "restricted"), (regular, "committee")):
        url = reverse("meetings:meeting", args=[meeting.pk])
        assert f'data-visibility="{level}"><a href="{url}"' in html
    parent_html = login(cast.parent).get(reverse("meetings:list", args=[cast.high.pk]))
    assert cast.executive.title not in parent_html.content.decode()


# --- the gate, on random chains -----------------------------------------------------------

levels = st.sampled_from([Level.COMMITTEE, Level.RESTRICTED])
chains = st.fixed_dictionaries(
    {
        "meeting": levels,
        "agenda": levels,
        "section": levels,
        "revision": levels,
        "item": levels,
        "from_section": st.booleans(),
        # What the item follows up (one source at most), and a drill whose problem it is.
        "origin": st.one_of(st.none(), st.tuples(st.sampled_from(["incident", "concern"]), levels)),
        "drill": st.one_of(st.none(), levels),
        # Reached by name: the facilities director (no member), an uncleared staff
        # member or an uncleared parent of the committee.
        "assigned_to": st.sampled_from([None, "outsider", "staff", "parent"]),
        "granted_to": st.sampled_from([None, "outsider", "staff", "parent"]),
    }
)


class ChildrenOnlyWhereTheirContainerIs(TestCase):
    """Rows written straight to the database, around the services: the gate alone holds.

    The rule, stated plainly: a record is read at the strictest level along its chain, by
    the members that level admits, or by its assignee or named grantee where the
    clearance rule lets them receive that level. So a meeting's part is seen only where
    the meeting is, and a follow-up of restricted minutes only by the cleared.
    """

    @classmethod
    def setUpTestData(cls):
        district = DistrictFactory()
        building = BuildingFactory(district=district)
        cls.committee = services.committee_create(
            district=district, name="Oak Hill Safety Committee", building=building
        )
        # (person, sees committee level, sees restricted, may receive restricted by name)
        cls.people = []
        for category, position, cleared in (
            (Category.FAMILY, Position.MEMBER, False),
            (Category.STUDENT, Position.MEMBER, False),
            (Category.STAFF, Position.MEMBER, False),
            (Category.FAMILY, Position.SECRETARY, False),
            (Category.STAFF, Position.SECRETARY, True),
            (Category.POLICE, Position.MEMBER, True),
            (Category.STAFF, Position.CHAIR, True),
        ):
            person = UserFactory(district=district)
            services.membership_add(
                committee=cls.committee,
                user=person,
                category=category,
                position=position,
                restricted_clearance=cleared,
            )
            eligible = category not in (Category.FAMILY, Category.STUDENT)
            cls.people.append((person, True, cleared and eligible, eligible))
        cls.by_name = {"staff": cls.people[2][0], "parent": cls.people[0][0]}
        cls.outsider = UserFactory(district=district)  # the facilities director
        cls.people.append((cls.outsider, False, False, True))
        cls.by_name["outsider"] = cls.outsider
        principal = UserFactory(district=district)
        services.building_admin_set(building=building, user=principal, is_admin=True)
        cls.people.append((principal, True, True, True))

    @settings(
        max_examples=40,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    @given(chain=chains)
    def test_a_child_is_visible_only_where_its_container_is(self, chain):
        meeting = Meeting.objects.create(
            committee=self.committee,
            title="Meeting",
            starts_at=OCTOBER,
            location="Library",
            visibility=chain["meeting"],
        )
        agenda = AgendaItem.objects.create(
            meeting=meeting, order=1, title="Agenda", visibility=chain["agenda"]
        )
        section = MinutesSection.objects.create(
            meeting=meeting, order=1, heading="Section", visibility=chain["section"]
        )
        revision = MinutesSectionRevision.objects.create(
            meeting=meeting,
            section=section,
            revision=1,
            order=1,
            heading="Section",
            visibility=chain["revision"],
            approved_at=OCTOBER,
        )
        item = ActionItemFactory(
            committee=self.committee,
            visibility=chain["item"],
            minutes_section=section if chain["from_section"] else None,
            assignee=self.by_name.get(chain["assigned_to"]),
        )
        origin, origin_level = chain["origin"] or (None, None)
        if origin == "incident":
            incident = Incident.objects.create(
                building=self.committee.building,
                committee=self.committee,
                occurred_at=OCTOBER,
                kind=Incident.Kind.FACILITY_HAZARD,
                description="Incident",
                visibility=origin_level,
            )
            FollowUp.objects.create(item=item, incident=incident)
        elif origin == "concern":
            concern = Concern.objects.create(
                reference=f"CHAIN{item.pk}",
                building=self.committee.building,
                committee=self.committee,
                location="The gate by the bus loop",
                description="The gate does not latch.",
                status_changed_at=OCTOBER,
                created_at=OCTOBER,
                visibility=origin_level,
            )
            FollowUp.objects.create(item=item, concern=concern)
        if chain["drill"] is not None:
            drill = Drill.objects.create(
                building=self.committee.building,
                committee=self.committee,
                kind="fire",
                held_at=OCTOBER,
                visibility=chain["drill"],
            )
            DrillProblem.objects.create(drill=drill, description="Drill", action_item=item)
        if chain["granted_to"]:
            assign_perm(access.view_permission(ActionItem), self.by_name[chain["granted_to"]], item)

        item_chain = [chain["item"], origin_level, chain["drill"]]
        if chain["from_section"]:
            item_chain += [chain["section"], chain["meeting"]]
        reached_by_name = {
            self.by_name.get(chain["assigned_to"]),
            self.by_name.get(chain["granted_to"]),
        }
        held = {
            agenda: ([chain["agenda"], chain["meeting"]], set(), [meeting]),
            section: ([chain["section"], chain["meeting"]], set(), [meeting]),
            revision: (
                [chain["revision"], chain["section"], chain["meeting"]],
                set(),
                [meeting, section],
            ),  # fmt: skip
            item: (item_chain, reached_by_name, []),
        }
        for person, sees_committee, sees_restricted, eligible in self.people:
            access.forget(person)
            for child, (chain_levels, by_name, containers) in held.items():
                strictest = (
                    Level.RESTRICTED if Level.RESTRICTED in chain_levels else Level.COMMITTEE
                )
                if strictest == Level.RESTRICTED:
                    expected = sees_restricted or (person in by_name and eligible)
                else:
                    expected = sees_committee or person in by_name
                fresh = type(child).objects.get(pk=child.pk)
                seen = access.visible(person, type(child).objects.filter(pk=child.pk)).exists()
                assert seen == expected, (person, child, chain)
                # Asked for its committee, the gate says the same (its rights written in).
                asked = type(child).objects.filter(pk=child.pk)
                mine = access.visible(person, asked, committees=[self.committee.pk])
                assert mine.exists() == seen, (person, child, chain)
                assert access.can(person, access.VIEW, fresh) == seen, (person, child, chain)
                for container in containers:
                    if not _sees(person, container):
                        assert not seen, (person, child, container)


def _sees(person, record) -> bool:
    return access.visible(person, type(record).objects.filter(pk=record.pk)).exists()


# --- asked for some committees, the gate gives the same rows -------------------------------

ASKED = [("high",), ("middle",), ("high", "middle", "district_wide"), ("other_committee",)]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_asked_for_committees_the_gate_gives_the_rows_it_gives_for_all(cast, role):
    """``visible(..., committees=...)`` writes what the reader may do on those committees
    into the query (and skips the holders for whoever sees all three levels there, which
    the holders' CHECK constraints allow): for every kind of record and every role, the
    rows must be those of the general question narrowed to the committees."""
    services.named_grant_add(record=cast.items[("high", Level.RESTRICTED)], user=cast.outsider)
    person = AnonymousUser() if role == "anonymous" else User.objects.get(pk=cast.people[role].pk)
    for model, spec in REGISTRY.items():
        for names in ASKED:
            ids = [getattr(cast, name).pk for name in names]
            everyone = model._default_manager.filter(**{spec.committee_lookup(): ids})
            general = set(access.visible(person, everyone).values_list("pk", flat=True))
            asked = access.visible(person, model._default_manager.all(), committees=ids)
            assert set(asked.values_list("pk", flat=True)) == general, (model, names)


@pytest.mark.django_db
def test_every_holder_keeps_its_level_to_the_three(cast):
    """The gate skips the holders of a record for a reader who sees every level of its
    committee: that is exact only while no holder can carry a level outside the three."""
    for model, spec in REGISTRY.items():
        for path in spec.within:
            *hops, field = path.split("__")
            holder = model
            for hop in hops:
                holder = holder._meta.get_field(hop).related_model
            known = models.Q(**{f"{field}__in": Level.values})
            checks = [c for c in holder._meta.constraints if isinstance(c, models.CheckConstraint)]
            assert any(check.condition == known for check in checks), (holder, field)
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.filter(pk=cast.executive.pk).update(visibility="secret")


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["parent", "student", "staff"])
def test_the_chain_is_asked_as_no_restricted_link_not_as_a_join_of_every_link(cast, role):
    """Over all of a reader's committees too, each holder of a record is one ``NOT
    EXISTS`` of a restricted link: joining every link of every record made PostgreSQL
    take longer to plan Today's queries than to run them."""
    person = User.objects.get(pk=cast.people[role].pk)
    for model, spec in REGISTRY.items():
        if spec.within:
            sql = str(access.visible(person, model._default_manager.all()).query)
            assert "LEFT OUTER JOIN" not in sql, model
            assert sql.count("NOT (EXISTS") + sql.count("NOT EXISTS") >= 1, model


@pytest.mark.django_db
def test_each_link_of_a_chain_is_probed_once_a_row_never_hashed_over_the_state(cast):
    """One probe per link leaving the record (a follow-up's incident and concern are one
    link), all under one ``NOT EXISTS`` of their ``UNION ALL``: PostgreSQL never turns
    that into a join, so it probes the rows it reads rather than hash every restricted
    holder of the state once per query (with a state's follow-ups in the tables, a
    parent's page of fifty items read every threat report of the state, twice). A lone
    probe, which it could turn into such a join, is fenced with ``OFFSET 0``. As one
    ``EXISTS`` per link, each guessed true for half the rows, an item's four made
    PostgreSQL expect one row in sixteen to pass and sort all of a parent's items for a
    page of fifty (docs/benchmarks.md)."""
    person = User.objects.get(pk=cast.parent.pk)
    for model, spec in REGISTRY.items():
        if not spec.within:
            continue
        links = {path.split("__")[0] for path in spec.within}
        sql = str(access.visible(person, model._default_manager.all()).query)
        assert sql.count("EXISTS(") == 1, model
        assert "NOT EXISTS(SELECT 1 FROM" in sql, model
        assert sql.count("SELECT 1 FROM") == len(links), model
        assert sql.count(" UNION ALL SELECT 1 FROM") == len(links) - 1, model
        assert sql.count("OFFSET 0)") == (len(links) == 1), model


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["parent", "student", "staff"])
def test_the_chains_subqueries_built_once_stay_the_same_for_every_query(cast, role):
    """Each kind's restricted-link subqueries are built once per process and copied into
    each query. One reader's query used inside another (where Django renames its tables)
    must leave the next query's chain, its SQL and its rows, as they were."""
    person = User.objects.get(pk=cast.people[role].pk)
    for model, spec in REGISTRY.items():
        if not spec.within:
            continue
        first = access.visible(person, model._default_manager.all())
        sql, rows = str(first.query), set(first.values_list("pk", flat=True))
        nested = model._default_manager.filter(pk__in=first.values("pk"))
        assert set(nested.values_list("pk", flat=True)) == rows, model
        again = access.visible(person, model._default_manager.all())
        assert str(again.query) == sql, model
        assert set(again.values_list("pk", flat=True)) == rows, model


# --- a reader cleared wherever they see the committee level --------------------------------


def _chain_asked(person, model) -> bool:
    sql = str(access.visible(person, model._default_manager.all()).query)
    return "EXISTS" in sql


def _restricted_by_chain(cast) -> list:
    """The committee-level records of the high school committee held by restricted ones
    (the executive session's parts, the follow-ups of its minutes and of a threat)."""
    meeting = cast.executive
    return [
        *AgendaItem.objects.filter(meeting=meeting, visibility=Level.COMMITTEE),
        *MinutesSection.objects.filter(meeting=meeting, visibility=Level.COMMITTEE),
        *(item for _committee, _level, item in cast.chained),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["cleared_staff", "chair", "principal", "district_admin"])
def test_a_reader_cleared_wherever_they_sit_is_asked_no_chain_and_sees_what_it_holds(cast, role):
    """Cleared on every committee where they see the committee level, and free to receive
    restricted by name: the chain's test would let every row through, so their queries
    carry none of its ``NOT EXISTS`` (PostgreSQL planned them longer than it ran them).
    Published kinds keep it: their public rows are not the reader's by clearance."""
    person = User.objects.get(pk=cast.people[role].pk)
    for model, spec in REGISTRY.items():
        if spec.within:
            assert _chain_asked(person, model) == bool(spec.published), model
    # All of them the high school committee's, where each of these readers is cleared.
    for record in _restricted_by_chain(cast):
        assert access.visible(person, type(record).objects.filter(pk=record.pk)).exists()
        assert access.can(person, access.VIEW, record)


@pytest.mark.django_db
def test_a_reader_cleared_on_one_committee_and_not_another_is_asked_the_chain(cast):
    """Uncleared on the high school committee and cleared on the middle school's: the
    high school's restricted executive session and threat report still hold back what
    they hold, whatever clearance elsewhere."""
    staff = cast.people["staff"]
    services.membership_add(
        committee=cast.middle,
        user=staff,
        category=Category.STAFF,
        restricted_clearance=True,
        term_start=datetime.date(2026, 9, 1),
    )
    person = User.objects.get(pk=staff.pk)
    assert access.scope_for(person).has(access.Cap.VIEW_RESTRICTED, cast.middle.pk)
    assert _chain_asked(person, ActionItem)
    for record in _restricted_by_chain(cast):
        assert not access.visible(person, type(record).objects.filter(pk=record.pk)).exists()
        assert not access.can(person, access.VIEW, record)


@pytest.mark.django_db
def test_an_administrator_who_may_not_receive_restricted_by_name_is_asked_the_chain(cast):
    """The principal sits on the high school committee as a parent too, so by name they
    may not receive restricted (ACCESS.md), though cleared wherever they see the
    committee level. An item of another school assigned to them, held by a threat
    report there, stays hidden: their item queries keep the chain."""
    services.membership_add(
        committee=cast.high,
        user=cast.principal,
        category=Category.FAMILY,
        term_start=datetime.date(2026, 9, 1),
    )
    item = ActionItemFactory(
        committee=cast.middle,
        visibility=Level.COMMITTEE,
        title="Follow-up of the middle school threat report",
        assignee=cast.principal,
    )
    FollowUp.objects.create(item=item, incident=cast.incidents[("middle", Level.RESTRICTED)])
    person = User.objects.get(pk=cast.principal.pk)
    scope = access.scope_for(person)
    assert not scope.grant_eligible
    assert set(scope.committees(access.Cap.VIEW)) <= set(
        scope.committees(access.Cap.VIEW_RESTRICTED)
    )
    assert _chain_asked(person, ActionItem)
    assert not access.visible(person, ActionItem.objects.filter(pk=item.pk)).exists()
    assert not access.can(person, access.VIEW, item)
    # The same item held by nothing restricted is theirs, by assignment.
    FollowUp.objects.filter(item=item).delete()
    assert access.visible(person, ActionItem.objects.filter(pk=item.pk)).exists()


# --- the chain's SQL, written once per kind ------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["parent", "staff"])
def test_the_chain_tests_the_records_own_rows_however_deep_its_query_is_nested(cast, role):
    """The chain's SQL is written once, and the alias of the record's table put in when the
    query is compiled. Nested once and twice (Django renames the table at each level), a
    query keeps exactly the rows it has alone: what restricted records hold stays out."""
    person = User.objects.get(pk=cast.people[role].pk)
    alone = set(access.visible(person, ActionItem.objects.all()).values_list("pk", flat=True))
    held = {item.pk for _committee, _level, item in cast.chained}
    assert held and not held & alone
    assert (
        ActionItem.objects.filter(committee=cast.high, visibility=Level.COMMITTEE)
        .exclude(pk__in=held)
        .filter(pk__in=alone)
    )
    once = access.visible(person, ActionItem.objects.filter(pk__in=held | alone))
    twice = access.visible(person, ActionItem.objects.filter(pk__in=once.values("pk")))
    thrice = ActionItem.objects.filter(pk__in=twice.values("pk"))
    for query in (once, twice, thrice):
        assert set(query.values_list("pk", flat=True)) == alone
    # Counted (a query around the query) and sorted into a page, as the lists do.
    assert once.order_by()[:1000].count() == len(alone)
    # Asked inside a query of other rows of the same table: the chain tests the inner
    # query's row, not the row around it.
    for pk in held:
        inside = access.visible(person, ActionItem.objects.filter(pk=pk))
        assert not ActionItem.objects.filter(models.Exists(inside)).exists()


@pytest.mark.django_db
def test_a_name_held_only_by_a_restricted_records_follow_up_is_not_in_the_parents_menu(cast, login):
    """The item list's assignee menu asks the gate inside a query of people: someone whose
    only item follows up a threat report is no name a parent may be shown."""
    custodian = UserFactory(district=cast.district, first_name="Walter", last_name="Kowalski")
    item = ActionItemFactory(
        committee=cast.high,
        visibility=Level.COMMITTEE,
        title="Follow-up of the threat report",
        assignee=custodian,
    )
    FollowUp.objects.create(item=item, incident=cast.incidents[("high", Level.RESTRICTED)])
    url = reverse("followups:items", args=[cast.high.pk])
    parents = login(cast.parent).get(url).content.decode()
    assert "Kowalski" not in parents and item.title not in parents
    chairs = login(cast.chair).get(url).content.decode()
    assert "Kowalski" in chairs and item.title in chairs


@pytest.mark.django_db
def test_the_chain_of_one_kind_refuses_to_test_another_kinds_rows(cast):
    """Put on another kind's query, the chain would name the wrong table's columns: it
    refuses, loudly, instead of testing the wrong rows."""
    wrong = Meeting.objects.filter(models.Q(access.NoRestrictedLink(ActionItem)))
    with pytest.raises(TypeError):
        list(wrong)


@pytest.mark.django_db
def test_on_committees_where_the_reader_is_cleared_the_chains_test_lets_every_row_through(cast):
    """``visible`` does not ask it there (the reader sees every level), but the test itself
    must say so: "every row" is Django's empty ``Q()``, which an OR would drop, leaving
    only the chain and hiding what restricted records hold from the cleared."""
    person = User.objects.get(pk=cast.district_admin.pk)
    scope = access.scope_for(person)
    spec = REGISTRY[ActionItem]
    asked = frozenset({cast.high.pk})
    test = access._chain_without_restricted(person, spec, scope, ActionItem, None, asked)
    held = [item.pk for _committee, _level, item in cast.chained]
    assert set(
        ActionItem.objects.filter(pk__in=held).filter(test).values_list("pk", flat=True)
    ) == set(held)


def test_a_chain_through_a_many_to_many_link_is_refused(monkeypatch):
    """The chain's SQL follows foreign keys only: a path through a many-to-many link (a
    school's administrators) would need a join table it does not write, so it refuses."""
    spec = dataclasses.replace(REGISTRY[Incident], within=("building__administrators__email",))
    monkeypatch.setitem(REGISTRY, Incident, spec)
    with pytest.raises(TypeError, match="foreign keys only"):
        access._chain_sql(Incident, lambda name: f'"{name}"')


def test_what_is_restricted_is_told_along_the_chain_and_asked_only_where_it_must_be(
    cast, django_assert_num_queries
):
    """``restricted_of`` (what a read records, what an e-mail must not describe): a
    record restricted at its own level is known so from the row; one below it is asked
    along its chain, all of them in one query, whether or not anything holds them."""
    section = cast.executive.sections.get(visibility=Level.RESTRICTED)
    own = ActionItemFactory(committee=cast.high, visibility=Level.RESTRICTED)
    held = ActionItemFactory(committee=cast.high, minutes_section=section)
    free = ActionItemFactory(committee=cast.high)
    bare = {
        item.pk: item
        for item in ActionItem.objects.filter(pk__in=[own.pk, held.pk, free.pk]).only(
            "visibility", "minutes_section_id"
        )
    }
    with django_assert_num_queries(0):
        assert access.restricted_of([bare[own.pk]]) == [bare[own.pk]]
    with django_assert_num_queries(1):
        found = access.restricted_of(list(bare.values()))
    assert {item.pk for item in found} == {own.pk, held.pk}
