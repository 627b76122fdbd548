"""Words matched as the reader's language reads them, and the indexes that find them.

The search box (``safety_portal.search``) matches a record's words with PostgreSQL's
full-text search, in the dictionary of the reader's language ("alarms" finds "alarm",
"simulacros" finds "simulacro"). Worked out on every search, the words of every record
the reader may see were read and parsed again: a district administrator's search cost
250 ms in the action items and 130 in the minutes at statewide scale, whatever it found.

So each kind whose table grows with the years keeps a GIN index of its words for each
dictionary, and a search is an index lookup (a word found in a few records: under a
millisecond). PostgreSQL uses an index only for the very expression it was built on:
the search and the index both take theirs from ``words`` here.

The indexes are PostgreSQL's only. The demo's SQLite searches without a dictionary
(every word somewhere in the record's text) and has no use for them.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db.migrations.operations.base import Operation

DICTIONARIES = {"en": "english", "es": "spanish", "pt": "portuguese"}

# The text searched of each kind that keeps word indexes: their tables grow with every
# year of a district's work (a state holds a million action items and half a million
# sections of minutes). Concerns and procedures are read whole: a district has a few
# hundred of each.
INDEXED = {
    "followups.ActionItem": ("title", "description"),
    "meetings.Meeting": ("title", "location"),
    "meetings.MinutesSection": ("heading", "body"),
    "incidents.Incident": ("area", "description"),
}


def words(fields: tuple[str, ...], dictionary: str) -> SearchVector:
    """A record's words as a search in ``dictionary`` matches them, and as its index
    holds them."""
    return SearchVector(*fields, config=dictionary)


def indexes(label: str) -> list[GinIndex]:
    """The word indexes of the model ``label`` ("followups.ActionItem"), one for each
    dictionary."""
    fields, model_name = INDEXED[label], label.split(".")[1].lower()
    return [
        GinIndex(words(fields, dictionary), name=f"{model_name}_words_{code}")
        for code, dictionary in DICTIONARIES.items()
    ]


class AddWordIndexes(Operation):
    """A migration's step: the word indexes of one model, on PostgreSQL only, built
    without holding back writes to the table (``CREATE INDEX CONCURRENTLY``: the
    migration says ``atomic = False``). They are not in the model's state, so a
    table SQLite copies to alter it is copied without them."""

    reversible = True

    def __init__(self, label: str):
        self.label = label

    def deconstruct(self):
        return self.__class__.__qualname__, [self.label], {}

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            model = to_state.apps.get_model(self.label)
            for index in indexes(self.label):
                sql = index.create_sql(model, schema_editor, concurrently=True)
                schema_editor.execute(sql, params=None)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            model = from_state.apps.get_model(self.label)
            for index in indexes(self.label):
                schema_editor.execute(index.remove_sql(model, schema_editor, concurrently=True))

    def describe(self):
        return f"Word indexes of {self.label} (PostgreSQL)"
