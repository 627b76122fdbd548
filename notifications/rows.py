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
from typing import NamedTuple

from django.contrib.auth import get_user_model
from django.db import connections, router
from django.db.models import Model

from notifications.models import Notification, Subscription
from notifications.registry import Row

# Rows per INSERT: on PostgreSQL 14 arrays of this length; elsewhere 14 parameters a row,
# split further where the database's limit asks (SQLite's, see _statements).
BATCH = 1000


class New(NamedTuple):
    """A row to write: what it says for itself (``Notification``'s fields of these names);
    every other column is the same for the whole batch. Plain values, not a model
    instance: making and reading one ``Notification`` a row was half of writing a scan's
    batch. Its addressee is a person, a subscription, or neither (the sender of the
    record, at the address it holds)."""

    kind: str
    subject_type: str
    subject_id: int
    period: str
    recipient_id: int | None = None
    subscription_id: int | None = None
    district_id: int | None = None  # None: the addressee's


def label(record: Model) -> str:
    return record._meta.label_lower


def write(rows: Iterable[Row]) -> list[int]:
    """Insert (recipient id, kind, subject, period) rows, once each; the ids of the new ones.

    A row that exists already (same recipient, kind, subject and period) is left
    alone and not returned, so scans and retried requests write nothing twice, and
    what comes back is what this call added (a scan counts it; ``notify`` enqueues it).
    """
    return insert(
        New(str(kind), label(subject), subject.pk, str(period), recipient_id=recipient_id)
        for recipient_id, kind, subject, period in rows
        if recipient_id is not None
    )


def insert(rows: Iterable[New]) -> list[int]:
    """Insert rows, skipping those that exist; the ids of the rows added here.

    A row exists when either unique constraint of ``Notification`` holds it (a
    person's, or a subscription's, same kind, subject and period): ``ON CONFLICT DO
    NOTHING`` with no target covers both partial indexes, and a repeat within
    ``rows`` too. A row that names no district takes its addressee's. The rows are read
    ``BATCH`` at a time, so a scan's generator is never held whole; every id returned is
    a new, pending row.
    """
    added: list[int] = []
    rows = iter(rows)
    while batch := list(islice(rows, BATCH)):
        added += _insert_batch(_district_of_addressee(batch))
    return added


def _district_of_addressee(batch: list[New]) -> list[New]:
    """The rows, those that name no district given their addressee's: a query for the
    batch's people and one for its subscribers, at most."""
    for addressee, model in (("recipient_id", get_user_model()), ("subscription_id", Subscription)):
        ids = {getattr(row, addressee) for row in batch if _unplaced(row, addressee)}
        if not ids:
            continue
        districts = dict(model._default_manager.filter(pk__in=ids).values_list("pk", "district_id"))
        batch = [
            row._replace(district_id=districts.get(getattr(row, addressee)))
            if _unplaced(row, addressee)
            else row
            for row in batch
        ]
    return batch


def _unplaced(row: New, addressee: str) -> bool:
    """The row names no district, and names this kind of addressee."""
    return row.district_id is None and getattr(row, addressee) is not None


def _insert_batch(batch: list[New]) -> list[int]:
    meta = Notification._meta
    connection = connections[router.db_for_write(Notification)]
    fields = [field for field in meta.concrete_fields if not field.primary_key]
    quote = connection.ops.quote_name
    into = f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(f.column) for f in fields)})"
    returning = f"ON CONFLICT DO NOTHING RETURNING {quote(meta.pk.column)}"
    # What Django itself would write for a new row (defaults, ``auto_now_add``), worked
    # out once for the fields a row does not set; a row's own fields are plain values.
    template = Notification()
    fixed = {
        field.attname: field.get_db_prep_save(field.pre_save(template, add=True), connection)
        for field in fields
        if field.attname not in New._fields
    }
    own = {name: place for place, name in enumerate(New._fields)}

    added: list[int] = []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Each column as one array: the same short statement for every batch, where
            # a VALUES list of 14,000 parameters cost its parsing on both sides (about
            # half of a scan's repeat, every row of which exists already).
            arrays = ", ".join(f"%s::{field.db_type(connection)}[]" for field in fields)
            columns = list(zip(*batch, strict=True))
            params = [
                list(columns[own[field.attname]])
                if field.attname in own
                else [fixed[field.attname]] * len(batch)
                for field in fields
            ]
            cursor.execute(f"{into} SELECT * FROM unnest({arrays}) {returning}", params)  # noqa: S608
            return [pk for (pk,) in cursor.fetchall()]
        for statement in _statements(batch, fields, connection):
            row = "(" + ", ".join(["%s"] * len(fields)) + ")"
            params = [
                each[own[field.attname]] if field.attname in own else fixed[field.attname]
                for each in statement
                for field in fields
            ]
            cursor.execute(f"{into} VALUES {', '.join([row] * len(statement))} {returning}", params)  # noqa: S608
            added += [pk for (pk,) in cursor.fetchall()]
    return added


def _statements(batch: list[New], fields, connection) -> Iterator[list[New]]:
    """The batch in as many statements as the database's parameter limit asks (one on
    PostgreSQL)."""
    size = max(1, connection.ops.bulk_batch_size(fields, batch))
    for start in range(0, len(batch), size):
        yield batch[start : start + size]
