"""Public updates: four eyes, the guard, corrections, withdrawal, cache, languages, figures."""

import datetime

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from committees import access
from committees.models import Level
from committees.services import public_text_approve
from followups.models import ActionItem
from incidents import drills
from incidents.models import Drill
from meetings import services as meeting_services
from meetings.models import Meeting, MeetingNotice, PublicSummary
from publishing import services
from publishing.models import PublicUpdate
from safety_portal.school_calendar import school_year_of
from tests.factories import ActionItemFactory

pytestmark = pytest.mark.django_db

HONEST = "The committee reviewed visitor sign-in and ordered new badges for the office."


def _draft(cast, title="Visitor badges", body=HONEST, committee=None):
    update, _findings = services.update_save(
        committee=committee or cast.high, title=title, body=body, by=cast.secretary
    )
    return update


def _public(client, *args, name="public:update", language=None):
    with translation.override(language or "en"):
        url = reverse(name, args=args)
    return client.get(url)


# Four eyes and the guard


def test_the_author_cannot_publish_and_a_member_without_rights_cannot_either(cast):
    update = _draft(cast)
    with pytest.raises(PermissionDenied):
        services.update_publish(update=update, by=cast.secretary)  # no publish rights
    chair_draft, _ = services.update_save(
        committee=cast.high, title="Drills", body=HONEST, by=cast.chair
    )
    with pytest.raises(ValidationError, match="four eyes"):
        services.update_publish(update=chair_draft, by=cast.chair)
    published = services.update_publish(update=chair_draft, by=cast.principal)
    assert published.published_by == cast.principal
    assert published.first_published_at == published.published_at


def test_the_guard_blocks_an_overlap_and_a_forbidden_term_and_passes_an_honest_update(cast):
    secret = "the east stairwell door does not latch and the camera misses it after dark"
    meeting_services.minutes_section_add(
        meeting=cast.meetings["high"],
        heading="Walkthrough",
        body=secret,
        visibility=Level.RESTRICTED,
        by=None,
    )
    leaky = _draft(cast, body=f"We found that {secret}.")
    with pytest.raises(ValidationError, match="stairwell door does not latch"):
        services.update_publish(update=leaky, by=cast.chair)
    cast.district.forbidden_public_terms = "Code Silver"
    cast.district.save()
    coded = _draft(cast, body="Staff practised the Code Silver response.")
    with pytest.raises(ValidationError, match="Code Silver"):
        services.update_publish(update=coded, by=cast.chair)
    assert services.update_publish(update=_draft(cast), by=cast.chair).published_at


def test_a_translation_is_read_by_the_guard_too(cast):
    cast.district.forbidden_public_terms = "Código Plata"
    cast.district.save()
    update = _draft(cast)
    services.update_translation_save(
        update=update, language="es", title="Credenciales", body="El Código Plata.", by=cast.chair
    )
    with pytest.raises(ValidationError, match="Código Plata"):
        services.update_publish(update=update, by=cast.chair)


def test_the_page_shows_the_guards_findings_and_publishing_from_it(cast, login):
    update = _draft(cast)
    page = login(cast.chair).get(reverse("publishing:update", args=[update.pk]))
    assert "The redaction guard finds nothing" in page.content.decode()
    response = login(cast.chair).post(reverse("publishing:update_publish", args=[update.pk]))
    assert response.status_code == 302
    update.refresh_from_db()
    assert update.published_at is not None
    author = login(cast.secretary).get(reverse("publishing:update", args=[update.pk]))
    assert ">Publish</button>" not in author.content.decode()


# Corrections and withdrawal, everywhere at once


def test_a_correction_shows_updated_on_and_passes_the_guard(
    cast, client, django_capture_on_commit_callbacks
):
    update = services.update_publish(update=_draft(cast), by=cast.chair)
    cast.district.forbidden_public_terms = "Room 114"
    cast.district.save()
    with pytest.raises(ValidationError, match="Room 114"):
        services.update_correct(update=update, title="Badges", body="In Room 114.", by=cast.chair)
    correction = services.update_correct(
        update=update, title="Visitor badges", body=HONEST + " Corrected.", by=cast.principal
    )
    assert "Corrected." not in _public(client, "westport", update.pk).content.decode()
    with django_capture_on_commit_callbacks(execute=True):  # four eyes; the cache is dropped
        public_text_approve(change=correction, by=cast.chair)
    page = _public(client, "westport", update.pk).content.decode()
    assert "updated on" in page
    assert "Corrected." in page


