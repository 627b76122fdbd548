"""The public pages' cache: anonymous readers get the stored page before the session is
read; signed-in people never get it; publication reaches it at once; proxies revalidate."""

import datetime
import time

import pytest
from django.conf import settings
from django.contrib import admin
from django.core.cache import cache
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from committees import public_cache
from committees.models import Building, Committee, District
from publishing import services
from publishing.models import PublicUpdate
from safety_portal.cache import NearCopies, near_copies
from tests.admin_site import admin_url
from tests.factories import BuildingFactory, DistrictFactory

pytestmark = pytest.mark.django_db

DISTRICT = "/public/westport/"
SCHOOL = "/public/westport/schools/high/"


def _get(client, url, **headers):
    """(the response, how many queries it cost)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers=headers)
    return response, len(queries)


def _publish_an_update(cast, django_capture_on_commit_callbacks):
    """A public update of the high school, published and committed (the version bumped)."""
    update, _ = services.update_save(
        committee=cast.high,
        title="New crossing guard at the bus loop",
        body="A crossing guard now works the bus loop in the mornings and afternoons.",
        by=cast.secretary,
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.update_publish(update=update, by=cast.chair)


def test_a_cached_page_is_served_before_the_session_with_no_query(cast, client):
    first, rendered = _get(client, SCHOOL)
    assert first.status_code == 200 and rendered > 0
    again, queries = _get(client, SCHOOL)
    assert queries == 0
    assert again.content == first.content
    request = again.wsgi_request
    assert not hasattr(request, "session") and not hasattr(request, "user")


def test_a_cached_page_keeps_every_header_and_tells_proxies_to_revalidate(cast, client):
    first = client.get(SCHOOL)
    again = client.get(SCHOOL)
    for response in (first, again):
        assert response["Cache-Control"] == "public, no-cache"
        assert response["ETag"] == first["ETag"]
        vary = {part.strip() for part in response["Vary"].split(",")}
        assert {"Cookie", "Accept-Language"} <= vary
        assert "default-src 'self'" in response["Content-Security-Policy"]
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["X-Frame-Options"] == "DENY"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["Content-Language"] == "en"


def test_plain_http_is_still_sent_to_https_once_the_page_is_cached(cast, client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 3600
    first = client.get(SCHOOL, secure=True)
    again = client.get(SCHOOL, secure=True)
    assert again.content == first.content
    assert again["Strict-Transport-Security"].startswith("max-age=3600")
    plain = client.get(SCHOOL)
    assert plain.status_code == 301
    assert plain["Location"] == f"https://testserver{SCHOOL}"


def test_each_language_is_cached_on_its_own_as_the_locale_middleware_decides(cast, client):
    with translation.override("es"):
        spanish_url = reverse("public:district", args=["westport"])
    assert spanish_url == "/es/public/westport/"
    english = client.get(DISTRICT).content.decode()
    spanish = client.get(spanish_url).content.decode()
    assert '<html lang="en">' in english and '<html lang="es">' in spanish
    # Without a prefix the page is English whatever the browser asks for, cached or not.
    cached, queries = _get(client, DISTRICT, accept_language="es")
    assert queries == 0 and cached.content.decode() == english
    cache.clear()
    rendered, queries = _get(client, DISTRICT, accept_language="es")
    assert queries > 0 and rendered.content.decode() == english
    again, queries = _get(client, spanish_url)
    assert queries > 0 and again.content.decode() == spanish
    assert _get(client, spanish_url)[1] == 0


def test_a_signed_in_member_never_gets_the_anonymous_bytes_nor_leaves_theirs(cast, client, login):
    anonymous = client.get(DISTRICT).content
    chair = login(cast.chair)
    response, queries = _get(chair, DISTRICT)
    assert queries > 0
    assert response.content != anonymous
    assert cast.chair.display_name in response.content.decode()
    assert "private" in response["Cache-Control"] and "public" not in response["Cache-Control"]
    client.logout()
    assert cast.chair.display_name not in client.get(DISTRICT).content.decode()


def test_a_session_cookie_goes_the_whole_way_even_when_it_signs_nobody_in(cast, client):
    client.get(DISTRICT)
    client.cookies[settings.SESSION_COOKIE_NAME] = "no-such-session"
    response, queries = _get(client, DISTRICT)
    assert response.status_code == 200 and queries > 0
    assert "Sign in" in response.content.decode()


def test_a_reader_who_holds_the_page_gets_304_until_it_changes(
    cast, client, django_capture_on_commit_callbacks
):
    etag = client.get(SCHOOL)["ETag"]
    not_modified, queries = _get(client, SCHOOL, if_none_match=etag)
    assert not_modified.status_code == 304 and queries == 0
    assert not_modified.content == b""
    assert not_modified["ETag"] == etag
    assert _get(client, SCHOOL, if_none_match='"another"')[0].status_code == 200

    _publish_an_update(cast, django_capture_on_commit_callbacks)
    changed = client.get(SCHOOL, headers={"if-none-match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert "New crossing guard" in changed.content.decode()


def _changed_in_the_admin(client, admin_user, obj, on_commit, **changes):
    """Send the admin's change form of ``obj`` as it shows it, with ``changes`` (what a
    person sends who changes those fields only), and run what waits for the commit."""
    request = RequestFactory().get("/")
    request.user = admin_user
    form = admin.site._registry[type(obj)].get_form(request, obj, change=True)(instance=obj)
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue  # an empty value, an unticked box: not sent
        data[name] = (
            [getattr(each, "pk", each) for each in value] if isinstance(value, list) else value
        )
    with on_commit(execute=True):
        response = client.post(admin_url(type(obj), "change", obj.pk), {**data, **changes})
    assert response.status_code == 302, response.content.decode()[:2000]


def test_a_school_committee_or_district_renamed_in_the_admin_is_shown_at_once(
    cast, login, django_capture_on_commit_callbacks
):
    reader = Client()
    district, school = reader.get(DISTRICT).content.decode(), reader.get(SCHOOL).content.decode()
    assert "Westport Public Schools" in district and "Westport High School" in school
    assert cast.high.name in district
    admin_client = login(cast.district_admin)
    for obj, name, pages in (
        (Building.objects.get(pk=cast.high.building_id), "North Campus High", (SCHOOL, DISTRICT)),
        (Committee.objects.get(pk=cast.high.pk), "High School Safety Team", (DISTRICT,)),
        (District.objects.get(pk=cast.district.pk), "Westport School District", (SCHOOL,)),
    ):
        _changed_in_the_admin(
            admin_client, cast.district_admin, obj, django_capture_on_commit_callbacks, name=name
        )
        for page in pages:
            assert name in reader.get(page).content.decode(), (name, page)


def test_a_district_given_a_new_address_leaves_no_page_at_the_old_one(
    cast, login, superuser, django_capture_on_commit_callbacks
):
    reader = Client()
    assert reader.get(SCHOOL).status_code == 200
    district = District.objects.get(pk=cast.district.pk)
    _changed_in_the_admin(
        login(superuser),
        superuser,
        district,
        django_capture_on_commit_callbacks,
        slug="westport-ct",
    )
    assert reader.get(SCHOOL).status_code == 404
    assert reader.get("/public/westport-ct/schools/high/").status_code == 200


def test_a_district_deleted_in_the_admin_leaves_no_page_behind(
    cast, login, superuser, django_capture_on_commit_callbacks
):
    made_by_mistake = DistrictFactory(name="Westprot Public Schools", slug="westprot")
    reader = Client()
    assert "Westprot" in reader.get("/public/westprot/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = login(superuser).post(
            admin_url(District, "delete", made_by_mistake.pk), {"post": "yes"}
        )
    assert response.status_code == 302
    assert reader.get("/public/westprot/").status_code == 404


def test_schools_deleted_together_in_the_admin_leave_the_public_pages_at_once(
    cast, login, superuser, django_capture_on_commit_callbacks
):
    made_twice = BuildingFactory.create_batch(2, district=cast.district)
    reader = Client()
    pages = [f"/public/{cast.district.slug}/schools/{school.slug}/" for school in made_twice]
    assert all(
        school.name in reader.get(page).content.decode()
        for school, page in zip(made_twice, pages, strict=True)
    )
    before = public_cache.version(cast.district.slug)
    with django_capture_on_commit_callbacks(execute=True):
        response = login(superuser).post(
            admin_url(Building),
            {
                "action": "delete_selected",
                "_selected_action": [school.pk for school in made_twice],
                "post": "yes",
            },
        )
    assert response.status_code == 302
    assert all(reader.get(page).status_code == 404 for page in pages)
    # Once for the district, not once a school: each bump is a read and a cache write.
    assert public_cache.version(cast.district.slug) == before + 1


def test_a_lost_version_never_brings_an_old_page_back(cast, client):
    assert "Westport Public Schools" in client.get(DISTRICT).content.decode()
    District.objects.filter(pk=cast.district.pk).update(name="Westport Schools")
    cache.delete(f"public-version:{cast.district.slug}")  # evicted, say
    assert "Westport Schools<" in client.get(DISTRICT).content.decode()


def test_only_plain_pages_and_page_numbers_are_stored(cast, client):
    for url in (f"{DISTRICT}?page=2", DISTRICT):
        client.get(url)
        assert _get(client, url)[1] == 0, url
    client.get(f"{DISTRICT}?utm_source=x")
    assert _get(client, f"{DISTRICT}?utm_source=x")[1] > 0


def test_a_host_that_is_not_allowed_is_refused_even_for_a_cached_page(cast, client):
    client.get(DISTRICT)
    assert client.get(DISTRICT, headers={"host": "evil.example.org"}).status_code == 400


def test_pages_that_are_not_marked_go_the_whole_way(cast, client):
    concern = reverse("public:concern", args=["westport"])
    client.get(concern)
    response, queries = _get(client, concern)
    assert queries > 0
    assert "no-store" in response["Cache-Control"]


# --- parts: a page's body, the same whoever reads it -----------------------------------


def _body(response) -> str:
    """What the page shows between its header and its footer."""
    return response.content.decode().split("<main", 1)[1].split("</main>", 1)[0]


def _cookie_client() -> Client:
    """A reader the stored pages cannot serve: a session cookie that signs nobody in."""
    reader = Client()
    reader.cookies[settings.SESSION_COOKIE_NAME] = "no-such-session"
    return reader


def test_a_signed_in_reader_gets_the_body_another_reader_left_under_their_own_header(
    cast, client, login
):
    anonymous = Client().get(SCHOOL)
    chair = login(cast.chair)
    page, from_the_part = _get(chair, SCHOOL)
    assert _body(page) == _body(anonymous)
    assert cast.chair.display_name in page.content.decode()
    cache.clear()
    rendered, queries = _get(chair, SCHOOL)
    assert _body(rendered) == _body(page)
    # The body's reads (updates, progress, figures, notices, summaries) are not made again.
    assert from_the_part <= queries - 10


def test_a_part_holds_nothing_of_the_reader_it_was_rendered_for(cast, client, login):
    chair_page = login(cast.chair).get(SCHOOL)
    anonymous = Client().get(SCHOOL).content.decode()
    assert _body(chair_page) in anonymous
    assert cast.chair.display_name not in anonymous
    assert cast.chair.email not in anonymous
    assert "Sign in" in anonymous


def test_publication_reaches_a_signed_in_reader_at_once(
    cast, client, login, django_capture_on_commit_callbacks
):
    chair = login(cast.chair)
    assert "New crossing guard" not in chair.get(SCHOOL).content.decode()
    _publish_an_update(cast, django_capture_on_commit_callbacks)
    assert "New crossing guard" in chair.get(SCHOOL).content.decode()


def test_each_language_and_page_number_is_a_part_of_its_own(cast):
    now = datetime.datetime.now(datetime.UTC)
    PublicUpdate.objects.bulk_create(
        PublicUpdate(
            committee=cast.district_wide,
            title=f"District update number {i}",
            body="Text",
            published_at=now - datetime.timedelta(minutes=i),
            first_published_at=now - datetime.timedelta(minutes=i),
        )
        for i in range(25)
    )
    reader = _cookie_client()
    with translation.override("es"):
        spanish_url = reverse("public:district", args=["westport"])
        spanish_heading = translation.gettext("Upcoming public meetings")
    english = _body(reader.get(DISTRICT))
    spanish = _body(reader.get(spanish_url))
    assert "Upcoming public meetings" in english and spanish_heading in spanish
    assert "Upcoming public meetings" not in spanish
    assert _body(reader.get(DISTRICT)) == english

    first, second = _body(reader.get(DISTRICT)), _body(reader.get(f"{DISTRICT}?page=2"))
    assert "District update number 0<" in first and "District update number 0<" not in second
    assert "District update number 24<" in second and "District update number 24<" not in first
    assert _body(reader.get(f"{DISTRICT}?page=2")) == second


def test_a_page_number_that_is_not_one_is_rendered_each_time_and_never_kept(cast):
    reader = _cookie_client()
    reader.get(DISTRICT)  # the plain page's part is kept
    page, queries = _get(reader, f"{DISTRICT}?page=first")
    again, again_queries = _get(reader, f"{DISTRICT}?page=first")
    assert page.status_code == 200 and _body(again) == _body(page)
    assert again_queries == queries
    assert _get(reader, DISTRICT)[1] < queries


class _Django:
    """Stands in for Django's WSGI handler behind the front: records what reaches it."""

    def __init__(self):
        self.reached = []

    def __call__(self, environ, start_response):
        self.reached.append(environ["PATH_INFO"])
        start_response("418 I'm a Teapot", [])
        return [b"django"]


