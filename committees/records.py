"""One way to update a record's fields and know what changed. Imports no model.

Services that edit a record (an action item, a milestone, a meeting, a membership, a
drill rule, a status move) set the new values through ``fields_set``, which returns
what really changed; they validate, save ``update_fields=list(changed)`` and write the
history row their kind keeps from it.
"""

from collections.abc import Mapping


def fields_set(record, values: Mapping[str, object]) -> dict[str, tuple[object, object]]:
    """Set ``values`` on ``record`` (unsaved); return ``{name: (before, after)}`` of those
    that differ from what it held, in the order given."""
    changed = {
        name: (getattr(record, name), value)
        for name, value in values.items()
        if getattr(record, name) != value
    }
    for name, value in values.items():
        setattr(record, name, value)
    return changed
