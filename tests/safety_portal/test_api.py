"""The API's schema and its documentation page: valid OpenAPI 3, the page's assets from
our own static files (never a CDN), and the resources of the core as the gate shows them."""

import pytest
import yaml
from django.urls import reverse
from drf_spectacular.validation import validate_schema

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