def _through_front(request):
    """(status, headers, body) of the request through ``front`` with the stand-in."""
    django = _Django()
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer.update(status=status, headers=dict(headers))

    body = b"".join(public_cache.front(django)(request.environ, start_response))
    return answer["status"], answer["headers"], body, django.reached


def test_the_front_answers_a_stored_page_before_django_with_every_header(cast, client, rf):
    stored = client.get(SCHOOL)
    status, headers, body, reached = _through_front(rf.get(SCHOOL))
    assert reached == []
    assert status == "200 OK"
    assert body == stored.content
    assert headers == dict(stored.items())
    assert headers["Cache-Control"] == "public, no-cache"
    assert "default-src 'self'" in headers["Content-Security-Policy"]


def test_the_front_leaves_django_whatever_is_not_a_current_stored_page(
    cast, client, rf, django_capture_on_commit_callbacks
):
    etag = client.get(SCHOOL)["ETag"]
    not_for_the_front = [
        rf.get(SCHOOL, headers={"cookie": f"{settings.SESSION_COOKIE_NAME}=x"}),
        rf.get(SCHOOL, headers={"if-none-match": etag}),
        rf.head(SCHOOL),
        rf.get(f"{SCHOOL}?utm_source=x"),
        rf.get(SCHOOL, headers={"host": "evil.example.org"}),
        rf.get(DISTRICT),  # never stored
    ]
    for request in not_for_the_front:
        assert _through_front(request)[1:] == ({}, b"django", [request.path]), request
    assert _through_front(rf.get(SCHOOL))[3] == []

    _publish_an_update(cast, django_capture_on_commit_callbacks)
    assert _through_front(rf.get(SCHOOL))[2:] == (b"django", [SCHOOL])


