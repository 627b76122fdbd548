import re

import pytest

from committees.models import District

pytestmark = pytest.mark.django_db


@pytest.fixture
def district():
    return District.objects.create(
        name="Westport Public Schools", slug="westport", state="CT", tip_line="1-800-555-0142"
    )


def test_home_page_has_the_base_layout(client, district):
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html
    assert "Westport Public Schools" in html
    assert 'href="#main"' in html and 'id="main"' in html
    assert "In an emergency, call 911." in html
    assert "1-800-555-0142" in html
    assert '<meta name="viewport"' in html
    assert re.search(r"<nav[^>]*aria-label=", html)
    assert 'href="/accounts/login/"' in html


def test_sign_in_and_out(client, district, django_user_model):
    django_user_model.objects.create_user(
        "chair.high", password="correct horse 42", district=district
    )
    page = client.get("/accounts/login/").content.decode()
    assert '<label for="id_username">' in page and '<label for="id_password">' in page

    bad = client.post("/accounts/login/", {"username": "chair.high", "password": "wrong"})
    assert bad.status_code == 200
    assert "enter a correct username and password" in bad.content.decode()

    ok = client.post("/accounts/login/", {"username": "chair.high", "password": "correct horse 42"})
    assert ok.status_code == 302
    home = client.get("/")
    assert "Sign out" in home.content.decode()
    assert "no-store" in home["Cache-Control"] and "private" in home["Cache-Control"]

    client.post("/accounts/logout/")
    assert "Sign out" not in client.get("/").content.decode()