def test_a_withdrawn_update_leaves_the_page_the_feeds_and_the_cache_at_once(
    cast, client, django_capture_on_commit_callbacks
):
    update = services.update_publish(update=_draft(cast, title="Bus loop changes"), by=cast.chair)
    pages = [
        ("public:update", ("westport", update.pk)),
        ("public:district", ("westport",)),
        ("public:building", ("westport", "high")),
        ("public:district_feed", ("westport",)),
        ("public:building_feed", ("westport", "high")),
    ]
    for name, args in pages[1:]:
        assert "Bus loop changes" in _public(client, *args, name=name).content.decode(), name
    assert _public(client, "westport", update.pk).status_code == 200  # now cached
    with django_capture_on_commit_callbacks(execute=True):
        services.update_withdraw(update=update, by=cast.chair, reason="Plans changed")
    assert _public(client, "westport", update.pk).status_code == 404
    for name, args in pages[1:]:
        assert "Bus loop changes" not in _public(client, *args, name=name).content.decode(), name


def test_withdrawal_needs_a_reason_and_publish_rights(cast):
    update = services.update_publish(update=_draft(cast), by=cast.chair)
    with pytest.raises(ValidationError):
        services.update_withdraw(update=update, by=cast.chair, reason=" ")
    with pytest.raises(PermissionDenied):
        services.update_withdraw(update=update, by=cast.secretary, reason="Old")


# The cache: anonymous readers only


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_anonymous_readers_get_the_cached_page(cast, client):
    url = reverse("public:district", args=["westport"])
    first = _queries(client, url)
    assert _queries(client, url) < first


def test_a_signed_in_page_is_never_served_from_or_to_the_cache(cast, client, login):
    url = reverse("public:district", args=["westport"])
    chair = login(cast.chair)
    assert cast.chair.display_name in chair.get(url).content.decode()
    client.logout()
    assert cast.chair.display_name not in client.get(url).content.decode()
    chair = login(cast.chair)
    assert cast.chair.display_name in chair.get(url).content.decode()


# Languages


def test_a_translated_update_in_spanish_with_the_html_lang(cast, client):
    update = cast.updates["published"]
    page = _public(client, "westport", update.pk, language="es").content.decode()
    assert '<html lang="es">' in page
    assert "Nuevas credenciales para visitantes" in page
    assert "Not yet translated" not in page


def test_a_missing_translation_shows_english_with_a_note(cast, client):
    update = cast.updates["published"]
    page = _public(client, "westport", update.pk, language="pt").content.decode()
    assert '<html lang="pt">' in page
    assert "New visitor badges at the front office" in page
    assert "Ainda não traduzido" in page


def test_the_language_switcher_links_the_same_page_in_each_language(cast, client):
    page = _public(client, "westport", name="public:district").content.decode()
    assert 'href="/es/public/westport/"' in page
    assert 'href="/pt/public/westport/"' in page


# Figures


def test_small_counts_show_as_fewer_than_the_threshold(cast, client):
    now = datetime.datetime.now(datetime.UTC)
    ActionItemFactory.create_batch(
        4, committee=cast.high, status=ActionItem.Status.DONE, completed_at=now
    )
    page = _public(client, "westport", "high", name="public:building").content.decode()
    assert "completed this school year: fewer than 5." in page
    ActionItemFactory(committee=cast.high, status=ActionItem.Status.DONE, completed_at=now)
    cache.clear()
    page = _public(client, "westport", "high", name="public:building").content.decode()
    assert "completed this school year: 5." in page


def test_progress_by_category_shows_public_titles_never_the_committee_titles(cast, client):
    page = _public(client, "westport", "high", name="public:building").content.decode()
    for milestone in cast.milestones.values():
        assert milestone.title not in page


# Query budgets


