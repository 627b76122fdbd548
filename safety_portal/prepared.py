"""Statements PostgreSQL plans once per connection, for the few reads every request
makes, for a record read by its id through the gate (``access.get_visible_or_404``, and
whether records are restricted along their chain), and for Today's reads that start
from the reader's own rows.

Django binds parameters on the client, so PostgreSQL parses and plans every statement
again on every request. For the reader's scope (a ``UNION ALL`` of five reads) planning
took several times longer than running it. Statements run inside ``plans_kept()`` are
bound on the server and prepared on first use: later requests on the same connection
reuse the plan.

A prepared plan becomes generic (made without the values) once PostgreSQL finds it no
worse than the plans made for the values. So only statements whose best plan is the
same whatever the values belong here, such as lookups by a person's or a record's
id. A page's list does not: a generic plan for a committee's items reads every item of
the largest committee to sort them (docs/benchmarks.md).

Behind a pooler in transaction mode (``DATABASE_TRANSACTION_POOLING``), the next
transaction may run on another server connection, which has not prepared the statement.
There ``settings.PREPARED_STATEMENTS`` is False, and the block runs as any other.
"""

import contextlib

from django.conf import settings
from django.db import connections
from django.db.backends.postgresql.base import ServerBindingCursor


@contextlib.contextmanager
def plans_kept(using: str = "default"):
    """Within the block, statements on the ``using`` connection are prepared (on
    PostgreSQL, unless turned off in settings); outside it, none are."""
    connection = connections[using]
    if connection.vendor != "postgresql" or not settings.PREPARED_STATEMENTS:
        yield
        return
    connection.ensure_connection()
    raw, features = connection.connection, connection.features
    factory, threshold = raw.cursor_factory, raw.prepare_threshold
    binding = features.uses_server_side_binding
    raw.cursor_factory, raw.prepare_threshold = ServerBindingCursor, 0
    # So that the query log (DEBUG, tests) writes the statement out from its values, as
    # Django does where every statement is bound on the server; psycopg keeps no text
    # of a prepared one.
    features.uses_server_side_binding = True
    try:
        yield
    finally:
        raw.cursor_factory, raw.prepare_threshold = factory, threshold
        features.uses_server_side_binding = binding
