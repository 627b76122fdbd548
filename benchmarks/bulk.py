"""Writing many rows fast: PostgreSQL's COPY through psycopg 3, one table at a time.

Rows are given as dicts of the fields that matter; every other column takes its
model default (computed once), so a column another change adds with a default does not
break the generator. Primary keys are given by the caller (it needs them for foreign
keys) taken from each table's sequence beforehand.
"""

import datetime
import json
from collections.abc import Iterable

from django.db import connection, models

NOW = datetime.datetime.now(datetime.UTC)


class MissingValue(Exception):
    """A NOT NULL column without a default that the generator does not fill."""


def _default(field: models.Field):
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return NOW
    if field.has_default():
        return field.get_default()
    if field.null:
        return None
    if isinstance(field, models.CharField | models.TextField):
        return ""
    return MissingValue


def reserve_ids(model: type[models.Model], n: int) -> range:
    """``n`` primary keys of the model's table, taken from its sequence.

    The sequence moves past them at once and never back, so no later insert is given
    one of them, whatever else has used the table (a test database's other rows,
    rolled back or not: a sequence is not).
    """
    if n <= 0:
        return range(0)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [model._meta.db_table])
        sequence = cursor.fetchone()[0]
        cursor.execute("SELECT nextval(%s)", [sequence])
        first = cursor.fetchone()[0]
        cursor.execute("SELECT setval(%s, %s)", [sequence, first + n - 1])
    return range(first, first + n)


def copy(model: type[models.Model], rows: Iterable[dict]) -> int:
    """COPY ``rows`` (dicts by attribute name, ``id`` included) into the model's table."""
    fields = model._meta.concrete_fields
    names = [field.attname for field in fields]
    defaults = [_default(field) for field in fields]
    json_at = [i for i, field in enumerate(fields) if isinstance(field, models.JSONField)]
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    pairs = list(zip(names, defaults, strict=True))
    written = 0
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(
            f"COPY {table} ({columns}) FROM STDIN"  # noqa: S608 - names from the model
        ) as copy_,
    ):
        for row in rows:
            values = [row.get(name, default) for name, default in pairs]
            for i in json_at:
                values[i] = json.dumps(values[i])
            if not written:
                _check_complete(model, names, values)
            copy_.write_row(values)
            written += 1
    return written


def _check_complete(model: type[models.Model], names: list[str], values: list) -> None:
    """Every row of a table has the same keys: the first one tells what is missing."""
    missing = [name for name, value in zip(names, values, strict=True) if value is MissingValue]
    if missing:
        raise MissingValue(f"{model._meta.label}: no value for {', '.join(missing)}")
