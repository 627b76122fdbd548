"""The fixed cast of people every access test uses (STYLE.md, "Tests").

District A (Westport) has a high school committee, a middle school committee and a
district-wide committee; district B (Millbrook) has one committee. Canary strings
sit in every committee-level and restricted field; a canary seen by someone who
lacks the right fails the suite.
"""

import copy
import datetime
import os
import random
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import redis
from django.apps import apps
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test.utils import override_settings

from committees import services
from committees.models import Category, Level, Position
from followups.models import ActionItem
from procedures import services as procedure_services
from safety_portal.celery import app
from tests.factories import ActionItemFactory, BuildingFactory, DistrictFactory, UserFactory

PASSWORD = "correct horse battery"


def pytest_configure(config):
    from django.conf import settings

    # Hashing passwords for real costs a second per person; tests need no such strength.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker:
        _redis_of_the_worker(worker)
    elif getattr(config.option, "numprocesses", None):
        # Some tests are parametrized over sets (ActionItem.TRANSITIONS): every xdist worker
        # must collect them in the same order, so the workers share one hash seed per run.
        os.environ.setdefault("PYTHONHASHSEED", str(random.randrange(1, 2**32)))


def pytest_report_header(config):
    if getattr(config.option, "numprocesses", None):
        return f"PYTHONHASHSEED={os.environ.get('PYTHONHASHSEED')} (shared by the xdist workers)"
    return None


