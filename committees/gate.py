"""How a kind of record joins the access gate: its committee, its level, its chain.

Models declare themselves here (``@gated(...)``); ``committees.access`` decides on what
they declare. This module imports no model, so that any app's models can join without
importing the gate's readers, and the gate can import the models it reads.
"""

from dataclasses import dataclass, replace
from enum import StrEnum

from django.db import models


class Cap(StrEnum):
    """What a person may do on a committee: the codenames of Committee's permissions."""

    VIEW = "view_committee_area"
    VIEW_RESTRICTED = "view_restricted"
    RECORD_MEETINGS = "record_meetings"
    ASSIGN_ACTION_ITEMS = "assign_action_items"
    MANAGE_MEMBERSHIP = "manage_membership"
    DRAFT_PUBLIC_UPDATE = "draft_public_update"
    PUBLISH_PUBLIC_UPDATE = "publish_public_update"


VIEW = "view"  # the capability ``can`` answers for one record
# Update progress and status of one record: its assignee, or whoever assigns on its committee.
UPDATE = "update"

PUBLIC, COMMITTEE, RESTRICTED = "public", "committee", "restricted"
# From the least to the most strict: a record's effective level is the highest along its chain.
RANK = {PUBLIC: 0, COMMITTEE: 1, RESTRICTED: 2}


@dataclass(frozen=True)
class Gated:
    """How a kind of record joins the gate: its committee and its level.

    committee: the path from the record to its Committee ("" for Committee itself).
    level: the field holding the record's level; None when the whole kind sits at
        one level and needs the capability ``requires``.
    requires: the capability a reader needs on the committee. With a level, it comes on
        top of the level's own rule (a roster's records: managers only, and a restricted
        one only for the cleared among them).
    published: a field that is set once the record is published; only then is a
        ``public`` record visible to everyone.
    named_grants: whether guardian per-record grants can share a record.
    assignee: a field naming the person the record is assigned to, who sees it even
        from outside the committee (and nothing else of the committee).
    within: the level paths of the records that hold this one (its meeting, the minutes
        section or incident it was made from). The gate decides on the strictest level
        along the chain, so a child is never seen where its container is not; a path that
        leads nowhere (an item made from no section) does not count.
    restricted_only: every record of the kind is restricted (a procedure and what it
        holds): only the cleared see any, and a reader cleared on none of the committees
        asked is answered with no query. A row at another level would only be hidden
        from members who are not cleared, never shown to anyone more.
    """

    committee: str
    level: str | None = None
    published: str | None = None
    named_grants: bool = False
    assignee: str | None = None
    requires: Cap = Cap.VIEW
    within: tuple[str, ...] = ()
    restricted_only: bool = False

    def __post_init__(self) -> None:
        if self.within and (self.level is None or self.published):
            # A published record is a public projection written on its own (a summary, a
            # notice): it does not inherit the level of what it speaks about.
            raise TypeError("Only records with a level of their own, never published, chain.")
        if self.restricted_only and self.level is None:
            # Without a level the gate never asks one: the declaration would say nothing.
            raise TypeError("restricted_only is for records with a level.")

    def committee_lookup(self) -> str:
        """The record's committee is one of a list of ids (``__any``: one array
        parameter, however many ids; safety_portal/lookups.py)."""
        return f"{self.committee}__any" if self.committee else "pk__any"

    def district_lookup(self) -> str:
        return f"{self.committee}__district_id" if self.committee else "district_id"

    def committee_id_of(self, obj: models.Model) -> int | None:
        if not self.committee:
            return obj.pk
        *hops, last = self.committee.split("__")
        for hop in hops:
            obj = getattr(obj, hop, None)
            if obj is None:
                return None
        return getattr(obj, f"{last}_id", None)


REGISTRY: dict[type[models.Model], Gated] = {}


def gated(**spec) -> callable:
    """Class decorator: declare a model's committee and level; the gate then covers it."""

    def register(model: type[models.Model]) -> type[models.Model]:
        REGISTRY[model] = Gated(within=tuple(spec.pop("within", ())), **spec)
        return model

    return register


def held_by(model: type[models.Model], *paths: str) -> None:
    """Add containers to ``model``'s chain from the app that owns them.

    A feature whose records hold another app's records (an incident holds the action
    items made from it) declares the paths from its own models, so the holder's app
    needs no import of the feature.
    """
    spec = spec_for(model)
    REGISTRY[model] = replace(spec, within=spec.within + tuple(paths))


def spec_for(model: type[models.Model]) -> Gated:
    try:
        return REGISTRY[model]
    except KeyError:
        raise TypeError(f"{model.__name__} has not joined the access gate (@gated).") from None
