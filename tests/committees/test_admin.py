"""The admin: superusers and district administrators only, each in their district."""

import pytest
from django.contrib import admin
from django.urls import reverse

from committees import access
from committees.models import Category, CommitteeUserObjectPermission, Level, Membership
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser():
    return UserFactory(username="operator", is_superuser=True, is_staff=True, district=None)


def _url(model, view="changelist", *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.mark.parametrize("role", ["parent", "chair", "principal", "secretary", "outsider"])
def test_only_administrators_enter(cast, login, role):
    response = login(cast.people[role]).get(reverse("admin:index"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_staff_flag_alone_does_not_open_the_admin(cast, login):
    cast.chair.is_staff = True
    cast.chair.save(update_fields=["is_staff"])
    assert login(cast.chair).get(reverse("admin:index")).status_code == 302


def test_every_page_loads_for_a_district_admin_and_a_superuser(cast, login, superuser):
    for person in (cast.district_admin, superuser):
        client = login(person)
        for model, model_admin in admin.site._registry.items():
            if not model_admin.has_module_permission(_request(person)):
                continue
            assert client.get(_url(model)).status_code == 200, model
            if model_admin.has_add_permission(_request(person)):
                assert client.get(_url(model, "add")).status_code == 200, model


def _request(user):
    class Request:
        pass

    request = Request()
    request.user = user
    return request


def test_a_district_admin_sees_only_their_district(cast, login):
    client = login(cast.district_admin)
    committees = client.get(_url(cast.high.__class__)).content.decode()
    assert cast.high.name in committees and cast.other_committee.name not in committees
    items = client.get(_url(cast.items[("high", Level.COMMITTEE)].__class__)).content.decode()
    assert "CANARY-RESTRICTED-high" in items and "CANARY-RESTRICTED-other_committee" not in items
    people = client.get(_url(cast.other_admin.__class__)).content.decode()
    assert "admin.other" not in people and "parent.high" in people
    # Another district's object is not found:
    response = client.get(_url(cast.other_committee.__class__, "change", cast.other_committee.pk))
    assert response.status_code == 302
    assert cast.other_committee.name not in client.get(response["Location"]).content.decode()


def test_the_other_district_admin_sees_none_of_westport(cast, login):
    client = login(cast.other_admin)
    html = client.get(_url(Membership)).content.decode()
    assert "parent.high" not in html and cast.high.name not in html


def test_guardian_tables_are_for_superusers_only(cast, login, superuser):
    url = _url(CommitteeUserObjectPermission)
    assert login(cast.district_admin).get(url).status_code == 403
    assert login(superuser).get(url).status_code == 200


def test_a_forbidden_clearance_is_refused_in_the_admin_too(cast, login):
    parent = UserFactory(district=cast.district, username="new.parent")
    response = login(cast.district_admin).post(
        _url(Membership, "add"),
        {
            "committee": cast.high.pk,
            "user": parent.pk,
            "category": Category.FAMILY,
            "position": "member",
            "term_start": "2026-09-01",
            "term_end": "",
            "restricted_clearance": "on",
        },
    )
    assert response.status_code == 200
    assert "cannot hold restricted clearance" in response.content.decode()
    assert not Membership.objects.filter(user=parent).exists()


def test_adding_a_member_in_the_admin_grants_access_through_the_service(cast, login):
    person = UserFactory(district=cast.district, username="new.teacher")
    response = login(cast.district_admin).post(
        _url(Membership, "add"),
        {
            "committee": cast.high.pk,
            "user": person.pk,
            "category": Category.STAFF,
            "position": "member",
            "term_start": "2026-09-01",
            "term_end": "",
        },
    )
    assert response.status_code == 302
    assert access.can(person, access.VIEW, cast.items[("high", Level.COMMITTEE)])
    assert Membership.objects.get(user=person).changes.get().actor == cast.district_admin


def test_a_district_admin_cannot_choose_another_districts_committee(cast, login):
    person = UserFactory(district=cast.district, username="new.teacher")
    response = login(cast.district_admin).post(
        _url(Membership, "add"),
        {
            "committee": cast.other_committee.pk,
            "user": person.pk,
            "category": Category.STAFF,
            "position": "member",
            "term_start": "2026-09-01",
        },
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Membership.objects.filter(user=person).exists()


def test_a_district_admin_cannot_make_anyone_superuser(cast, login):
    client = login(cast.district_admin)
    url = _url(cast.parent.__class__, "change", cast.parent.pk)
    page = client.get(url)
    assert page.status_code == 200 and 'name="is_superuser"' not in page.content.decode()
