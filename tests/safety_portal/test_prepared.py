"""The reads every request makes keep their plans on their connection
(safety_portal/prepared.py); nothing else does, and nothing does behind a pooler in
transaction mode."""

import datetime

import pytest
from django.db import connection
from django.db.backends.postgresql.base import Cursor as ClientBindingCursor
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from committees import access
from committees.models import Level
from followups.models import ActionItem
from safety_portal.prepared import plans_kept
from tests.factories import ActionItemFactory
from tests.helpers import run_django

pytestmark = pytest.mark.django_db


def _prepared() -> list[str]:
    """The statements this connection has prepared, as PostgreSQL lists them."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


def _scope_statements() -> list[str]:
    return [sql for sql in _prepared() if "committeeuserobjectpermission" in sql]


def _fresh(user):
    access.forget(user)
    return access.scope_for(user)


def test_the_scope_read_is_prepared_and_reads_what_it_did(cast, settings):
    settings.PREPARED_STATEMENTS = False
    unprepared = {role: _fresh(person) for role, person in cast.people.items()}
    settings.PREPARED_STATEMENTS = True
    for _ in range(2):  # prepared on the first read, its plan reused on the second
        kept = {role: _fresh(person) for role, person in cast.people.items()}
        assert kept == unprepared
    assert len(_scope_statements()) == 2  # a district administrator's shape and others'


def test_only_the_reads_of_every_request_are_prepared(cast, login):
    client = login(cast.parent)
    for _ in range(3):
        assert client.get(reverse("followups:items", args=[cast.high.pk])).status_code == 200
        assert client.get(reverse("meetings:list", args=[cast.high.pk])).status_code == 200
    prepared = _prepared()
    assert _scope_statements()
    # The committee of the page (the scope's statement reads committees too, inside its
    # UNION ALL: the committee's own statement is the one that starts with them).
    assert any(sql.startswith('SELECT "committees_committee"."id"') for sql in prepared)
    # The lists are planned for their values each time: a generic plan of a committee's
    # items reads every item of the largest committee.
    assert not [sql for sql in prepared if 'FROM "committees_actionitem" ' in sql]
    assert not [sql for sql in prepared if 'FROM "committees_meeting" ' in sql]


def test_the_block_leaves_the_connection_as_django_made_it(cast, login):
    """Outside the block every statement is bound on the client and never prepared, as
    Django's settings make the connection, even after an error inside it."""
    connection.ensure_connection()
    raw = connection.connection
    django_made = (ClientBindingCursor, None, False)

    def now():
        features = connection.features
        return raw.cursor_factory, raw.prepare_threshold, features.uses_server_side_binding

    assert now() == django_made
    with pytest.raises(ZeroDivisionError), plans_kept():
        assert raw.prepare_threshold == 0
        1 / 0  # noqa: B018 - an error inside the block
    assert now() == django_made
    for reader, status in ((cast.parent, 200), (cast.stranger, 404)):
        response = login(reader).get(reverse("meetings:list", args=[cast.high.pk]))
        assert response.status_code == status
        assert now() == django_made


def test_the_query_log_writes_a_prepared_statement_out_with_its_values(cast):
    with CaptureQueriesContext(connection) as queries:
        for _ in range(2):
            _fresh(cast.parent)
    logged = [query["sql"] for query in queries]
    assert len(logged) == 2
    for sql in logged:
        assert "committeeuserobjectpermission" in sql
        assert f'"user_id" IN ({cast.parent.pk})' in sql


def test_nothing_is_prepared_when_turned_off(cast, settings):
    settings.PREPARED_STATEMENTS = False
    before = _prepared()
    for person in cast.people.values():
        _fresh(person)
    assert _prepared() == before


def test_a_transaction_pooler_turns_prepared_statements_off():
    code = "from django.conf import settings\nprint(settings.PREPARED_STATEMENTS)\n"
    database = {"DATABASE_URL": "postgres://root@127.0.0.1:5432/postgres"}
    pooled = run_django(code, {**database, "DATABASE_TRANSACTION_POOLING": "true"})
    assert pooled.returncode == 0, pooled.stderr
    assert pooled.stdout.strip() == "False"
    direct = run_django(code, database)
    assert direct.stdout.strip() == "True"