def _redis_of_the_worker(worker: str) -> None:
    """Under pytest-xdist, each worker (gw0, gw1...) has its own Redis database: REDIS_URL's
    db plus the worker's number. pytest-django gives it its own test database the same way
    (test_<name>_gw0...). Its cache (which each test empties: FLUSHDB), its Celery queue and
    results, and the Celery workers its tests start then touch no other worker's.
    """
    if not django_settings.REDIS_URL:
        return
    parts = urlsplit(django_settings.REDIS_URL)
    db = int(parts.path.strip("/") or 0) + int(worker.removeprefix("gw"))
    url = parts._replace(path=f"/{db}").geturl()
    client = redis.Redis.from_url(url, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.ResponseError as error:  # "DB index is out of range"
        raise pytest.UsageError(
            f"{worker} has no Redis db {db} ({error}): give REDIS_URL a lower db, or fewer workers"
        ) from None
    except redis.ConnectionError:
        pass  # the tests that need Redis say so
    finally:
        client.close()
    caches = copy.deepcopy(django_settings.CACHES)
    caches["default"]["LOCATION"] = url
    override_settings(
        REDIS_URL=url, CELERY_BROKER_URL=url, CELERY_RESULT_BACKEND=url, CACHES=caches
    ).enable()
    app.conf.update(broker_url=url, result_backend=url)
    os.environ["REDIS_URL"] = url  # for the processes the tests start


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups
def pytest_collection_modifyitems(config, items):
    """The tests that run a real Celery worker run one after another, on one xdist worker
    (`--dist loadgroup`): their timings and the spare ports of their own Redis servers are
    not shared with another of them."""
    if not config.pluginmanager.hasplugin("xdist"):
        return
    for item in items:
        if item.get_closest_marker("worker"):
            item.add_marker(pytest.mark.xdist_group("celery-worker"))


@pytest.fixture(scope="session", autouse=True)
def _worker_private_files(tmp_path_factory):
    """A Celery worker a test starts in its own process keeps its files in this run's
    temporary folder (each xdist worker has its own), never in the checkout's var/."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PRIVATE_FILES_ROOT", str(tmp_path_factory.mktemp("private")))
        yield


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache (the real Redis under `make test`)."""
    from django.core.cache import cache

    cache.clear()
    yield


@dataclass
class Cast:
    district: object
    other_district: object
    high: object  # the high school committee
    middle: object
    district_wide: object
    other_committee: object  # district B's
    people: dict = field(default_factory=dict)
    canaries: dict = field(default_factory=dict)  # canary -> the records' level and committee
    items: dict = field(default_factory=dict)
    plans: dict = field(default_factory=dict)
    milestones: dict = field(default_factory=dict)
    attachments: dict = field(default_factory=dict)
    meetings: dict = field(default_factory=dict)
    executive: object = None  # the high school committee's executive session, on record
    updates: dict = field(default_factory=dict)  # the high school committee's, by state
    procedures: dict = field(default_factory=dict)  # one per committee
    incidents: dict = field(default_factory=dict)  # (committee, level) -> incident
    concerns: dict = field(default_factory=dict)  # school committee -> community concern
    drills: dict = field(default_factory=dict)  # (committee, level) -> drill
    # Records held by stricter ones, some written around the services:
    # (committee, effective level, action item), and the meeting reclassified after approval.
    chained: list = field(default_factory=list)
    reclassified: object = None

    def __getattr__(self, name):
        if name.startswith("__"):  # copy's questions, before ``people`` exists
            raise AttributeError(name)
        try:
            return self.people[name]
        except KeyError:
            raise AttributeError(name) from None


# role -> (username, committee attribute or None, category, position, cleared)
SEATS = {
    "parent": ("parent.high", "high", Category.FAMILY, Position.MEMBER, False),
    "student": ("student.high", "high", Category.STUDENT, Position.MEMBER, False),
    "staff": ("staff.high", "high", Category.STAFF, Position.MEMBER, False),
    "cleared_staff": ("counselor.high", "high", Category.MENTAL_HEALTH, Position.MEMBER, True),
    "officer": ("officer.high", "high", Category.SAFETY_OFFICIAL, Position.MEMBER, True),
    "secretary": ("secretary.high", "high", Category.STAFF, Position.SECRETARY, True),
    "chair": ("chair.high", "high", Category.STAFF, Position.CHAIR, True),
    "stranger": ("parent.middle", "middle", Category.FAMILY, Position.MEMBER, False),
}

# Roles and what they may see of the high school committee.
MANAGERS = {"chair", "principal", "district_admin"}
ROLES = [
    "anonymous",
    "parent",
    "student",
    "staff",
    "cleared_staff",
    "officer",
    "secretary",
    "chair",
    "principal",
    "district_admin",
    "stranger",
    "other_admin",
    "outsider",  # a person of the district on no committee
]
SEES_COMMITTEE = {
    "parent",
    "student",
    "staff",
    "cleared_staff",
    "officer",
    "secretary",
    "chair",
    "principal",
    "district_admin",
}
SEES_RESTRICTED = {"cleared_staff", "officer", "secretary", "chair", "principal", "district_admin"}


def _canary(kind: str, where: str) -> str:
    return f"CANARY-{kind}-{where}-7f3a"


def build_cast() -> Cast:
    district = DistrictFactory(name="Westport Public Schools", slug="westport")
    other = DistrictFactory(name="Millbrook Regional Schools", slug="millbrook", state="MA")
    high_school = BuildingFactory(district=district, name="Westport High School", slug="high")
    middle_school = BuildingFactory(
        district=district, name="Cedar Point Middle School", slug="middle", level="middle"
    )
    other_school = BuildingFactory(district=other, name="Millbrook High School", slug="mhs")

    district_admin = UserFactory(username="district.admin", district=district)
    services.district_admin_set(user=district_admin, is_admin=True)
    other_admin = UserFactory(username="admin.other", district=other)
    services.district_admin_set(user=other_admin, is_admin=True)
    principal = UserFactory(username="principal.high", district=district)
    services.building_admin_set(building=high_school, user=principal, is_admin=True)

    cast = Cast(
        district=district,
        other_district=other,
        high=services.committee_create(
            district=district, name="Westport High School Safety Committee", building=high_school
        ),
        middle=services.committee_create(
            district=district,
            name="Cedar Point Middle School Safety Committee",
            building=middle_school,
        ),
        district_wide=services.committee_create(
            district=district, name="District Safety Committee"
        ),
        other_committee=services.committee_create(
            district=other, name="Millbrook High School Safety Committee", building=other_school
        ),
    )
    cast.people.update(
        district_admin=district_admin,
        other_admin=other_admin,
        principal=principal,
        outsider=UserFactory(username="facilities.director", district=district),
    )
    for role, (username, committee, category, position, cleared) in SEATS.items():
        person = UserFactory(username=username, district=district)
        services.membership_add(
            committee=getattr(cast, committee),
            user=person,
            category=category,
            position=position,
            restricted_clearance=cleared,
            # Seated since the school year began: in force at the October meeting.
            term_start=datetime.date(2026, 9, 1),
        )
        cast.people[role] = person

    for committee_name in ("high", "middle", "district_wide", "other_committee"):
        committee = getattr(cast, committee_name)
        for level in (Level.COMMITTEE, Level.RESTRICTED):
            title = _canary(level.upper(), committee_name)
            item = ActionItemFactory(
                committee=committee,
                visibility=level,
                title=title,
                description=_canary(level.upper() + "-DESC", committee_name),
                assignee=cast.people["chair"] if committee_name == "high" else None,
            )
            cast.items[(committee_name, level)] = item
            cast.canaries[title] = (committee_name, level)
            cast.canaries[item.description] = (committee_name, level)
        _plan(cast, committee_name)
        _meeting(cast, committee_name)
        _procedure(cast, committee_name)
        _incidents(cast, committee_name)
        _concerns(cast, committee_name)
        _drills(cast, committee_name)
    notice = services.meeting_notice_propose(
        meeting=cast.meetings["high"],
        title="Fall safety committee meeting",
        place="Westport High School",
        by=cast.principal,
    )
    services.public_text_approve(change=notice, by=cast.chair)
    _executive_session(cast)
    _updates(cast)
    return cast


def add_chains(cast: Cast) -> None:
    """Records that live inside stricter ones (ACCESS.md, "Levels follow the chain").

    The executive session holds committee-level parts and a follow-up written around
    the services (as data from before the rule, or a bug, would be); a threat report
    holds a committee-level follow-up; a section raised to restricted after approval
    leaves a kept revision. The gate must treat each as restricted.
    """
    from incidents.models import FollowUp
    from meetings.models import AgendaItem, MinutesSection, Vote

    meeting = cast.executive
    agenda = AgendaItem.objects.create(
        meeting=meeting, order=90, title=_canary("EXEC-AGENDA-COMMITTEE", "high")
    )
    section = MinutesSection.objects.create(
        meeting=meeting,
        order=90,
        agenda_item=agenda,
        heading=_canary("EXEC-HEADING-COMMITTEE", "high"),
        body=_canary("EXEC-SECTION-COMMITTEE", "high"),
        visibility=Level.COMMITTEE,
    )
    vote = Vote.objects.create(
        section=section, motion=_canary("EXEC-VOTE-COMMITTEE", "high"), result="carried"
    )
    from_minutes = ActionItemFactory(
        committee=cast.high,
        minutes_section=section,
        source=ActionItem.Source.MEETING,
        source_detail=f"{meeting.title}: {section.heading}",
        title=_canary("FROM-EXEC-MINUTES", "high"),
        assignee=cast.chair,
    )
    from_threat = ActionItemFactory(
        committee=cast.high,
        source=ActionItem.Source.INCIDENT,
        title=_canary("FROM-THREAT", "high"),
        assignee=cast.chair,
    )
    FollowUp.objects.create(item=from_threat, incident=cast.incidents[("high", Level.RESTRICTED)])
    for text in (agenda.title, section.heading, section.body, vote.motion):
        cast.canaries[text] = ("high", Level.RESTRICTED)
    for item in (from_minutes, from_threat):
        cast.canaries[item.title] = ("high", Level.RESTRICTED)
        cast.chained.append(("high", Level.RESTRICTED, item))

    # Approved at committee level, then raised: the kept revision is raised with it.
    reclassified = services.meeting_schedule(
        committee=cast.high,
        title="Visitor management review",
        starts_at=datetime.datetime(2026, 10, 28, 22, 0, tzinfo=datetime.UTC),
        location="Library",
        by=None,
    )
    section = services.minutes_section_add(
        meeting=reclassified,
        heading="Visitor badges",
        body=_canary("RECLASSIFIED-APPROVED", "high"),
        by=None,
    )
    services.minutes_approve(meeting=reclassified, by=None)
    services.minutes_section_edit(
        section=section,
        heading=section.heading,
        body=_canary("RECLASSIFIED-NOW", "high"),
        visibility=Level.RESTRICTED,
        by=None,
    )
    cast.canaries[_canary("RECLASSIFIED-APPROVED", "high")] = ("high", Level.RESTRICTED)
    cast.canaries[_canary("RECLASSIFIED-NOW", "high")] = ("high", Level.RESTRICTED)
    draft = _canary("RECLASSIFIED-SUMMARY-DRAFT", "high")  # drafts are never public
    services.summary_save(meeting=reclassified, text=draft, by=None)
    cast.canaries[draft] = ("high", Level.COMMITTEE)
    cast.reclassified = reclassified


def _updates(cast: Cast) -> None:
    """The high school committee's public updates: one published (with a Spanish text),
    a draft and a withdrawn one, whose words are not public and carry canaries."""
    published, _ = services.update_save(
        committee=cast.high,
        title="New visitor badges at the front office",
        body="Visitors now wear printed badges. Thank you for signing in at the office.",
        by=cast.secretary,
    )
    services.update_translation_save(
        update=published,
        language="es",
        title="Nuevas credenciales para visitantes",
        body="Los visitantes ahora llevan credenciales impresas.",
        by=cast.secretary,
    )
    services.update_publish(update=published, by=cast.chair)
    draft, _ = services.update_save(
        committee=cast.high,
        title=_canary("UPDATE-DRAFT-TITLE", "high"),
        body=_canary("UPDATE-DRAFT-BODY", "high"),
        by=cast.secretary,
    )
    withdrawn, _ = services.update_save(
        committee=cast.high,
        title=_canary("UPDATE-WITHDRAWN-TITLE", "high"),
        body=_canary("UPDATE-WITHDRAWN-BODY", "high"),
        by=cast.secretary,
    )
    services.update_publish(update=withdrawn, by=cast.chair)
    services.update_withdraw(update=withdrawn, by=cast.chair, reason="Posted too early")
    for update in (draft, withdrawn):
        cast.canaries[update.title] = ("high", Level.COMMITTEE)
        cast.canaries[update.body] = ("high", Level.COMMITTEE)
    # A correction awaiting its second reader is not public yet (four eyes).
    pending = _canary("PENDING-CORRECTION", "high")
    services.update_correct(update=published, title=published.title, body=pending, by=cast.chair)
    cast.canaries[pending] = ("high", Level.COMMITTEE)
    cast.updates.update(published=published, draft=draft, withdrawn=withdrawn)


def _procedure(cast: Cast, committee_name: str) -> None:
    """A procedure per committee: its title is public, its words and copies restricted."""
    committee = getattr(cast, committee_name)
    procedure = procedure_services.procedure_create(
        committee=committee,
        kind="lockdown",
        title=f"Lockdown procedure ({committee_name})",
        body=_canary("PROCEDURE-BODY", committee_name),
        owner=cast.chair if committee_name == "high" else None,
        by=None,
    )
    version = procedure_services.procedure_version_add(
        procedure=procedure,
        body=_canary("PROCEDURE-BODY-V2", committee_name),
        note=_canary("PROCEDURE-NOTE", committee_name),
        by=None,
    )
    review = procedure_services.procedure_review_record(
        procedure=procedure, note=_canary("PROCEDURE-REVIEW", committee_name), by=None
    )
    if committee_name == "high":
        # A public title awaiting its second reader: as restricted as its procedure.
        pending = _canary("PENDING-PROCEDURE-TITLE", committee_name)
        procedure_services.procedure_public_title_propose(
            procedure=procedure, public_title=pending, by=cast.secretary
        )
        cast.canaries[pending] = (committee_name, Level.RESTRICTED)
    copy = procedure_services.procedure_copy_record(
        procedure=procedure,
        given_to=_canary("PROCEDURE-COPY", committee_name),
        how="printed",
        by=None,
    )
    for text in (version.body, version.note, review.note, copy.given_to):
        cast.canaries[text] = (committee_name, Level.RESTRICTED)
    cast.canaries[_canary("PROCEDURE-BODY", committee_name)] = (committee_name, Level.RESTRICTED)
    procedure.refresh_from_db()  # reviewed since it was made
    cast.procedures[committee_name] = procedure


def _incidents(cast: Cast, committee_name: str) -> None:
    """A school's incidents: a hazard a member reported, and a threat a parent reported."""
    from incidents import services as incidents

    committee = getattr(cast, committee_name)
    if committee.building is None:
        return
    reporters = {"high": (cast.staff, cast.parent)}
    fallback = UserFactory(district=committee.district)
    member, parent = reporters.get(committee_name, (fallback, fallback))
    for level, kind, reporter in (
        (Level.COMMITTEE, "facility_hazard", member),
        (Level.RESTRICTED, "threat", parent),
    ):
        incident = incidents.incident_report(
            building=committee.building,
            occurred_at=datetime.datetime(2026, 10, 20, 14, 0, tzinfo=datetime.UTC),
            area="East parking lot",
            kind=kind,
            severity="moderate",
            description=_canary(f"INCIDENT-{level.upper()}", committee_name),
            people_involved=_canary(f"INCIDENT-PEOPLE-{level.upper()}", committee_name),
            by=reporter,
        )
        assert incident.visibility == level
        for text in (incident.description, incident.people_involved):
            cast.canaries[text] = (committee_name, level)
        cast.incidents[(committee_name, level)] = incident


def _concerns(cast: Cast, committee_name: str) -> None:
    """A school's community concern, sent without signing in: the sender's words and
    contact are the committee's; the public sees only its status by reference number."""
    from incidents import concerns

    committee = getattr(cast, committee_name)
    if committee.building is None:
        return
    concern = concerns.concern_submit(
        building=committee.building,
        location=_canary("CONCERN-LOCATION", committee_name),
        description=_canary("CONCERN-DESCRIPTION", committee_name),
        name=_canary("CONCERN-NAME", committee_name),
        contact=_canary("CONCERN-CONTACT", committee_name),
        address=f"192.0.2.{len(cast.concerns) + 1}",
    )
    for text in (concern.location, concern.description):
        cast.canaries[text] = (committee_name, Level.COMMITTEE)
    # The sender is for those who triage the concern (cleared members, the chair, the
    # school's and the district's administrators): the readers of restricted records.
    for text in (concern.name, concern.contact):
        cast.canaries[text] = (committee_name, Level.RESTRICTED)
    cast.concerns[committee_name] = concern


def _drills(cast: Cast, committee_name: str) -> None:
    """A school's drills: a fire drill scored by the police, and a restricted crisis drill,
    each with canaries in its notes, the evaluator's remarks and the problem found."""
    from incidents import drills

    committee = getattr(cast, committee_name)
    if committee.building is None:
        return
    for level, kind, day in (
        (Level.COMMITTEE, "fire", 10),
        (Level.RESTRICTED, "crisis_response", 12),
    ):
        drill = drills.drill_plan(
            building=committee.building,
            kind=kind,
            held_at=datetime.datetime(2026, 11, day, 15, 0, tzinfo=datetime.UTC),
            duration_minutes=14,
            participants=800,
            notes=_canary(f"DRILL-{level.upper()}", committee_name),
            visibility=level,
            by=None,
        )
        observer = drills.drill_observer_add(
            drill=drill,
            name="Off. Dana Ruiz",
            role="Police evaluator",
            score=4,
            remarks=_canary(f"DRILL-REMARKS-{level.upper()}", committee_name),
            by=None,
        )
        problem = drills.drill_problem_add(
            drill=drill,
            description=_canary(f"DRILL-PROBLEM-{level.upper()}", committee_name),
            by=None,
        )
        for text in (drill.notes, observer.remarks, problem.description):
            cast.canaries[text] = (committee_name, level)
        cast.drills[(committee_name, level)] = drill


def _executive_session(cast: Cast) -> None:
    """An executive session of the high school committee, with its public record published."""
    meeting = services.meeting_schedule(
        committee=cast.high,
        title=_canary("EXECUTIVE-TITLE", "high"),
        kind="executive",
        starts_at=datetime.datetime(2026, 10, 21, 21, 0, tzinfo=datetime.UTC),
        public_purpose="To discuss school security procedures",
        location=_canary("EXECUTIVE-PLACE", "high"),
        by=None,
    )
    section = services.minutes_section_add(
        meeting=meeting,
        heading="Security procedures",
        body=_canary("EXECUTIVE-MINUTES", "high"),
        visibility=meeting.default_level,
        by=None,
    )
    vote = services.vote_record(
        section=section,
        motion=_canary("EXECUTIVE-MOTION", "high"),
        public_motion="Approve the updated building security plan",
        result="carried",
        yes=6,
        by=None,
    )
    for text in (meeting.title, meeting.location, section.body, vote.motion):
        cast.canaries[text] = ("high", Level.RESTRICTED)
    summary, _findings = services.summary_save(
        meeting=meeting,
        text="The committee met in executive session and approved an updated security plan.",
        by=cast.chair,
    )
    services.summary_publish(summary=summary, by=cast.principal)
    cast.executive = meeting


def _meeting(cast: Cast, committee_name: str) -> None:
    """A held meeting per committee: agenda, minutes, votes and attendance carry canaries."""
    committee = getattr(cast, committee_name)
    meeting = services.meeting_schedule(
        committee=committee,
        title=_canary("MEETING-TITLE", committee_name),
        starts_at=datetime.datetime(2026, 10, 14, 22, 0, tzinfo=datetime.UTC),
        location=_canary("MEETING-PLACE", committee_name),
        video_link=f"https://meet.example.org/{_canary('VIDEO', committee_name)}",
        by=None,
    )
    cast.meetings[committee_name] = meeting
    for text in (meeting.title, meeting.location, meeting.video_link.rsplit("/", 1)[1]):
        cast.canaries[text] = (committee_name, Level.COMMITTEE)
    for level in (Level.COMMITTEE, Level.RESTRICTED):
        agenda = services.agenda_item_add(
            meeting=meeting,
            title=_canary(f"AGENDA-{level.upper()}", committee_name),
            visibility=level,
            by=None,
        )
        section = services.minutes_section_add(
            meeting=meeting,
            heading=f"Discussion ({level})",
            agenda_item=agenda,
            body=_canary(f"MINUTES-{level.upper()}", committee_name),
            documents=_canary(f"DOCUMENT-{level.upper()}", committee_name)
            + " https://files.example.org/report.pdf",
            visibility=level,
            by=None,
        )
        vote = services.vote_record(
            section=section,
            motion=_canary(f"MOTION-{level.upper()}", committee_name),
            note=_canary(f"VOTE-NOTE-{level.upper()}", committee_name),
            result="carried",
            yes=5,
            by=None,
        )
        document = section.document_list[0][0]
        for text in (agenda.title, section.body, document, vote.motion, vote.note):
            cast.canaries[text] = (committee_name, level)
    # Approved, then edited: the approved text lives on as revision 1.
    services.minutes_approve(meeting=meeting, by=None)
    restricted = meeting.sections.get(visibility=Level.RESTRICTED)
    revised = _canary("MINUTES-REVISED-RESTRICTED", committee_name)
    services.minutes_section_edit(
        section=restricted,
        heading=restricted.heading,
        body=revised,
        visibility=Level.RESTRICTED,
        by=None,
    )
    cast.canaries[revised] = (committee_name, Level.RESTRICTED)
    draft = _canary("SUMMARY-DRAFT", committee_name)  # drafts are never public
    services.summary_save(meeting=meeting, text=draft, by=None)
    cast.canaries[draft] = (committee_name, Level.COMMITTEE)
    members = services.members_in_force(meeting)
    note = _canary("ATTENDANCE-NOTE", committee_name)
    services.attendance_record(
        meeting=meeting,
        by=None,
        statuses={m.pk: "present" for m in members},
        notes={m.pk: note for m in members},
        guests=[("Karen Doyle", "Westport Fire Department")],
    )
    if members:
        cast.canaries[note] = (committee_name, Level.COMMITTEE)


def _plan(cast: Cast, committee_name: str) -> None:
    """A plan per committee: milestones and attachments carry canaries too."""
    committee = getattr(cast, committee_name)
    plan = services.plan_create(
        committee=committee, school_year=2026, title="Safety improvement plan", by=None
    )
    cast.plans[committee_name] = plan
    for level in (Level.COMMITTEE, Level.RESTRICTED):
        title = _canary(f"MILESTONE-{level.upper()}", committee_name)
        milestone = services.milestone_create(
            plan=plan,
            title=title,
            public_title="Entrance security upgrades",
            category="access_control",
            target_date=datetime.date(2027, 3, 1),
            visibility=level,
            by=None,
        )
        cast.milestones[(committee_name, level)] = milestone
        cast.canaries[title] = (committee_name, level)
        item = cast.items[(committee_name, level)]
        services.action_item_edit(item=item, milestone=milestone, by=None)
        note = _canary(f"PROGRESS-{level.upper()}", committee_name)
        services.action_item_add_progress(item=item, by=None, note=note)
        cast.canaries[note] = (committee_name, level)
        name = _canary(f"FILENAME-{level.upper()}", committee_name) + ".txt"
        content = _canary(f"FILE-CONTENT-{level.upper()}", committee_name)
        evidence = _canary(f"EVIDENCE-{level.upper()}", committee_name)
        cast.canaries[evidence] = (committee_name, level)
        services.action_item_add_evidence(
            item=item,
            by=None,
            note=evidence,
            files=[SimpleUploadedFile(name, content.encode(), content_type="text/plain")],
        )
        cast.canaries[name] = (committee_name, level)
        cast.canaries[content] = (committee_name, level)
        cast.attachments[(committee_name, level)] = item.attachments.get()


def _file_storage(location) -> dict:
    return {
        **django_settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(location)},
        },
    }


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    """Uploaded files go to a folder of the test's own."""
    settings.STORAGES = _file_storage(tmp_path / "private")