def _many(cast, n: int) -> None:
    now = datetime.datetime.now(datetime.UTC)
    PublicUpdate.objects.bulk_create(
        PublicUpdate(
            committee=[cast.high, cast.district_wide][i % 2],
            title=f"Update {i}",
            body="Text",
            published_at=now,
            first_published_at=now,
        )
        for i in range(n)
    )


@pytest.mark.parametrize(
    "name,args",
    [
        ("public:district", ["westport"]),
        ("public:building", ["westport", "high"]),
        ("public:district_feed", ["westport"]),
        ("public:building_feed", ["westport", "high"]),
    ],
)
def test_public_pages_cost_the_same_for_5_and_500_updates(cast, client, name, args):
    url = reverse(name, args=args)
    _many(cast, 5)
    cache.clear()
    few = _queries(client, url)
    _many(cast, 495)
    cache.clear()
    assert _queries(client, url) == few


def test_an_update_page_costs_the_same_with_5_and_500_updates_around_it(cast, client):
    url = reverse("public:update", args=["westport", cast.updates["published"].pk])
    _many(cast, 5)
    cache.clear()
    few = _queries(client, url)
    _many(cast, 495)
    cache.clear()
    assert _queries(client, url) == few


# What a school's page reads when it is not cached, whatever the school holds: the
# building with its district, its committees, the updates (a count and a page; and their
# translations, in another language), the items completed this year, the milestones and
# their progress, the school year, the drill cadence and the year's drills, the notices
# and the summaries.
# The security assessment's figures cost two (issue 17): the last completed assessment,
# then its findings' states and public labels.
SCHOOL_PAGE_QUERIES = {"en": 14, "es": 15}


def _crowd(cast, n: int) -> None:
    """``n`` of everything the school's page counts or lists, from its history and its year."""
    now = datetime.datetime.now(datetime.UTC)
    _many(cast, n)
    meetings = Meeting.objects.bulk_create(
        Meeting(
            committee=cast.high,
            title=f"Meeting {i}",
            location="Library",
            starts_at=now + datetime.timedelta(days=i - n // 2),
        )
        for i in range(n)
    )
    MeetingNotice.objects.bulk_create(
        MeetingNotice(meeting=m, title=f"Notice {m.pk}", place="School", published_at=now)
        for m in meetings
    )
    PublicSummary.objects.bulk_create(
        PublicSummary(meeting=m, text=f"Summary {m.pk}", published_at=now) for m in meetings
    )
    milestone = cast.milestones[("high", Level.COMMITTEE)]
    ActionItem.objects.bulk_create(
        ActionItem(
            committee=cast.high,
            title=f"Done {i}",
            milestone=milestone if i % 2 else None,
            status=ActionItem.Status.DONE,
            completed_at=now - datetime.timedelta(days=i % 300),
        )
        for i in range(n)
    )
    Drill.objects.bulk_create(
        Drill(
            building=cast.high.building,
            committee=cast.high,
            kind="fire",
            held_at=now - datetime.timedelta(days=i % 90),
        )
        for i in range(n)
    )


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_school_page_costs_the_same_few_queries_for_5_and_500_of_everything(
    cast, client, language
):
    drills.school_year_set(
        district=cast.district,
        year=school_year_of(access.district_today(cast.district)),
        first_day=datetime.date(2026, 8, 27),
        last_day=datetime.date(2027, 6, 15),
        by=cast.district_admin,
    )
    with translation.override(language):
        url = reverse("public:building", args=["westport", "high"])
    for n in (5, 495):
        _crowd(cast, n)
        cache.clear()
        assert _queries(client, url) == SCHOOL_PAGE_QUERIES[language], n


def test_with_the_cache_down_public_pages_still_answer_and_publishing_works(
    cast, client, settings, django_capture_on_commit_callbacks
):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    page = _public(client, "westport", name="public:district")
    assert page.status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        update = services.update_publish(update=_draft(cast, title="Cache-less"), by=cast.chair)
    assert update.published_at is not None
    assert "Cache-less" in _public(client, "westport", name="public:district").content.decode()


def test_progress_categories_read_in_the_readers_language(cast, client):
    page = _public(client, "westport", "high", name="public:building", language="es")
    assert "Control de accesos" in page.content.decode()
