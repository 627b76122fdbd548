"""Where the features above compliance put what they own on the calendar.

Compliance imports no feature: procedures, incidents and assessments import this
module and register in their ``AppConfig.ready()``:

- ``entries_register(source)``: dated entries a feature owns (a procedure's next
  review), shown on a school's calendar beside its duties. ``source(user, committee_ids)``
  reads through the gate as ``user``, in a fixed number of queries, and yields only
  what the reader may see: nothing at all of a record they may not (a count of
  restricted records tells something too, ACCESS.md).
- ``duty_link_register(kind=..., label=..., url_name=...)``: the feature's page that does
  a kind of duty (the drill report for the annual drills report), linked from the duty,
  reversed with the school committee's pk.

This module imports no model.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Entry:
    """One dated line on a school's calendar that a feature owns."""

    committee_id: int
    due_on: datetime.date
    title: str
    url: str
    what: str  # the feature's word for it: "Procedure review"


@dataclass(frozen=True)
class DutyLink:
    label: str
    url_name: str


# (user, committee ids) -> the entries the user may see on those committees.
Source = Callable[[object, list[int]], Iterable[Entry]]

_sources: list[Source] = []
_links: dict[str, DutyLink] = {}


def entries_register(source: Source) -> None:
    if source not in _sources:
        _sources.append(source)


def duty_link_register(*, kind: str, label: str, url_name: str) -> None:
    _links[str(kind)] = DutyLink(label=label, url_name=url_name)


def entries_for(user, committee_ids: list[int]) -> list[Entry]:
    """Every feature's entries on these committees that ``user`` may see, by date."""
    if not committee_ids:
        return []
    found = [entry for source in _sources for entry in source(user, committee_ids)]
    return sorted(found, key=lambda entry: (entry.due_on, entry.title))


def duty_link(kind: str) -> DutyLink | None:
    return _links.get(str(kind))
