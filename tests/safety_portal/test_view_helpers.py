"""The pages' kit: a form sent to a service, refused or saved, the way every page does it."""

import pytest
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from committees.models import Committee
from safety_portal.view_helpers import csv_cell, form_page


class NameForm(forms.Form):
    name = forms.CharField()


def _post(data):
    request = RequestFactory().post("/anything/", data)
    request.user = AnonymousUser()
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def _page(request, save):
    return form_page(
        request,
        NameForm(request.POST or None),
        save=save,
        said="Saved.",
        done=lambda saved: ("/done/",),
        template="followups/plan_form.html",
        context={"committee": Committee(pk=1, name="Harbor View Safety Committee")},
    )


def _refuse(data):
    raise ValidationError({"name": "That name is taken in this district."})


@pytest.mark.django_db
def test_a_refusal_shows_on_the_form_and_keeps_what_was_typed():
    request = _post({"name": "Harbor View"})
    response = _page(request, _refuse)
    html = response.content.decode()
    assert response.status_code == 200
    assert "That name is taken in this district." in html
    assert 'value="Harbor View"' in html
    assert list(get_messages(request)) == []


@pytest.mark.django_db
def test_a_save_says_so_and_moves_on():
    saved = []
    request = _post({"name": "Harbor View"})
    response = _page(request, lambda data: saved.append(data["name"]))
    assert (response.status_code, response["Location"]) == (302, "/done/")
    assert saved == ["Harbor View"]
    assert [str(m) for m in get_messages(request)] == ["Saved."]


def test_a_csv_cell_is_never_a_formula():
    assert csv_cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert csv_cell("-5") == "'-5"
    assert csv_cell("Door B") == "Door B"
    assert csv_cell(None) == ""


def test_a_committee_page_takes_the_district_from_its_reader(cast, login):
    """Districts are walled off: the committee a reader may open is in the reader's
    district, read with the reader. Its page does not read it again."""
    client = login(cast.chair)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("incidents:drills", args=[cast.high.pk]))
    assert response.status_code == 200
    committee = response.context["committee"]
    assert committee.district is response.wsgi_request.user.district
    assert committee.district.name == cast.district.name
    reads = [q["sql"] for q in queries if q["sql"].startswith('SELECT "committees_committee"')]
    assert reads and '"committees_district"' not in reads[0]
    assert not any(q["sql"].startswith('SELECT "committees_district"') for q in queries)


@pytest.mark.parametrize(
    "name", ["today", "portal:mine", "incidents:drill_overview", "api:drill-calendar-list"]
)
def test_pages_over_the_readers_committees_take_their_district_from_the_reader(cast, login, name):
    """Each committee's district is the reader's own: read with the reader, never joined
    to each committee nor read again (its JSON fields, made for every committee of a
    district, were half the time of the committees' read)."""
    client = login(cast.district_admin)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse(name)).status_code == 200
    committees = [q["sql"] for q in queries if q["sql"].startswith('SELECT "committees_committee"')]
    assert committees
    assert not any('"committees_district"' in sql for sql in committees)
    assert not any(q["sql"].startswith('SELECT "committees_district"') for q in queries)
