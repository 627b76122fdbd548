"""The admin of action items: their rows for a district administrator, named grants."""

import pytest

from committees import access
from committees.models import (
    Level,
)
from followups.models import ActionItemUserObjectPermission
from tests.admin_site import admin_url, fresh_user

pytestmark = pytest.mark.django_db


def test_a_district_admin_sees_their_districts_records_restricted_included(cast, login):
    html = login(cast.district_admin).get(admin_url(type(cast.items[("high", Level.COMMITTEE)])))
    for name in ("high", "middle", "district_wide"):
        for level in ("COMMITTEE", "RESTRICTED"):
            assert f"CANARY-{level}-{name}-7f3a" in html.content.decode()


# --- named grants -----------------------------------------------------------------------


def test_a_named_grant_the_policy_forbids_is_refused_in_the_admin(cast, login, superuser):
    restricted = cast.items[("high", Level.RESTRICTED)]
    response = login(superuser).post(
        admin_url(ActionItemUserObjectPermission, "add"),
        {"content_object": restricted.pk, "user": cast.parent.pk},
    )
    assert response.status_code == 200
    assert "cannot see restricted records" in response.content.decode()
    assert not ActionItemUserObjectPermission.objects.filter(user=cast.parent).exists()


def test_a_named_grant_in_the_admin_shares_one_record(cast, login, superuser):
    item = cast.items[("middle", Level.RESTRICTED)]
    client = login(superuser)
    response = client.post(
        admin_url(ActionItemUserObjectPermission, "add"),
        {"content_object": item.pk, "user": cast.outsider.pk},
    )
    assert response.status_code == 302
    assert access.can(fresh_user(cast.outsider), access.VIEW, item)
    grant = ActionItemUserObjectPermission.objects.get(user=cast.outsider)
    url = admin_url(ActionItemUserObjectPermission, "delete", grant.pk)
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert not access.can(fresh_user(cast.outsider), access.VIEW, item)
