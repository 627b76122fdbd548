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
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import redis
from django.apps import apps
from django.conf import settings as django_settings
from django.db import connection, transaction
from django.test.utils import override_settings

from accounts import services as account_services
from committees import services
from committees.models import Category, Level, Position
from followups.models import ActionItem
from meetings import services as meeting_services
from safety_portal.celery import app
from tests.assessments.cast import add_assessments
from tests.cast_base import Cast, canary
from tests.compliance.cast import add_duties
from tests.databases import end_stale_sessions
from tests.factories import ActionItemFactory, BuildingFactory, DistrictFactory, UserFactory
from tests.followups.cast import add_plan
from tests.incidents.cast import add_concerns, add_drills, add_incidents
from tests.meetings.cast import add_executive_session, add_meeting
from tests.procedures.cast import add_procedure
from tests.publishing.cast import add_updates

# Fixtures of parts of the suite, shared across its features.
pytest_plugins = ["tests.admin_site"]

PASSWORD = "correct horse battery"


def pytest_configure(config):
    from django.conf import settings

    # Hashing passwords for real costs a second per person; tests need no such strength.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    _replica_as_a_mirror(settings)
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


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings):
    """pytest-django's (each xdist worker's database named after it), then the sessions a
    run stopped from outside left on it are ended, so that it can be made afresh."""
    end_stale_sessions()


def _replica_as_a_mirror(settings) -> None:
    """The primary stands in for the read replica: the alias "replica" is a test mirror of
    "default" (the same test database, each xdist worker's own, through a second
    connection). The router is off, whatever the environment says: a test that reads from
    the replica turns it on, in real transactions, since the second connection sees only
    what is committed (tests/safety_portal/test_db_router.py)."""
    default = settings.DATABASES["default"]
    settings.DATABASES.setdefault(
        "replica", {**default, "TEST": {**default.get("TEST", {}), "MIRROR": "default"}}
    )
    settings.DATABASE_ROUTERS = []


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
def _site_language():
    """Each test starts in the site's language: a request to a page in another language
    leaves that language active in the thread (LocaleMiddleware never turns it off)."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache (the real Redis under `make test`)."""
    from django.core.cache import cache

    cache.clear()
    yield


SEATS = {
    "parent": ("parent.high", "high", Category.FAMILY, Position.MEMBER, False),
    "student": ("student.high", "high", Category.STUDENT, Position.MEMBER, False),
    "staff": ("staff.high", "high", Category.STAFF, Position.MEMBER, False),
    "cleared_staff": ("counselor.high", "high", Category.MENTAL_HEALTH, Position.MEMBER, True),
    "officer": ("officer.high", "high", Category.POLICE, Position.MEMBER, True),
    "secretary": ("secretary.high", "high", Category.STAFF, Position.SECRETARY, True),
    "chair": ("chair.high", "high", Category.STAFF, Position.CHAIR, True),
    "stranger": ("parent.middle", "middle", Category.FAMILY, Position.MEMBER, False),
}

# A chair need not be cleared (ACCESS.md, "Roles": restricted "if cleared"): the matrix's
# cast seats one more, a parent co-chair of the high school committee, who runs the
# committee as the chair does and never reads its restricted records (add_co_chair).
CO_CHAIR = ("cochair.high", "high", Category.FAMILY, Position.CO_CHAIR, False)

