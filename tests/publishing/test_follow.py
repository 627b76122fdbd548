"""How to follow the updates (issue 18): a page that says it plainly, which the feeds
point to, and a stylesheet that makes a feed readable when a browser opens it."""

import pytest
from django.urls import reverse

from tests.factories import BuildingFactory

pytestmark = pytest.mark.django_db


def test_the_follow_page_gives_every_way_to_follow(client, cast):
    BuildingFactory(district=cast.district, name="Saugatuck Elementary School", slug="saugatuck")
    body = client.get(reverse("public:follow", args=["westport"])).content.decode()
    assert "<h1>How to follow the updates</h1>" in body
    assert reverse("public:subscribe", args=["westport"]) in body
    assert f"http://testserver{reverse('public:district_feed', args=['westport'])}" in body
    for school in ("high", "saugatuck"):
        feed = reverse("public:building_feed", args=["westport", school])
        assert f'value="http://testserver{feed}"' in body
    assert f"http://testserver{reverse('public:meetings_ics', args=['westport'])}" in body
    # Each address to copy has its label.
    assert '<label for="feed-saugatuck">' in body


def test_the_follow_page_in_spanish(client, cast):
    body = client.get("/es" + reverse("public:follow", args=["westport"])).content.decode()
    assert '<html lang="es">' in body
    assert "Cómo seguir las novedades" in body


def test_the_public_pages_link_to_it(client, cast):
    follow = reverse("public:follow", args=["westport"])
    for url in (
        reverse("public:district", args=["westport"]),
        reverse("public:building", args=["westport", "high"]),
    ):
        assert f'href="{follow}"' in client.get(url).content.decode()


def test_the_feed_has_a_stylesheet_and_points_to_the_follow_page(client, cast):
    for url in (
        reverse("public:district_feed", args=["westport"]),
        reverse("public:building_feed", args=["westport", "high"]),
    ):
        feed = client.get(url).content.decode()
        assert (
            '<?xml-stylesheet href="/static/css/feed.css" media="screen" type="text/css"?>' in feed
        )
        follow = reverse("public:follow", args=["westport"])
        assert f"How to follow the updates: http://testserver{follow}</subtitle>" in feed
