"""The distinct values of a column within one group of rows, read by skipping along an
index on (group, column): one short index probe per value, whatever the group holds.

``SELECT DISTINCT column ... WHERE group = x`` reads every row of the group: a committee's
twenty thousand action items to find the nineteen people who hold one, more every year.
PostgreSQL 15 does not skip along an index by itself, so the query asks for it: the
smallest value, then the smallest value above it, and so on (a recursive CTE). Each step is
a ``MIN()``, which PostgreSQL answers from the index's first entry at or after a key, and
which SQLite (the demo's database) reads as well: its grammar has no parenthesised
``SELECT ... LIMIT 1`` in a compound. Part of the shared kit: imports nothing of the
project.
"""

from django.db import connections, models, router
from django.db.models.expressions import RawSQL


def distinct_values(model: type[models.Model], group: str, group_value, column: str) -> RawSQL:
    """The distinct non-null values of ``column`` among the rows of ``model`` whose
    ``group`` is ``group_value``: a subquery for another query (``pk__in=``), so that the
    values, which only narrow what is read next, cost no round trip of their own. Fast
    where an index on (``group``, ``column``) exists; the same answer where it does not."""
    quote = connections[router.db_for_read(model)].ops.quote_name
    table = quote(model._meta.db_table)
    group_column = quote(model._meta.get_field(group).column)
    value_column = quote(model._meta.get_field(column).column)
    sql = f"""
        WITH RECURSIVE found(value) AS (
            SELECT MIN({value_column}) FROM {table} WHERE {group_column} = %s
            UNION ALL
            SELECT (SELECT MIN({value_column}) FROM {table}
                    WHERE {group_column} = %s AND {value_column} > found.value)
            FROM found WHERE found.value IS NOT NULL
        )
        SELECT value FROM found WHERE value IS NOT NULL
    """  # noqa: S608 - names from the model's own metadata, quoted; values as parameters
    return RawSQL(sql, [group_value, group_value])  # noqa: S611 - the SQL above, values as parameters
