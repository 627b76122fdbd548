"""The sweep sends in batches: one transaction, one mail connection and one update per
batch, and its queries are per batch, not per message.

Exactly once with real workers, and faults of the broker, are in test_outbox_worker.py
and test_outbox_faults.py.
"""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audit.models import AuditEntry
from committees.models import Level
from followups.models import ActionItem
from notifications import registry, tasks
from notifications import services as outbox
from notifications.models import Kind, Notification
from tests.factories import UserFactory
from tests.notifications.backends import CountingBackend

pytestmark = pytest.mark.django_db
# What one message about an action item costs beyond its batch's queries: nothing. The
# item comes with its chain and committee in the batch's query for the records (so the
# gate reads nothing to decide on it), and the batch is composed under one savepoint.
PER_MESSAGE = 0


@pytest.fixture(autouse=True)
def _quiet(cast):
    Notification.objects.all().delete()
    mail.outbox = []


def _assigned(cast, n: int) -> list[int]:
    """``n`` pending "assigned to you" rows to the staff member, each about its own item."""
    items = ActionItem.objects.bulk_create(
        ActionItem(committee=cast.high, title=f"Radios {i}", assignee=cast.staff) for i in range(n)
    )
    return outbox.write((cast.staff.pk, Kind.ITEM_ASSIGNED, item, "p") for item in items)


def _sweep_queries(cast, n: int, people=None, **sweep) -> int:
    """The sweep's queries for ``n`` rows, each about its own item assigned to its person
    (``people`` in turn; the staff member by default)."""
    Notification.objects.all().delete()
    people = people or [cast.staff]
    items = ActionItem.objects.bulk_create(
        ActionItem(committee=cast.high, title=f"Radios {i}", assignee=people[i % len(people)])
        for i in range(n)
    )
    outbox.write((item.assignee_id, Kind.ITEM_ASSIGNED, item, "p") for item in items)
    with CaptureQueriesContext(connection) as queries:
        assert outbox.sweep(**sweep) == n
    assert Notification.objects.filter(status=Notification.Status.SENT).count() == n
    return len(queries)


def test_the_sweeps_own_queries_are_per_batch_not_per_message(cast):
    one, two = _sweep_queries(cast, 1), _sweep_queries(cast, 2)
    per_message = two - one
    assert per_message == PER_MESSAGE
    # One batch: the claim, a savepoint, the records, the preferences, what the
    # recipients may see, one update.
    assert _sweep_queries(cast, 60) == one + 59 * per_message
    # Each further batch costs the same few queries, whatever its size.
    per_batch = _sweep_queries(cast, 60, batch=30) - (one + 59 * per_message)
    assert 0 < per_batch <= 9
    assert _sweep_queries(cast, 60, batch=20) == one + 59 * per_message + 2 * per_batch


def test_a_batchs_queries_do_not_grow_with_its_people(cast):
    """What each recipient may see is worked out for them all at once."""
    people = [cast.staff, cast.chair, cast.principal, cast.parent, cast.district_admin]
    assert _sweep_queries(cast, 30, people=people) == _sweep_queries(cast, 30)


def test_a_batch_goes_over_one_mail_connection(cast, settings):
    settings.EMAIL_BACKEND = "tests.notifications.backends.CountingBackend"
    settings.EMAIL_CONNECTIONS = 1
    CountingBackend.opened = 0
    _assigned(cast, 30)
    assert outbox.sweep(batch=10) == 30
    assert CountingBackend.opened == 3
    assert len(mail.outbox) == 30


def test_a_batch_goes_over_several_connections_at_once_each_message_once(cast, settings):
    """EMAIL_CONNECTIONS senders share a batch: each opens its connection once, and
    every message goes once, to its own reader."""
    settings.EMAIL_BACKEND = "tests.notifications.backends.CountingBackend"
    settings.EMAIL_CONNECTIONS = 4
    CountingBackend.opened = 0
    pks = _assigned(cast, 30)
    assert outbox.sweep(batch=10) == 30
    assert CountingBackend.opened == 3 * 4
    assert len(mail.outbox) == 30
    assert len({message.subject for message in mail.outbox}) == 30
    assert set(Notification.objects.filter(pk__in=pks).values_list("status", flat=True)) == {
        Notification.Status.SENT
    }
    # A batch smaller than the connections opens one a message.
    CountingBackend.opened = 0
    _assigned(cast, 2)
    assert outbox.sweep() == 2
    assert CountingBackend.opened == 2


