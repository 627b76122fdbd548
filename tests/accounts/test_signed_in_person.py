"""Every signed-in request reads its person with their district, in one query of SQL
written once (accounts/backends.py): the person it gives is the one the ORM reads, and
whoever may no longer sign in is signed out."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.backends import PortalBackend, read_person
from tests.factories import DistrictFactory, UserFactory

pytestmark = pytest.mark.django_db
User = get_user_model()


def _fields(instance) -> dict:
    return {field.attname: getattr(instance, field.attname) for field in instance._meta.fields}


def test_the_person_and_their_district_are_the_ones_the_orm_reads():
    district = DistrictFactory(
        time_zone="America/Chicago",
        cleared_categories=["administrator", "police"],
        restricted_incident_types=["threat"],
    )
    person = UserFactory(district=district, title="School Resource Officer", language="es")
    with CaptureQueriesContext(connection) as queries:
        read = read_person(person.pk)
        # Everything a page asks of the district is there already.
        cleared, zone = read.district.cleared_categories, read.district.time_zone
    assert len(queries) == 1
    assert (cleared, zone) == (["administrator", "police"], "America/Chicago")
    expected = User.objects.select_related("district").get(pk=person.pk)
    assert _fields(read) == _fields(expected)
    assert _fields(read.district) == _fields(expected.district)
    assert read.last_login == expected.last_login and read.date_joined.tzinfo is not None
    # A saved change is written to the same row: the instance is a loaded one.
    read.title = "Detective"
    read.save(update_fields=["title"])
    assert User.objects.get(pk=person.pk).title == "Detective"


def test_a_person_of_no_district_reads_none_without_a_second_query():
    operator = UserFactory(district=None, is_superuser=True, is_staff=True)
    with CaptureQueriesContext(connection) as queries:
        read = read_person(operator.pk)
        assert read.district is None
    assert len(queries) == 1
    assert read.pk == operator.pk and read.is_superuser


@pytest.mark.parametrize("key", [0, 987654, "not-a-number", None])
def test_no_person_is_read_for_a_key_of_nobody(key):
    UserFactory()
    assert PortalBackend().get_user(key) is None


def test_whoever_is_turned_off_or_made_a_service_account_is_signed_out(client):
    person = UserFactory()
    client.force_login(person)
    today = reverse("today")
    assert client.get(today).status_code == 200
    User.objects.filter(pk=person.pk).update(is_active=False)
    assert client.get(today).status_code == 302
    User.objects.filter(pk=person.pk).update(is_active=True, is_service_account=True)
    client.force_login(person)
    assert client.get(today).status_code == 302
