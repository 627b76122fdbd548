"""Signing in and reading the signed-in person, with their district.

Every signed-in page reads the person's district (its time zone, the categories it
clears): ``get_user`` loads it in the same query as the person, one query less on
every request. A service account never signs in, whatever its row says.

That read is one row by its key, on every request. Its SQL is written once per process
from the models' own names, as the session's is (accounts/sessions.py): Django building
and compiling the same two-table read took twice what running it did (about 0.6 of
0.9 ms on the benchmark's machine), and its plan is kept (safety_portal/prepared.py).
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError
from django.db import connections, models, router

from safety_portal import prepared


class PortalBackend(ModelBackend):
    def get_user(self, user_id):
        user = read_person(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None

    def user_can_authenticate(self, user) -> bool:
        # A service account has no password, and no session either: only its tokens.
        return super().user_can_authenticate(user) and not user.is_service_account


def read_person(user_id):
    """The person with this id, their district read with them, or None. The same
    instances as ``User.objects.select_related("district").get(pk=user_id)``."""
    person = get_user_model()
    try:
        pk = person._meta.pk.to_python(user_id)
    except ValidationError:
        return None
    using = router.db_for_read(person)
    connection = connections[using]
    read = _READS.get((person, connection.vendor)) or _write_read(person, connection)
    with prepared.plans_kept(using), connection.cursor() as cursor:
        cursor.execute(read.sql, [pk])
        row = cursor.fetchone()
    if row is None:
        return None
    values = list(row)
    for index, converters, column in read.conversions:
        for convert in converters:
            values[index] = convert(values[index], column, connection)
    own = len(read.person_names)
    user = person.from_db(using, read.person_names, values[:own])
    district = None
    if user.district_id is not None:
        district = read.district_field.related_model.from_db(
            using, read.district_names, values[own:]
        )
    read.district_field.set_cached_value(user, district)
    return user


@dataclass(frozen=True)
class _Read:
    sql: str
    person_names: list[str]
    district_names: list[str]
    district_field: models.ForeignKey
    # (position in the row, the converters Django would apply, the column they are given)
    conversions: list[tuple[int, list, models.expressions.Col]]


# (user model, database vendor) -> its read.
_READS: dict[tuple[type[models.Model], str], _Read] = {}


def _write_read(person: type[models.Model], connection) -> _Read:
    """The person's columns, then their district's (NULLs for a person of no district,
    such as a superuser), by the person's key. Names from the models' metadata, quoted;
    the key a parameter."""
    quote = connection.ops.quote_name
    district_field = person._meta.get_field("district")
    district = district_field.related_model
    tables = [(person, "p"), (district, "d")]
    fields = [(field, alias) for model, alias in tables for field in model._meta.concrete_fields]
    columns = ", ".join(f"{alias}.{quote(field.column)}" for field, alias in fields)
    join = (
        f"LEFT JOIN {quote(district._meta.db_table)} d "
        f"ON d.{quote(district_field.target_field.column)} = p.{quote(district_field.column)}"
    )
    sql = (
        f"SELECT {columns} FROM {quote(person._meta.db_table)} p {join} "  # noqa: S608
        f"WHERE p.{quote(person._meta.pk.column)} = %s"
    )
    conversions = []
    for index, (field, alias) in enumerate(fields):
        column = field.get_col(alias)
        converters = connection.ops.get_db_converters(column) + field.get_db_converters(connection)
        if converters:
            conversions.append((index, converters, column))
    read = _Read(
        sql=sql,
        person_names=[field.attname for field in person._meta.concrete_fields],
        district_names=[field.attname for field in district._meta.concrete_fields],
        district_field=district_field,
        conversions=conversions,
    )
    _READS[(person, connection.vendor)] = read
    return read
