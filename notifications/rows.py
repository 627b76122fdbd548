"""Writing the outbox's rows: once each, whoever writes them and however often.

A scan hands over tens of thousands of rows per district, most of them written by an
earlier run. They go in ``BATCH`` rows at a time, each batch one ``INSERT … ON
CONFLICT DO NOTHING RETURNING id``: the database skips the rows that exist and names
the ones it added, so the cost is one query per batch, whatever the table holds, and
no re-read. On PostgreSQL the batch is sent as one array per column (``unnest``), so
the statement is the same few lines whatever the batch's size.

Each row carries its district (``Notification.district``): the addressee's, looked up
once per batch for the rows whose writer did not name it.
"""

from collections.abc import Iterable, Iterator
from itertools import islice

from django.contrib.auth import get_user_model
from django.db import connections, router
from django.db.models import Model

from notifications.models import Notification, Subscription
from notifications.registry import Row

# Rows per INSERT: on PostgreSQL 14 arrays of this length; elsewhere 14 parameters a row,
# split further where the database's limit asks (SQLite's, see _statements).
BATCH = 1000
# What a new row says for itself; every other column is the same for the whole batch.
ROW_FIELDS = {
    "recipient_id",
    "subscription_id",
    "district_id",
    "kind",
    "subject_type",
    "subject_id",
    "period",
}


def label(record: Model) -> str:
    return record._meta.label_lower


def write(rows: Iterable[Row]) -> list[int]:
    """Insert (recipient id, kind, subject, period) rows, once each; the ids of the new ones.

    A row that exists already (same recipient, kind, subject and period) is left
    alone and not returned, so scans and retried requests write nothing twice, and
    what comes back is what this call added (a scan counts it; ``notify`` enqueues it).
    """
    return insert(
        Notification(
            recipient_id=recipient_id,
            kind=kind,
            subject_type=label(subject),
            subject_id=subject.pk,
            period=str(period),
        )
        for recipient_id, kind, subject, period in rows
        if recipient_id is not None
    )


def insert(rows: Iterable[Notification]) -> list[int]:
    """Insert unsaved rows, skipping those that exist; the ids of the rows added here.

    A row exists when either unique constraint of ``Notification`` holds it (a
    person's, or a subscription's, same kind, subject and period): ``ON CONFLICT DO
    NOTHING`` with no target covers both partial indexes, and a repeat within
    ``rows`` too. Each row gives its addressee, kind, subject and period (and its
    district, or the addressee's is taken); every other column takes its default. The
    rows are read ``BATCH`` at a time, so a scan's generator is never held whole; every
    id returned is a new, pending row.
    """
    added: list[int] = []
    rows = iter(rows)
    while batch := list(islice(rows, BATCH)):
        _district_of_addressee(batch)
        added += _insert_batch(batch)
    return added


def _district_of_addressee(batch: list[Notification]) -> None:
    """Set the district of the rows that name none to their addressee's: a query for the
    batch's people and one for its subscribers, at most."""
    for addressee, model in (("recipient_id", get_user_model()), ("subscription_id", Subscription)):
        rows = [r for r in batch if r.district_id is None and getattr(r, addressee) is not None]
        if not rows:
            continue
        ids = {getattr(row, addressee) for row in rows}
        districts = dict(model._default_manager.filter(pk__in=ids).values_list("pk", "district_id"))
        for row in rows:
            row.district_id = districts.get(getattr(row, addressee))


def _insert_batch(batch: list[Notification]) -> list[int]:
    meta = Notification._meta
    connection = connections[router.db_for_write(Notification)]
    fields = [field for field in meta.concrete_fields if not field.primary_key]
    quote = connection.ops.quote_name
    into = f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(f.column) for f in fields)})"
    returning = f"ON CONFLICT DO NOTHING RETURNING {quote(meta.pk.column)}"
    # What Django itself would write for a new row (defaults, ``auto_now_add``), worked
    # out once for the fields a row does not set, then for each row the ones it does.
    template = Notification()
    fixed = {field.attname: _value(field, template, connection) for field in fields}
    own = [field for field in fields if field.attname in ROW_FIELDS]

    def values(row: Notification) -> list:
        mine = {field.attname: _value(field, row, connection) for field in own}
        return [mine.get(field.attname, fixed[field.attname]) for field in fields]

    added: list[int] = []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Each column as one array: the same short statement for every batch, where
            # a VALUES list of 14,000 parameters cost its parsing on both sides (about
            # half of a scan's repeat, every row of which exists already).
            arrays = ", ".join(f"%s::{field.db_type(connection)}[]" for field in fields)
            columns = [list(column) for column in zip(*map(values, batch), strict=True)]
            cursor.execute(f"{into} SELECT * FROM unnest({arrays}) {returning}", columns)  # noqa: S608
            return [pk for (pk,) in cursor.fetchall()]
        for statement in _statements(batch, fields, connection):
            row = "(" + ", ".join(["%s"] * len(fields)) + ")"
            params = [value for each in statement for value in values(each)]
            cursor.execute(f"{into} VALUES {', '.join([row] * len(statement))} {returning}", params)  # noqa: S608
            added += [pk for (pk,) in cursor.fetchall()]
    return added


def _statements(batch: list[Notification], fields, connection) -> Iterator[list[Notification]]:
    """The batch in as many statements as the database's parameter limit asks (one on
    PostgreSQL)."""
    size = max(1, connection.ops.bulk_batch_size(fields, batch))
    for start in range(0, len(batch), size):
        yield batch[start : start + size]


def _value(field, row: Notification, connection):
    return field.get_db_prep_save(field.pre_save(row, add=True), connection=connection)
