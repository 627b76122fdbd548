"""Search (issue 18): one box, only what the reader may open, in the reader's language."""

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from committees.models import Level
from followups.models import ActionItem
from safety_portal import search, text_search
from tests.conftest import ROLES, may_see
from tests.factories import ActionItemFactory
from tests.helpers import plan_without_seqscan
from tests.matrix import leaks

pytestmark = pytest.mark.django_db

SIGNED_IN = [role for role in ROLES if role != "anonymous"]


def _titles(user, text, language="en") -> list[str]:
    return [r.title for group in search.search(user, text, language) for r in group.results]


@pytest.mark.parametrize("role", SIGNED_IN)
def test_each_canary_is_found_by_those_who_may_open_it_and_by_nobody_else(role, cast):
    """Searched one at a time (each canary is its own search, which the page repeats back
    to its reader, so the results are read here): nothing found that the role may not
    see; every action item title the role may see is found. The page itself is read by
    the permission matrix, searching for what every canary holds."""
    user = cast.people[role]
    for text in cast.canaries:
        found = [f"{r.title} {r.where}" for g in search.search(user, text, "en") for r in g.results]
        assert leaks(cast, role, " ".join(found)) == [], text
    for (committee_name, level), item in cast.items.items():
        found = item.title in _titles(cast.people[role], item.title)
        assert found == may_see(role, committee_name, level), (item.title, role)


def test_a_parent_finds_committee_work_by_its_words_never_restricted(cast):
    ActionItemFactory(committee=cast.high, title="Replace the cafeteria door closers")
    ActionItemFactory(
        committee=cast.high, title="Fix the cafeteria door latch", visibility=Level.RESTRICTED
    )
    assert _titles(cast.parent, "cafeteria doors") == ["Replace the cafeteria door closers"]
    assert sorted(_titles(cast.chair, "cafeteria doors")) == [
        "Fix the cafeteria door latch",
        "Replace the cafeteria door closers",
    ]


def test_the_dictionary_is_the_readers_language(cast):
    """A verb finds its noun with the Spanish or Portuguese dictionary, not the English."""
    ActionItemFactory(committee=cast.high, title="Revisar los simulacros de evacuación")
    ActionItemFactory(committee=cast.high, title="Revisar os simulados de evacuação")
    assert _titles(cast.chair, "evacuar", "es") == ["Revisar los simulacros de evacuación"]
    assert _titles(cast.chair, "evacuar", "pt") == ["Revisar os simulados de evacuação"]
    assert _titles(cast.chair, "evacuar", "en") == []


def test_the_plain_fallback_needs_every_word_somewhere(cast):
    """The SQLite path (the demo): every word in one of the fields, in any case."""
    ActionItemFactory(committee=cast.high, title="Bus loop", description="Repaint the CURB")
    items = ActionItem.objects.filter(committee=cast.high)
    both = items.filter(search._every_word(("title", "description"), "loop curb"))
    assert [i.title for i in both] == ["Bus loop"]
    assert not items.filter(search._every_word(("title", "description"), "loop fence")).exists()


def test_people_are_found_on_the_committees_the_reader_sees(cast):
    chair = cast.chair
    # A name nobody else of the cast has (the factories draw names at random).
    chair.last_name = "Okonkwo-Lindqvist"
    chair.save(update_fields=["last_name"])
    found = search.search(cast.parent, chair.last_name, "en")
    people = [g for g in found if str(g.label) == "People"][0].results
    assert [p.title for p in people] == [chair.display_name]
    assert cast.high.name in people[0].where
    # Someone of another district finds nobody of this one.
    assert search.search(cast.other_admin, chair.last_name, "en") == []


def test_more_than_a_page_of_matches_says_so_and_costs_the_same(cast, login):
    client = login(cast.chair)
    url = reverse("search")
    with CaptureQueriesContext(connection) as few:
        client.get(url, {"q": "gutter"})
    for n in range(search.SHOWN + 5):
        ActionItemFactory(committee=cast.high, title=f"Clear the gutter over door {n}")
    with CaptureQueriesContext(connection) as many:
        response = client.get(url, {"q": "gutter"})
    body = response.content.decode()
    assert body.count("Clear the gutter") == search.SHOWN
    assert "add a word to narrow the search" in body
    assert len(many.captured_queries) == len(few.captured_queries)


@pytest.mark.parametrize("label", sorted(text_search.INDEXED))
@pytest.mark.parametrize("language", sorted(text_search.DICTIONARIES))
def test_each_kinds_words_are_looked_up_in_its_index(label, language):
    """The search's match is the very expression of the kind's word index, so PostgreSQL
    can answer it from the index instead of reading every record the reader may see
    (the cast's tables are small: the planner is told to read the index if it can)."""
    model = apps.get_model(label)
    records = search._matching(
        model.objects.all(), text_search.INDEXED[label], "evacuation", language, "-pk"
    )
    plan = plan_without_seqscan(*records.query.sql_with_params())
    assert f"_words_{language}" in plan, plan


def test_a_word_found_everywhere_still_shows_the_best_of_the_latest_first(cast, monkeypatch):
    """A word in thousands of records is ranked among the latest ``RANKED`` of them: there
    the record that says it most still comes first."""
    monkeypatch.setattr(search, "RANKED", 4)
    ActionItemFactory(committee=cast.high, title="Ladder storage", description="ladder ladder")
    for n in range(6):
        ActionItemFactory(committee=cast.high, title=f"Shelf {n}", description="the ladder")
    best = ActionItemFactory(committee=cast.high, title="Ladder hooks", description="ladder")
    found = _titles(cast.chair, "ladder")
    assert found[0] == best.title
    assert len(found) == search.RANKED  # the latest four; the oldest is not ranked


def test_a_search_too_long_is_refused_with_a_message_and_kept(cast, login):
    client = login(cast.chair)
    text = "door " * 60
    response = client.get(reverse("search"), {"q": text})
    body = response.content.decode()
    assert response.status_code == 200
    assert "at most 200 characters" in body
    assert 'aria-invalid="true"' in body


def test_the_box_is_on_every_signed_in_page_and_not_for_the_public(cast, login):
    client = login(cast.parent)
    assert 'role="search"' in client.get(reverse("portal:mine")).content.decode()
    client = login(None)
    assert reverse("search") not in client.get(reverse("home")).content.decode()
    assert client.get(reverse("search"), {"q": "door"}).status_code == 302