def test_a_sweep_out_of_time_leaves_the_rest_pending_and_due(cast, settings):
    settings.EMAIL_BACKEND = "tests.notifications.backends.SlowMemoryBackend"  # 0.05 s each
    settings.EMAIL_CONNECTIONS = 2
    pks = _assigned(cast, 20)
    handled = outbox.sweep(seconds=0.12)
    assert 0 < handled < 20
    rows = Notification.objects.filter(pk__in=pks)
    assert rows.filter(status=Notification.Status.SENT).count() == handled == len(mail.outbox)
    assert set(
        rows.exclude(status=Notification.Status.SENT).values_list("attempts", flat=True)
    ) == {0}
    assert outbox.sweep() == 20 - handled  # still due: the next sweep sends them, once
    assert len(mail.outbox) == 20


def test_a_database_error_in_one_builder_fails_that_message_only(cast, monkeypatch):
    """A bug that breaks a query must not stop the batch's other messages, nor the
    next sweeps (the row would come first again)."""
    bad, *good = _assigned(cast, 4)
    build = registry.builder_for(Kind.ITEM_ASSIGNED)

    def broken(row, user, subject):
        if row.pk == bad:
            with connection.cursor() as cursor:
                cursor.execute("SELECT no_such_column FROM notifications_notification")
        return build(row, user, subject)

    monkeypatch.setitem(registry._builders, Kind.ITEM_ASSIGNED, broken)
    assert outbox.sweep() == 4
    row = Notification.objects.get(pk=bad)
    assert row.status == Notification.Status.FAILED
    assert "no_such_column" in row.last_error
    assert set(Notification.objects.filter(pk__in=good).values_list("status", flat=True)) == {
        Notification.Status.SENT
    }
    assert len(mail.outbox) == 3


def test_a_batch_composed_again_after_a_failure_keeps_each_read_once(cast, monkeypatch):
    """The batch's composing is rolled back and done again, row by row, when a message
    fails: what the others wrote (the read of a restricted record) is kept once."""
    section = cast.executive.sections.get(visibility=Level.RESTRICTED)
    held = ActionItem.objects.create(  # committee, but held by a restricted section
        committee=cast.high, title="Held", minutes_section=section, assignee=cast.staff
    )
    outbox.write([(cast.staff.pk, Kind.ITEM_ASSIGNED, held, "p")])
    [bad] = _assigned(cast, 1)  # composed after the read was written, the first time
    build = registry.builder_for(Kind.ITEM_ASSIGNED)

    def broken(row, user, subject):
        if row.pk == bad:
            raise RuntimeError("a bug")
        return build(row, user, subject)

    monkeypatch.setitem(registry._builders, Kind.ITEM_ASSIGNED, broken)
    assert outbox.sweep() == 2
    assert Notification.objects.get(pk=bad).status == Notification.Status.FAILED
    [message] = mail.outbox
    assert "needs your attention" in message.subject
    reads = AuditEntry.objects.filter(action=AuditEntry.Action.ACCESS, actor=cast.staff)
    assert list(reads.values_list("object_id", "via")) == [(held.pk, "email")]


def test_a_change_with_many_rows_asks_for_one_sweep_not_a_task_each(
    cast, monkeypatch, django_capture_on_commit_callbacks
):
    asked = []
    monkeypatch.setattr(tasks.deliver, "delay", lambda pk: asked.append("deliver"))
    monkeypatch.setattr(tasks.sweep, "delay", lambda: asked.append("sweep"))
    item = ActionItem.objects.create(committee=cast.high, title="Radios")
    with django_capture_on_commit_callbacks(execute=True):
        outbox.notify(
            recipients=[cast.chair, cast.principal],
            kind=Kind.ITEM_ESCALATED,
            subject=item,
            period="p",
        )
    assert asked == ["deliver", "deliver"]
    asked.clear()
    people = UserFactory.create_batch(outbox.ONE_BY_ONE + 1, district=cast.district)
    with django_capture_on_commit_callbacks(execute=True):
        outbox.notify(recipients=people, kind=Kind.ITEM_ESCALATED, subject=item, period="p")
    assert asked == ["sweep"]