def test_the_deployed_application_serves_stored_pages_through_the_front(cast, client, rf):
    from safety_portal.wsgi import application

    client.get(SCHOOL)
    answer = {}
    with CaptureQueriesContext(connection) as queries:
        body = b"".join(
            application(rf.get(SCHOOL).environ, lambda status, headers: answer.update(s=status))
        )
    assert answer["s"] == "200 OK" and len(queries) == 0
    assert body == client.get(SCHOOL).content


def test_a_bump_in_another_process_reaches_the_pages_this_one_keeps_near(cast, client, settings):
    if not settings.REDIS_URL:
        pytest.skip("needs Redis (REDIS_URL)")
    near = near_copies(cache)
    deadline = time.monotonic() + 5
    while not near.listening and time.monotonic() < deadline:
        time.sleep(0.01)
    client.get(SCHOOL)  # rendered and stored
    client.get(SCHOOL)  # read from Redis, and kept near
    page_key = next(key for key in near._copies if key.startswith("public-page:"))
    cache.delete(page_key)
    # Gone from Redis, still answered: from this process's memory, no round trip.
    assert _get(client, SCHOOL)[1] == 0

    # Another process (a worker publishing an update) bumps the district's version.
    version_key = f"public-version:{cast.district.slug}"
    cache.incr(version_key)
    NearCopies(near._client, near._channel).changed(version_key)  # its announcement
    deadline = time.monotonic() + 5
    while _get(client, SCHOOL)[1] == 0:
        assert time.monotonic() < deadline, "the bump never reached this process"
        time.sleep(0.01)