def _tables() -> list:
    return [m for m in apps.get_models(include_auto_created=True) if m._meta.managed]


@pytest.fixture(scope="session")
def _cast_snapshot(django_db_setup, django_db_blocker, tmp_path_factory):
    """The cast built once through the services: its rows, its files and its objects.

    Building it costs seconds (every write checked, guarded and audited); a test gets the
    same rows in one insert per table, inside its own transaction, and its own copy of
    the objects. The build itself is rolled back: the database stays empty for tests
    that do not ask for the cast, and the ids it used are never handed out again.
    """
    files = tmp_path_factory.mktemp("cast-files")
    with django_db_blocker.unblock(), override_settings(STORAGES=_file_storage(files)):
        before = {
            model: set(model._base_manager.values_list("pk", flat=True)) for model in _tables()
        }
        with transaction.atomic():
            built = build_cast()
            rows = [
                (model, list(model._base_manager.exclude(pk__in=before[model]).order_by("pk")))
                for model in _tables()
            ]
            transaction.set_rollback(True)
    return built, [(model, objs) for model, objs in rows if objs], files


@pytest.fixture
def cast(db, _cast_snapshot) -> Cast:
    if not connection.in_atomic_block:
        # A test in real transactions (workers, other connections, on-commit hooks):
        # the cast is built for it, its hooks firing as they would.
        return build_cast()
    built, rows, files = _cast_snapshot
    for model, objs in rows:
        model._base_manager.bulk_create(objs)
    location = Path(django_settings.STORAGES["default"]["OPTIONS"]["location"])
    shutil.copytree(files, location, dirs_exist_ok=True)
    return copy.deepcopy(built)


@pytest.fixture
def login(client):
    """Sign the test client in as a person of the cast (None: stay anonymous)."""

    def sign_in(user):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return sign_in


def may_see(role: str, committee_name: str, level: str) -> bool:
    """The rule, stated plainly, for the cast's records."""
    if role == "other_admin":
        return committee_name == "other_committee"
    if role in {"anonymous", "outsider"}:
        return False
    if role == "district_admin":
        return committee_name != "other_committee"
    if committee_name == "high":
        allowed = SEES_RESTRICTED if level == Level.RESTRICTED else SEES_COMMITTEE
        return role in allowed
    if committee_name == "middle":
        return role == "stranger" and level != Level.RESTRICTED
    return False


__all__ = ["ROLES", "ActionItem", "Cast", "add_chains", "build_cast", "may_see"]
