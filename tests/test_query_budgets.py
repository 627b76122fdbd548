"""Every page costs the same number of queries with few rows and with many.

The permission matrix knows every URL the project serves; this test asks each page a
person may open (a GET answered 200) once with the cast as it is, then again after every
record of every feature has been copied several times over (more items on each
committee, more events on each item, more sections in each minutes, more meetings, more
updates, more seats where the rules allow), and fails on any page whose count grew.
A page whose cost follows its data would cost a statewide deployment what the tables
hold; ISSUE 15 measured it.
"""

import pytest
from django.apps import apps
from django.db import IntegrityError, connection, models, transaction
from django.test.utils import CaptureQueriesContext

from tests.conftest import Cast, add_chains
from tests.test_permission_matrix import CASES

# The roles that see the most (the district administrator), a chair, and a parent (the
# gate's narrowest signed-in view, assigned items and named grants).
ROLES = ["district_admin", "chair", "parent"]
COPIES = 3
# Apps whose records the pages show; the others are Django's, guardian's and the audit
# trail's own bookkeeping.
FEATURE_APPS = {
    "committees",
    "meetings",
    "followups",
    "publishing",
    "incidents",
    "procedures",
    "assessments",
    "notifications",
    "compliance",
}
# Nobody's page lists people by the thousand except through seats, which grow here.
NOT_COPIED = {"accounts.user", "committees.district", "committees.building"}


def _copyable(model: type[models.Model]) -> bool:
    meta = model._meta
    return (
        meta.app_label in FEATURE_APPS
        and meta.label_lower not in NOT_COPIED
        and not meta.proxy
        and not meta.abstract
        and meta.managed
    )


def _unique_text_fields(model: type[models.Model]) -> set[str]:
    """The text fields that must differ between copies for a unique rule to hold."""
    meta = model._meta
    names = {f.name for f in meta.concrete_fields if f.unique and not f.primary_key}
    for constraint in meta.constraints:
        names |= set(getattr(constraint, "fields", ()) or ())
    for together in meta.unique_together:
        names |= set(together)
    return {
        name
        for name in names
        if isinstance(meta.get_field(name), models.CharField) and not meta.get_field(name).choices
    }


def _copies(row: models.Model, n: int, texts: set[str]) -> models.Model:
    copy = type(row).objects.get(pk=row.pk)  # a fresh instance; the original stays as it was
    copy.pk = None
    copy._state.adding = True
    for name in texts:
        value = getattr(copy, name) or ""
        field = type(row)._meta.get_field(name)
        suffix = f"-{n}"
        setattr(copy, name, value[: field.max_length - len(suffix)] + suffix)
    return copy


def grow(copies: int = COPIES) -> dict[str, int]:
    """Copy every feature record ``copies`` times; how many rows each kind gained.

    Copies point at the same parents as their originals, so every list, every detail
    page's children and every aggregate has more to read. A kind whose unique rules a
    copy cannot satisfy (one seat per person and committee, one notification per
    period) is left as it is.
    """
    gained = {}
    models_ = [m for m in apps.get_models() if _copyable(m)]
    originals = {
        model: list(model._default_manager.values_list("pk", flat=True)) for model in models_
    }
    for model, pks in originals.items():
        texts = _unique_text_fields(model)
        rows = list(model._default_manager.filter(pk__in=pks))
        new = [_copies(row, n, texts) for n in range(1, copies + 1) for row in rows]
        if not new:
            continue
        try:
            with transaction.atomic():
                model._default_manager.bulk_create(new)
        except IntegrityError:
            continue
        gained[model._meta.label_lower] = len(new)
    return gained


def _queries(client, pages: list[str]) -> dict[str, int]:
    """Each page's query count, once every page has been read: per-process caches are
    warm, and the trail already holds the reads that opening the pages records."""
    for url in pages:
        client.get(url)
    counts = {}
    for url in pages:
        counts[url] = min(_count(client, url) for _ in range(2))
    return counts


def _count(client, url: str) -> int:
    """One reading's queries. The fewer of two is the page's own: a session's idle
    deadline is pushed on at most once a minute (accounts/sessions.py), which adds its
    writes to whichever page is read then, in a run that takes longer than a minute."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def _pages(cast: Cast, role: str) -> list[str]:
    return sorted(
        {
            request.url
            for name, build in CASES.items()
            for request in build(cast, role, name)
            if request.method == "get" and request.expected == 200
        }
    )


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_no_page_costs_more_queries_with_more_rows(role, cast, login, settings):
    # Each page and API endpoint is read five times here: more than a person's API rate.
    settings.API_CALLS_PER_MINUTE = 100_000
    add_chains(cast)
    client = login(cast.people[role])
    pages = _pages(cast, role)
    grow(copies=1)  # a page with none of a thing may skip a query that one thing needs
    few = _queries(client, pages)

    gained = grow()

    assert {"followups.actionitem", "meetings.meeting", "followups.actionitemevent"} <= set(
        gained
    ), gained
    many = _queries(client, pages)
    grew = {url: f"{few[url]} -> {many[url]}" for url in pages if many[url] > few[url]}
    assert grew == {}, "pages whose query count follows their data"
    assert len(pages) > 40  # the matrix reached the pages, not only a handful
