"""The API's procedures (/api/v1/procedures/): what each is, whose, and when it is reviewed,
for those cleared to see it, exactly as the procedure pages decide; never its words, to
anyone, through any endpoint of the API."""

import pytest
from django.urls import reverse

from audit.models import AuditEntry
from committees import access
from committees.models import Level
from procedures import services
from procedures.models import Procedure
from safety_portal.api_urls import router
from tests.helpers import page_queries

pytestmark = pytest.mark.django_db

LIST = "/api/v1/procedures/"
# What a procedure says, and what its versions, reviews and copies say: never in the API.
WORDS = ("PROCEDURE-BODY", "PROCEDURE-NOTE", "PROCEDURE-REVIEW", "PROCEDURE-COPY")


def _all_pages(client, url, **params):
    rows = []
    while url:
        response = client.get(url, params)
        assert response.status_code == 200, response.content
        body = response.json()
        rows += body["results"]
        url, params = body["next"], {}
    return rows


def test_the_list_is_the_procedures_the_reader_is_cleared_to_see(cast, login):
    for role in ("parent", "staff", "cleared_staff", "chair", "stranger", "other_admin"):
        person = cast.people[role]
        rows = _all_pages(login(person), LIST)
        expected = access.visible(person, Procedure.objects.all()).values_list("pk", flat=True)
        assert {row["id"] for row in rows} == set(expected), role
    assert _all_pages(login(cast.parent), LIST) == []  # a member, not cleared
    high = cast.procedures["high"]
    hidden = login(cast.staff).get(reverse("api:procedure-detail", args=[high.pk]))
    missing = login(cast.staff).get(reverse("api:procedure-detail", args=[999999]))
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()


def test_a_procedure_is_told_by_its_metadata(cast, login):
    procedure = cast.procedures["high"]
    read = login(cast.cleared_staff).get(reverse("api:procedure-detail", args=[procedure.pk]))
    assert read.json() == {
        "id": procedure.pk,
        "committee": cast.high.pk,
        "kind": "lockdown",
        "title": procedure.title,
        "public_title": procedure.public_title,
        "owner": cast.chair.pk,
        "owner_name": cast.chair.display_name,
        "visibility": Level.RESTRICTED,
        "current_version": 2,
        "review_every_months": 12,
        "last_reviewed_on": procedure.last_reviewed_on.isoformat(),
        "next_review_on": procedure.next_review_on.isoformat(),
        "created_at": read.json()["created_at"],
    }


def test_no_answer_of_the_api_holds_a_procedures_words_even_for_the_cleared(cast, login):
    """Every list of the API and every procedure, read by those who may read the words on
    the pages: the API says what a procedure is, never what it says."""
    lists = [reverse(f"api:{basename}-list") for _, _, basename in router.registry]
    for role in ("cleared_staff", "chair", "principal", "district_admin", "other_admin"):
        client = login(cast.people[role])
        urls = lists + [
            reverse("api:procedure-detail", args=[p.pk]) for p in cast.procedures.values()
        ]
        for url in urls:
            response = client.get(url)
            assert response.status_code in (200, 404, 405), url  # 405: a list one writes to
            body = response.content.decode()
            assert not [w for w in WORDS if w in body], (role, url)


def test_filters_narrow_and_a_hidden_committee_is_refused_as_none(cast, login):
    client = login(cast.district_admin)
    rows = _all_pages(client, LIST, committee=cast.middle.pk, kind="lockdown")
    assert [row["id"] for row in rows] == [cast.procedures["middle"].pk]
    hidden = client.get(LIST, {"committee": cast.other_committee.pk})
    missing = client.get(LIST, {"committee": 999999})
    assert hidden.status_code == missing.status_code == 400
    assert hidden.json() == missing.json()


def test_each_procedure_read_through_the_api_is_on_record(cast, login):
    client = login(cast.chair)
    high = cast.procedures["high"]
    client.get(reverse("api:procedure-detail", args=[high.pk]))
    client.get(LIST)
    reads = AuditEntry.objects.filter(action=AuditEntry.Action.ACCESS, via="api", actor=cast.chair)
    assert list(reads.values_list("object_id", flat=True)) == [high.pk, high.pk]


def test_a_list_costs_the_same_for_few_and_many_procedures(cast, login):
    client = login(cast.district_admin)
    few = page_queries(client, LIST)
    for n in range(25):
        services.procedure_create(
            committee=cast.high,
            kind="evacuation",
            title=f"Evacuation route {n}",
            body="Leave by the nearest exit.",
            owner=cast.chair if n % 2 else None,
            by=None,
        )
    many = page_queries(client, LIST)
    assert few == many
