"""Exports and reports read from the read replica; everything else uses the primary.

With ``DATABASE_REPLICA_URL`` set, settings define ``DATABASES["replica"]`` and install
``ReplicaRouter``. Routing every read to a replica would break read-your-writes (a
person saves, and the page they are sent to does not show it yet), so reads go there
only inside ``on_replica``: the views that build a file to download (CSV, PDF, plain
text) and the reports, where many rows are read, nothing is read back that the same
request wrote, and a second of replication lag harms nobody. The gate's reads for
those files go with them: who may see what is decided on the replica too, so an access
change reaches an export within the replication lag (docs/scaling.md says what to
watch). Pages, feeds, the API, e-mail and tasks read from the primary.

Inside ``on_replica`` all writes still go to the primary (a read of a restricted record
is kept in the audit trail as the file is built), and so do the reads of any
transaction open on the primary, which must see its own writes.
"""

import contextlib
import functools
from contextvars import ContextVar

from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"
_reading_replica: ContextVar[bool] = ContextVar("reading_replica", default=False)


@contextlib.contextmanager
def reading_replica():
    """Reads inside go to the replica (when there is one)."""
    token = _reading_replica.set(True)
    try:
        yield
    finally:
        _reading_replica.reset(token)


def on_replica(view):
    """A download view whose reads go to the replica, a streamed body's included: each
    chunk is produced inside ``reading_replica``, since the stream is read after the
    view has returned."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        with reading_replica():
            response = view(request, *args, **kwargs)
        if response.streaming:
            response.streaming_content = _each_on_replica(response.streaming_content)
        return response

    return wrapper


def _each_on_replica(chunks):
    iterator = iter(chunks)
    while True:
        with reading_replica():
            chunk = next(iterator, None)
        if chunk is None:
            return
        yield chunk


class ReplicaRouter:
    """Installed only when a replica is configured (settings.DATABASE_ROUTERS)."""

    def db_for_read(self, model, **hints):
        if _reading_replica.get() and not connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return REPLICA
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        # Said outright: without an answer Django would write where a related object
        # was read from, the replica.
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        if {obj1._state.db, obj2._state.db} <= {DEFAULT_DB_ALIAS, REPLICA}:
            return True  # one database's rows, wherever they were read
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS  # the replica follows the primary's schema
