"""One search box for those signed in: action items, meetings and their minutes,
incidents, community concerns, procedures (by title) and people.

Every kind is read through the gate (or the selector that already narrows it, such as the
concerns one triages), so a result is always a record its reader could open. Each kind
costs one query, whatever the tables hold: a search is a fixed number of queries.

On PostgreSQL the words are matched by full-text search with the reader's language's
dictionary ("alarms" finds "alarm", "simulacros" finds "simulacro"), looked up in an index
of each kind's words where its table grows with the years (``safety_portal.text_search``),
and the best matches are ranked among the latest ``RANKED`` of a kind; elsewhere (the demo
on SQLite) every word must appear somewhere in the record's text. People are found by name,
title or organisation, a part of a word being enough.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from committees import access
from committees.models import Membership
from followups.models import ActionItem
from incidents.models import Incident
from incidents.selectors import concerns_to_triage
from meetings.models import Meeting, MinutesSection
from procedures.models import Procedure
from safety_portal import text_search

# Results shown per kind; one more is read to say that there are more.
SHOWN = 10
SEATS_READ = 4 * SHOWN  # a person sits on a few committees at most
LONGEST = 200  # characters of a search; more is refused with a message
# The best matches are chosen among the latest this many of a kind: a word found in
# thousands of records (a district's every fire drill) is not ranked in all of them.
RANKED = 200


@dataclass(frozen=True)
class Result:
    title: str
    url: str
    where: str  # the committee, or for people their title and organisation
    when: datetime.date | datetime.datetime | None = None


@dataclass(frozen=True)
class Group:
    label: str
    results: list[Result]
    more: bool  # more than SHOWN matched: the reader should narrow the search


@dataclass(frozen=True)
class _Kind:
    label: str
    records: Callable  # (user) -> the records the reader may see, through the gate
    fields: tuple[str, ...]  # the text searched
    result: Callable  # (record) -> Result
    newest: str  # the order among equally good matches


def _item(item) -> Result:
    url = reverse("followups:action_item", args=[item.pk])
    return Result(item.title, url, item.committee.name, item.due_date)


def _meeting(meeting) -> Result:
    url = reverse("meetings:meeting", args=[meeting.pk])
    return Result(meeting.title, url, meeting.committee.name, meeting.starts_at)


def _section(section) -> Result:
    meeting = section.meeting
    url = reverse("meetings:meeting", args=[meeting.pk])
    title = f"{section.heading} ({meeting.title})"
    return Result(title, url, meeting.committee.name, meeting.starts_at)


def _incident(incident) -> Result:
    url = reverse("incidents:detail", args=[incident.pk])
    title = f"{incident.get_kind_display()}: {incident.area}"
    return Result(title, url, incident.committee.name, incident.occurred_at)


def _concern(concern) -> Result:
    url = reverse("incidents:concern", args=[concern.pk])
    title = f"{concern.reference}: {concern.location}"
    return Result(title, url, concern.committee.name, concern.created_at)


def _procedure(procedure) -> Result:
    url = reverse("procedures:procedure", args=[procedure.pk])
    return Result(procedure.title, url, procedure.committee.name)


KINDS = [
    _Kind(
        _("Action items"),
        lambda user: access.visible(user, ActionItem.objects.select_related("committee")),
        text_search.INDEXED["followups.ActionItem"],
        _item,
        "-created_at",
    ),
    _Kind(
        _("Meetings"),
        lambda user: access.visible(user, Meeting.objects.select_related("committee")),
        text_search.INDEXED["meetings.Meeting"],
        _meeting,
        "-starts_at",
    ),
    _Kind(
        _("Minutes"),
        lambda user: access.visible(
            user, MinutesSection.objects.select_related("meeting__committee")
        ),
        text_search.INDEXED["meetings.MinutesSection"],
        _section,
        "-meeting__starts_at",
    ),
    _Kind(
        _("Incidents"),
        lambda user: access.visible(user, Incident.objects.select_related("committee")),
        text_search.INDEXED["incidents.Incident"],
        _incident,
        "-occurred_at",
    ),
    _Kind(
        _("Community concerns"),
        lambda user: concerns_to_triage(user).select_related("committee"),
        ("reference", "location", "description"),
        _concern,
        "-created_at",
    ),
    # Their titles only: a procedure's words are read on its page, by the cleared.
    _Kind(
        _("Procedures"),
        lambda user: access.visible(user, Procedure.objects.select_related("committee")),
        ("title",),
        _procedure,
        "-id",
    ),
]


def search(user, text: str, language: str) -> list[Group]:
    """What ``user`` may see that matches ``text``, by kind: one query per kind."""
    text = " ".join(text.split())
    if not text:
        return []
    groups = [_group(kind, kind.records(user), text, language) for kind in KINDS]
    groups.append(_people(user, text))
    return [group for group in groups if group.results]


def _group(kind: _Kind, records: QuerySet, text: str, language: str) -> Group:
    found = list(_matching(records, kind.fields, text, language, kind.newest)[: SHOWN + 1])
    return Group(kind.label, [kind.result(record) for record in found[:SHOWN]], len(found) > SHOWN)


def _matching(records: QuerySet, fields: tuple[str, ...], text: str, language: str, newest: str):
    if connection.vendor == "postgresql":
        dictionary = text_search.DICTIONARIES.get(language[:2], "simple")
        query = SearchQuery(text, config=dictionary, search_type="websearch")
        vector = text_search.words(fields, dictionary)  # as the kind's index holds them
        latest = (
            records.annotate(found=vector)
            .filter(found=query)
            .order_by(newest, "-pk")
            .values("pk")[:RANKED]
        )
        return (
            records.filter(pk__in=latest)
            .annotate(rank=SearchRank(vector, query))
            .order_by("-rank", newest, "-pk")
        )
    return records.filter(_every_word(fields, text)).order_by(newest, "-pk")


def _every_word(fields: tuple[str, ...], text: str) -> Q:
    """Each word in one of the fields (SQLite: no dictionary, no ranking)."""
    condition = Q()
    for word in text.split():
        anywhere = Q()
        for field in fields:
            anywhere |= Q(**{f"{field}__icontains": word})
        condition &= anywhere
    return condition


def _people(user, text: str) -> Group:
    """People on the committees the reader sees, by name, title or organisation: each with
    the committees they sit on there (one query, the seats read in order of the people)."""
    today = access.scope_for(user).today
    words = _every_word(
        tuple(f"user__{f}" for f in ("first_name", "last_name", "title", "organization")), text
    )
    seats = (
        access.visible(user, Membership.objects.current(today))
        .filter(words)
        .select_related("user", "committee")
        .order_by("user__last_name", "user__first_name", "user_id", "committee__name")
    )
    people: dict[int, list] = {}
    for seat in seats[:SEATS_READ]:
        people.setdefault(seat.user_id, []).append(seat)
    results = []
    for held in list(people.values())[:SHOWN]:
        person = held[0].user
        about = [part for part in (person.title, person.organization) if part]
        about += [seat.committee.name for seat in held]
        url = reverse("committees:detail", args=[held[0].committee_id])
        results.append(Result(person.display_name, url, " · ".join(about)))
    return Group(_("People"), results, len(people) > SHOWN)
