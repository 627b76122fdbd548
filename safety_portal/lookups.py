"""``<key>__any=[ids]``: ``IN``, the ids sent as one array on PostgreSQL.

Written as ``IN (%s, %s, ...)``, a list of ids costs Django and psycopg work per id on
every query: each value prepared, quoted into the SQL text, and the text split again
(psycopg keeps no parse of a statement that long). The gate writes a district
administrator's fifty committees into a query several times over: Today sent nearly
1,900 parameters in 30 queries. As ``= ANY(%s)`` the list is one parameter, and
PostgreSQL plans it as it plans ``IN``, which it rewrites to ``= ANY`` itself. Other
databases (SQLite, the quick start) are given ``IN``.

For integer keys only: primary keys and foreign keys. Part of the shared kit: imports
nothing of the project.
"""

from django.core.exceptions import EmptyResultSet
from django.db.models import ForeignObject, IntegerField
from django.db.models.lookups import In


class AnyOf(In):
    lookup_name = "any"

    def get_prep_lookup(self):
        if hasattr(self.rhs, "resolve_expression"):
            raise TypeError("__any takes a list of ids; use __in for a subquery.")
        return sorted({int(value) for value in self.rhs if value is not None})

    def as_postgresql(self, compiler, connection):
        if not self.rhs:
            raise EmptyResultSet
        lhs, params = self.process_lhs(compiler, connection)
        if len(self.rhs) == 1:
            # One id is an equality, as PostgreSQL makes of IN (one): the index on
            # (committee, due date) then hands a list its rows in order, and the page
            # stops at fifty. "= ANY" of even one element cannot promise an order
            # (before PostgreSQL 17), and the page sorted the committee's whole history.
            return f"{lhs} = %s", (*params, self.rhs[0])
        array = f"{self.lhs.output_field.rel_db_type(connection)}[]"
        return f"{lhs} = ANY(%s::{array})", (*params, self.rhs)


def register() -> None:
    """Make ``__any`` a lookup of every integer field and every foreign key (at start-up,
    from the project's app config)."""
    IntegerField.register_lookup(AnyOf)
    ForeignObject.register_lookup(AnyOf)
