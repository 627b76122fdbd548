"""The API's public part (/api/v1/public/...) and the drafting of a public update
(POST /api/v1/updates/): the public pages' content, cached as they are, and four eyes."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts import services as account_services
from committees import services as committee_services
from committees.models import Level
from meetings import services as meeting_services
from publishing import services
from publishing.models import PublicUpdate

pytestmark = pytest.mark.django_db

DISTRICT = reverse("api:public-district", args=["westport"])
UPDATES = reverse("api:public-district-updates", args=["westport"])
SCHOOL = reverse("api:public-school", args=["westport", "high"])
SCHOOL_UPDATES = reverse("api:public-school-updates", args=["westport", "high"])
DRAFTS = reverse("api:update-list")


def _announce(cast, title="Spring safety committee meeting", days=30):
    """A meeting of the high school committee, announced for ``days`` from now."""
    meeting = meeting_services.meeting_schedule(
        committee=cast.high,
        title="Internal planning",
        starts_at=datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=days),
        location="Room 12",
        by=None,
    )
    change = meeting_services.meeting_notice_propose(
        meeting=meeting, title=title, place="Westport High School", by=cast.principal
    )
    committee_services.public_text_approve(change=change, by=cast.chair)
    return meeting


def _publish(cast, title, body="New crossing guards at the bus loop."):
    update, _ = services.update_save(committee=cast.high, title=title, body=body, by=cast.secretary)
    services.update_publish(update=update, by=cast.chair)
    return update


def _ids(rows, key="id"):
    return [row[key] for row in rows]


# --- the same content as the public pages --------------------------------------------


def test_the_district_answer_is_what_the_district_page_shows(cast, client):
    _announce(cast)
    _publish(cast, "Crossing guards")
    page = client.get(reverse("public:district", args=["westport"])).context
    api = client.get(DISTRICT).json()
    updates = client.get(UPDATES).json()

    assert api["name"] == cast.district.name and api["slug"] == "westport"
    assert [c["name"] for c in api["committees"]] == [c.name for c in page["committees"]]
    assert _ids(api["upcoming_meetings"], "meeting") == [n.meeting_id for n in page["upcoming"]]
    assert [n["title"] for n in api["upcoming_meetings"]] == [n.title for n in page["upcoming"]]
    assert "Spring safety committee meeting" in [n["title"] for n in api["upcoming_meetings"]]
    assert _ids(api["summaries"], "meeting") == [s.meeting_id for s in page["summaries"]]
    assert [s["text"] for s in api["summaries"]] == [s.text for s in page["summaries"]]
    (_template, procedures), *_ = page["sections"]
    assert [p["public_title"] for p in api["sections"]["procedures"]] == [
        p["public_title"] for p in procedures["procedures"]
    ]
    assert _ids(updates["results"]) == [u.pk for u in page["page"].object_list]
    assert [u["title"] for u in updates["results"]] == [u.title for u in page["page"].object_list]
    assert updates["count"] == page["page"].paginator.count


def test_the_school_answer_is_what_the_school_page_shows(cast, client):
    _announce(cast)
    page = client.get(reverse("public:building", args=["westport", "high"])).context
    api = client.get(SCHOOL).json()
    updates = client.get(SCHOOL_UPDATES).json()

    assert api["school_year"] == page["school_year"]
    assert [(c["category"], c["percent"]) for c in api["progress"]] == [
        (str(c.label), c.percent) for c in page["progress"]
    ]
    assert [[(m["title"], m["percent"]) for m in c["milestones"]] for c in api["progress"]] == [
        [tuple(m) for m in c.milestones] for c in page["progress"]
    ]
    if page["completed_hidden"]:
        assert api["completed_items"] is None
        assert api["completed_fewer_than"] == page["threshold"]
    else:
        assert api["completed_items"] == page["completed"]
    (_template, drills), *_ = page["figures"]
    if drills["drills"] is None:
        assert api["figures"]["drills"] is None
    else:
        assert api["figures"]["drills"]["required_so_far"] == drills["drills"].required
        assert api["figures"]["drills"]["held"] == drills["drills"].held
    assert _ids(api["upcoming_meetings"], "meeting") == [n.meeting_id for n in page["upcoming"]]
    assert _ids(api["summaries"], "meeting") == [s.meeting_id for s in page["summaries"]]
    assert _ids(updates["results"]) == [u.pk for u in page["page"].object_list]


def test_an_update_and_a_meeting_say_what_their_pages_say(cast, client):
    published = cast.updates["published"]
    response = client.get(reverse("api:public-update", args=["westport", published.pk]))
    update = response.json()
    assert update["title"] == published.title and update["body"] == published.body
    assert update["translations"] == [
        {
            "language": "es",
            "title": "Nuevas credenciales para visitantes",
            "body": "Los visitantes ahora llevan credenciales impresas.",
        }
    ]
    assert update["page"].endswith(reverse("public:update", args=["westport", published.pk]))
    executive = cast.executive
    meeting = client.get(reverse("api:public-meeting", args=["westport", executive.pk])).json()
    page = client.get(reverse("public:meeting", args=["westport", executive.pk])).context
    assert meeting["summary"]["text"] == page["record"].summary.text
    assert meeting["executive_session"] is True
    assert meeting["notice"] is None and "title" not in meeting  # never the meeting's own title
    record = page["record"].summary.record
    assert meeting["summary"]["executive_record"]["purpose"] == record.get("purpose", "")
    assert [v["motion"] for v in meeting["summary"]["executive_record"]["votes"]] == [
        v["motion"] for v in record.get("votes", [])
    ]


def test_what_is_not_public_is_not_found(cast, client):
    for state in ("draft", "withdrawn"):
        pk = cast.updates[state].pk
        assert client.get(reverse("api:public-update", args=["westport", pk])).status_code == 404
        assert pk not in _ids(client.get(UPDATES).json()["results"])
    published = cast.updates["published"].pk
    other = reverse("api:public-update", args=["millbrook", published])
    assert client.get(other).status_code == 404  # not through another district
    assert client.get(reverse("api:public-district", args=["nowhere"])).status_code == 404
    assert client.get(reverse("api:public-school", args=["westport", "mhs"])).status_code == 404
    hidden = meeting_services.meeting_schedule(
        committee=cast.high,
        title="Planning",
        starts_at=cast.meetings["high"].starts_at,
        location="Library",
        by=None,
    )
    meeting_services.summary_save(meeting=hidden, text="Not yet public.", by=None)
    hidden = hidden.pk  # a draft summary only
    assert client.get(reverse("api:public-meeting", args=["westport", hidden])).status_code == 404
    announced = cast.meetings["high"]
    found = client.get(reverse("api:public-meeting", args=["westport", announced.pk]))
    assert found.status_code == 200 and found.json()["notice"]["title"]
    assert announced.title not in found.content.decode()  # the committee's own words
    assert announced.location not in found.content.decode()


def test_a_signed_in_caller_gets_the_public_answer_and_no_more(cast, client, login):
    anonymous = client.get(UPDATES).json()
    for person in (cast.chair, cast.district_admin):
        signed_in = login(person).get(UPDATES)
        assert signed_in.json() == anonymous
        assert "private" in signed_in["Cache-Control"]  # as the public pages for them
    for key in ("not-a-real-one", None):  # a token is not read: the answer is everyone's
        cache.clear()
        if key is None:
            cast.api_token, key = account_services.api_token_create(
                user=cast.chair, name="Website", days=30
            )
        token = login(None).get(UPDATES, headers={"Authorization": f"Token {key}"})
        assert token.status_code == 200 and token.json() == anonymous
    for path in (DISTRICT, SCHOOL):
        assert login(cast.chair).get(path).json() == login(None).get(path).json()


# --- cached as the public pages are ----------------------------------------------------


def test_an_anonymous_answer_is_public_tagged_and_revalidated(cast, client):
    first = client.get(UPDATES)
    assert first.status_code == 200
    assert "public" in first["Cache-Control"] and "no-cache" in first["Cache-Control"]
    assert "private" not in first["Cache-Control"]
    held = client.get(UPDATES, headers={"If-None-Match": first["ETag"]})
    assert held.status_code == 304 and held.content == b""


def test_a_stored_answer_costs_no_query_and_publishing_renews_it(
    cast, client, django_capture_on_commit_callbacks
):
    client.get(UPDATES)  # now in Redis
    with CaptureQueriesContext(connection) as queries:
        again = client.get(UPDATES)
    assert again.status_code == 200 and len(queries) == 0
    with django_capture_on_commit_callbacks(execute=True):
        update = _publish(cast, "Crossing guards at the bus loop")
    assert update.pk in _ids(client.get(UPDATES).json()["results"])
    assert update.pk in _ids(client.get(SCHOOL_UPDATES).json()["results"])
    with django_capture_on_commit_callbacks(execute=True):
        services.update_withdraw(update=update, by=cast.chair, reason="Posted too early")
    assert update.pk not in _ids(client.get(UPDATES).json()["results"])
    missing = client.get(reverse("api:public-update", args=["westport", update.pk]))
    assert missing.status_code == 404


def test_an_announced_meeting_renews_the_stored_district_answer(
    cast, client, django_capture_on_commit_callbacks
):
    assert client.get(DISTRICT).json()["upcoming_meetings"] == []
    with django_capture_on_commit_callbacks(execute=True):
        _announce(cast, "Winter safety committee meeting")
    titles = [n["title"] for n in client.get(DISTRICT).json()["upcoming_meetings"]]
    assert titles == ["Winter safety committee meeting"]


def test_the_anonymous_are_counted_by_address(cast, client, settings):
    settings.API_ANONYMOUS_CALLS_PER_MINUTE = 2
    cache.clear()
    statuses = [client.get(UPDATES, {"nocache": n}).status_code for n in range(3)]
    assert statuses == [200, 200, 429]
    other = client.get(UPDATES, {"nocache": 4}, REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 200


# --- what an answer costs ----------------------------------------------------------------


def _queries(client, url) -> int:
    """The cost of rendering the answer (not of reading it from the cache)."""
    cache.clear()
    client.get(url)
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_public_answers_cost_the_same_for_few_and_many_records(cast, client):
    urls = [DISTRICT, UPDATES, SCHOOL, SCHOOL_UPDATES]
    few = [_queries(client, url) for url in urls]
    for n in range(25):
        update = _publish(cast, f"Update number {n}")
        services.update_translation_save(
            update=update, language="es", title=f"Noticia {n}", body="Texto.", by=cast.chair
        )
    for n in range(4):
        _announce(cast, f"Meeting number {n}", days=10 + n)
    many = [_queries(client, url) for url in urls]
    assert few == many


# --- drafting an update -------------------------------------------------------------------


def _draft(client, to, **data):
    body = {"committee": to.pk, "title": "Crossing guards", "body": "Guards at the loop."}
    return client.post(DRAFTS, {**body, **data}, content_type="application/json")


def test_a_drafter_writes_a_draft_that_is_not_public(cast, client, login):
    response = _draft(login(cast.secretary), cast.high)
    assert response.status_code == 201, response.content
    answer = response.json()
    assert answer["state"] == "draft" and answer["publishable"] is True and answer["guard"] == {}
    assert "no-store" in response["Cache-Control"]
    update = PublicUpdate.objects.get(pk=answer["id"])
    assert update.written_by == cast.secretary and update.published_at is None
    public = login(None)
    assert answer["id"] not in _ids(public.get(UPDATES).json()["results"])
    url = reverse("api:public-update", args=["westport", answer["id"]])
    assert public.get(url).status_code == 404


def test_only_those_who_may_draft_on_the_committee_do(cast, client, login):
    assert _draft(client, cast.high).status_code == 401
    for role in ("parent", "student", "staff", "cleared_staff", "officer"):
        refused = _draft(login(cast.people[role]), cast.high)
        assert refused.status_code == 403, role  # a member: they see it, may not draft
    for role in ("chair", "principal", "district_admin"):
        assert _draft(login(cast.people[role]), cast.high).status_code == 201, role
    hidden = _draft(login(cast.stranger), cast.high)
    missing = _draft(login(cast.stranger), cast.high, committee=999999)
    assert hidden.status_code == missing.status_code == 400
    assert hidden.json()["committee"] == [
        m.replace("999999", str(cast.high.pk)) for m in missing.json()["committee"]
    ]
    assert _draft(login(cast.other_admin), cast.high).status_code == 400
    assert PublicUpdate.objects.filter(title="Crossing guards").count() == 3


def test_publishing_stays_four_eyes_on_the_pages(cast, client, login):
    answer = _draft(login(cast.chair), cast.high).json()
    update = PublicUpdate.objects.get(pk=answer["id"])
    for verb in ("post", "put", "patch", "delete"):
        url = f"{DRAFTS}{update.pk}/"
        assert getattr(client, verb)(url).status_code in (404, 405)
    own = login(cast.chair).post(reverse("publishing:update_publish", args=[update.pk]))
    assert own.status_code == 302
    update.refresh_from_db()
    assert update.published_at is None  # its author may not publish it
    login(cast.principal).post(reverse("publishing:update_publish", args=[update.pk]))
    update.refresh_from_db()
    assert update.published_at is not None and update.published_by == cast.principal


def test_the_guard_speaks_per_field_without_the_words_it_found(cast, client, login):
    cast.district.forbidden_public_terms = "Code Silver"
    cast.district.save(update_fields=["forbidden_public_terms"])
    confidential = "the side door by the gym does not latch when the alarm is off"
    meeting_services.minutes_section_add(
        meeting=cast.meetings["high"],
        heading="Doors",
        body=confidential,
        visibility=Level.RESTRICTED,
        by=None,
    )
    response = _draft(
        login(cast.secretary),
        cast.high,
        title="Practice of code silver",
        body=f"We found that {confidential.upper()}.",
    )
    assert response.status_code == 201, response.content
    answer = response.json()
    assert answer["publishable"] is False
    assert set(answer["guard"]) == {"title", "body"}
    said = " ".join(m for messages in answer["guard"].values() for m in messages).casefold()
    assert "silver" not in said and "latch" not in said and "gym" not in said
    assert "confidential records" in " ".join(answer["guard"]["body"])
    update = PublicUpdate.objects.get(pk=answer["id"])
    with pytest.raises(Exception, match="blocked"):
        services.update_publish(update=update, by=cast.chair)


def test_a_refused_draft_says_which_field_and_keeps_nothing(cast, client, login):
    response = _draft(login(cast.secretary), cast.high, title="   ", body="")
    assert response.status_code == 400
    assert set(response.json()) == {"title", "body"}
    assert not PublicUpdate.objects.filter(written_by=cast.secretary, title="").exists()