def test_todays_items_keep_their_plan_and_the_gate_holds_under_it(cast, login):
    """Today's "due soon" read starts from the reader's own items, so its plan is kept.
    PostgreSQL turns to a plan made without the values after a few reads: under it the
    page shows what it showed, and nothing the gate or the chain keeps from a parent."""
    today = access.scope_for(cast.parent).today
    soon = today + datetime.timedelta(days=2)
    ActionItemFactory(
        committee=cast.high, assignee=cast.parent, title="Walk the bus loop", due_date=soon
    )
    ActionItemFactory(
        committee=cast.high,
        assignee=cast.parent,
        title="CANARY-TODAY-RESTRICTED",
        due_date=soon,
        visibility=Level.RESTRICTED,
    )
    # Committee level, but held by an executive session's restricted minutes: the chain.
    ActionItem.objects.create(
        committee=cast.high,
        assignee=cast.parent,
        title="CANARY-TODAY-HELD-BY-RESTRICTED-MINUTES",
        due_date=soon,
        minutes_section=cast.executive.sections.get(visibility=Level.RESTRICTED),
    )
    client = login(cast.parent)
    pages = [client.get(reverse("today")).content.decode()]
    with connection.cursor() as cursor:
        cursor.execute("SET plan_cache_mode = force_generic_plan")
    try:
        pages += [client.get(reverse("today")).content.decode() for _ in range(2)]
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET plan_cache_mode")
    assert [sql for sql in _prepared() if 'FROM "committees_actionitem" ' in sql]
    for page in pages:
        assert "Walk the bus loop" in page
        assert "CANARY-TODAY" not in page


def test_a_records_page_keeps_its_plan_and_the_gate_holds_under_it(cast):
    """A record read by its id (``get_visible_or_404``), and whether it is restricted
    along its chain, keep their plans: planning the gate's read with what it joins cost
    ten times running it. Under the plan made without the values, a parent still reads
    their committee's item, and still gets "not found" for a restricted one and for one
    held by an executive session's restricted minutes."""
    seen = ActionItemFactory(committee=cast.high, title="Walk the bus loop")
    restricted = ActionItemFactory(
        committee=cast.high, title="CANARY-PAGE-RESTRICTED", visibility=Level.RESTRICTED
    )
    held = ActionItem.objects.create(
        committee=cast.high,
        title="CANARY-PAGE-HELD-BY-RESTRICTED-MINUTES",
        minutes_section=cast.executive.sections.get(visibility=Level.RESTRICTED),
    )
    parent, chair = Client(), Client()
    parent.force_login(cast.parent)
    chair.force_login(cast.chair)

    def page(client, item):
        return client.get(reverse("followups:action_item", args=[item.pk]))

    assert page(parent, seen).status_code == 200
    with connection.cursor() as cursor:
        cursor.execute("SET plan_cache_mode = force_generic_plan")
    try:
        for _ in range(2):
            response = page(parent, seen)
            assert response.status_code == 200
            assert "Walk the bus loop" in response.content.decode()
            assert page(parent, restricted).status_code == 404
            assert page(parent, held).status_code == 404
            # The chair is cleared.
            assert "CANARY-PAGE-RESTRICTED" in page(chair, restricted).content.decode()
            # What the trail and the e-mails ask of records read without their chain.
            bare = ActionItem.objects.filter(pk__in=[seen.pk, restricted.pk, held.pk])
            assert set(access.restricted_of(list(bare))) == {restricted, held}
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET plan_cache_mode")
    items = [sql for sql in _prepared() if 'FROM "committees_actionitem" ' in sql]
    assert any('"committees_actionitem"."id" = $' in sql for sql in items)
    assert any('"committees_actionitem"."id" = ANY($' in sql for sql in items)