# Roles and what they may see of the high school committee.
MANAGERS = {"chair", "co_chair", "principal", "district_admin"}
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
# The matrix's roles: the cast's, and the uncleared co-chair it seats (add_co_chair).
MATRIX_ROLES = [*ROLES, "co_chair"]
SEES_COMMITTEE = {
    "co_chair",
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
            title = canary(level.upper(), committee_name)
            item = ActionItemFactory(
                committee=committee,
                visibility=level,
                title=title,
                description=canary(level.upper() + "-DESC", committee_name),
                assignee=cast.people["chair"] if committee_name == "high" else None,
            )
            cast.items[(committee_name, level)] = item
            cast.canaries[title] = (committee_name, level)
            cast.canaries[item.description] = (committee_name, level)
        add_plan(cast, committee_name)
        add_meeting(cast, committee_name)
        add_procedure(cast, committee_name)
        add_incidents(cast, committee_name)
        add_concerns(cast, committee_name)
        add_drills(cast, committee_name)
        add_assessments(cast, committee_name)
    add_duties(cast)
    notice = meeting_services.meeting_notice_propose(
        meeting=cast.meetings["high"],
        title="Fall safety committee meeting",
        place="Westport High School",
        by=cast.principal,
    )
    services.public_text_approve(change=notice, by=cast.chair)
    add_executive_session(cast)
    add_updates(cast)
    cast.api_token, _key = account_services.api_token_create(
        user=cast.outsider, name="Facilities work orders", days=90
    )
    return cast


def add_co_chair(cast: Cast) -> None:
    """The matrix's uncleared co-chair of the high school committee (``CO_CHAIR``), and
    what an uncleared chair must not be told of: a restricted executive session whose
    public summary is a draft, awaiting a reviewer (its title and place are restricted)."""
    username, committee, category, position, cleared = CO_CHAIR
    person = UserFactory(username=username, district=cast.district)
    services.membership_add(
        committee=getattr(cast, committee),
        user=person,
        category=category,
        position=position,
        restricted_clearance=cleared,
        term_start=datetime.date(2026, 9, 1),
    )
    cast.people["co_chair"] = person
    meeting = meeting_services.meeting_schedule(
        committee=cast.high,
        title=canary("EXECUTIVE-DRAFT-TITLE", "high"),
        kind="executive",
        starts_at=datetime.datetime(2026, 10, 7, 21, 0, tzinfo=datetime.UTC),
        public_purpose="To discuss school security procedures",
        location=canary("EXECUTIVE-DRAFT-PLACE", "high"),
        by=None,
    )
    meeting_services.summary_save(
        meeting=meeting,
        text="The committee met in executive session to review building security.",
        by=cast.secretary,
    )
    for text in (meeting.title, meeting.location):
        cast.canaries[text] = ("high", Level.RESTRICTED)


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
        meeting=meeting, order=90, title=canary("EXEC-AGENDA-COMMITTEE", "high")
    )
    section = MinutesSection.objects.create(
        meeting=meeting,
        order=90,
        agenda_item=agenda,
        heading=canary("EXEC-HEADING-COMMITTEE", "high"),
        body=canary("EXEC-SECTION-COMMITTEE", "high"),
        visibility=Level.COMMITTEE,
    )
    vote = Vote.objects.create(
        section=section, motion=canary("EXEC-VOTE-COMMITTEE", "high"), result="carried"
    )
    from_minutes = ActionItemFactory(
        committee=cast.high,
        minutes_section=section,
        source=ActionItem.Source.MEETING,
        source_detail=f"{meeting.title}: {section.heading}",
        title=canary("FROM-EXEC-MINUTES", "high"),
        assignee=cast.chair,
    )
    from_threat = ActionItemFactory(
        committee=cast.high,
        source=ActionItem.Source.INCIDENT,
        title=canary("FROM-THREAT", "high"),
        assignee=cast.chair,
    )
    FollowUp.objects.create(item=from_threat, incident=cast.incidents[("high", Level.RESTRICTED)])
    for text in (agenda.title, section.heading, section.body, vote.motion):
        cast.canaries[text] = ("high", Level.RESTRICTED)
    for item in (from_minutes, from_threat):
        cast.canaries[item.title] = ("high", Level.RESTRICTED)
        cast.chained.append(("high", Level.RESTRICTED, item))

    # Approved at committee level, then raised: the kept revision is raised with it.
    reclassified = meeting_services.meeting_schedule(
        committee=cast.high,
        title="Visitor management review",
        starts_at=datetime.datetime(2026, 10, 28, 22, 0, tzinfo=datetime.UTC),
        location="Library",
        by=None,
    )
    section = meeting_services.minutes_section_add(
        meeting=reclassified,
        heading="Visitor badges",
        body=canary("RECLASSIFIED-APPROVED", "high"),
        by=None,
    )
    meeting_services.minutes_approve(meeting=reclassified, by=None)
    meeting_services.minutes_section_edit(
        section=section,
        heading=section.heading,
        body=canary("RECLASSIFIED-NOW", "high"),
        visibility=Level.RESTRICTED,
        by=None,
    )
    cast.canaries[canary("RECLASSIFIED-APPROVED", "high")] = ("high", Level.RESTRICTED)
    cast.canaries[canary("RECLASSIFIED-NOW", "high")] = ("high", Level.RESTRICTED)
    draft = canary("RECLASSIFIED-SUMMARY-DRAFT", "high")  # drafts are never public
    meeting_services.summary_save(meeting=reclassified, text=draft, by=None)
    cast.canaries[draft] = ("high", Level.COMMITTEE)
    cast.reclassified = reclassified


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


__all__ = [
    "MATRIX_ROLES",
    "ROLES",
    "ActionItem",
    "Cast",
    "add_chains",
    "add_co_chair",
    "build_cast",
    "may_see",
]
