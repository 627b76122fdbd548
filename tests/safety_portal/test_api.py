"""The API's schema and its documentation page: valid OpenAPI 3, the page's assets from
our own static files (never a CDN), and the resources of the core as the gate shows them."""

import pytest
import yaml
from django.urls import reverse
from drf_spectacular.validation import validate_schema

from accounts import services

pytestmark = pytest.mark.django_db


def test_the_schema_is_valid_openapi_3_and_lists_every_resource(client):
    response = client.get(reverse("api:schema"))
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    validate_schema(schema)
    assert schema["openapi"].startswith("3.")
    for path in ("districts", "buildings", "committees", "action-items"):
        assert f"/api/v1/{path}/" in schema["paths"]
        assert f"/api/v1/{path}/{{id}}/" in schema["paths"]


def test_the_documentation_page_loads_its_assets_from_our_static_files(client):
    response = client.get(reverse("api:docs"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in page
    assert "cdn" not in page.lower() and "<script>" not in page


def test_the_core_resources_are_the_readers_own(cast, login):
    client = login(cast.parent)
    districts = client.get(reverse("api:district-list")).json()["results"]
    assert [d["slug"] for d in districts] == [cast.district.slug]
    buildings = client.get(reverse("api:building-list")).json()["results"]
    assert buildings and {b["district"] for b in buildings} == {cast.district.pk}
    committees = client.get(reverse("api:committee-list")).json()["results"]
    assert [c["id"] for c in committees] == [cast.high.pk]


def test_each_token_has_its_own_rate_and_the_anonymous_theirs_by_address(cast, client, settings):
    settings.API_CALLS_PER_MINUTE = 3
    settings.API_ANONYMOUS_CALLS_PER_MINUTE = 2
    _, first = services.api_token_create(user=cast.chair, name="Work orders", days=90)
    _, second = services.api_token_create(user=cast.chair, name="Drill report", days=90)
    url = reverse("api:committee-list")

    def call(key):
        return client.get(url, headers={"Authorization": f"Token {key}"})

    assert [call(first).status_code for _ in range(3)] == [200, 200, 200]
    refused = call(first)
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert call(second).status_code == 200  # another script of the same person

    schema = reverse("api:schema")
    assert [client.get(schema).status_code for _ in range(2)] == [200, 200]
    assert client.get(schema, HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 429
    assert client.get(schema, REMOTE_ADDR="198.51.100.7").status_code == 200
