"""The crawl (benchmarks/crawl.py) follows every link a person reaches. Signed in as each
person of the cast, and as the public: every page reached answers without a server
error, and none shows a canary its reader may not see (the permission matrix's rule,
here on the addresses the links give, filters and all)."""

import pytest
from django.test import Client

from benchmarks import crawl
from tests.conftest import ROLES
from tests.matrix import leaks, reader_text

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ROLES)
def test_every_page_a_person_reaches_answers_and_shows_only_what_they_may_see(cast, role):
    client = Client()
    if role == "anonymous":
        crawl.anonymous(client)
    else:
        client.force_login(getattr(cast, role))
    seen = {}

    def look(path, response):
        if found := leaks(cast, role, reader_text(response)):
            seen[path] = found

    visits = crawl.crawl(client, limit=250, look=look)
    assert not crawl.failures(visits), crawl.report(role, visits, top=0)
    assert seen == {}
    assert len(visits) > 20


def test_a_shape_is_an_address_with_its_numbers_and_query_values_left_out():
    assert crawl.shape("/committees/12/action-items/?status=open&page=3") == (
        "/committees/N/action-items/?page&status"
    )
    assert crawl.shape("/public/westport/") == "/public/westport/"
