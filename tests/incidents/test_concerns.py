"""Community concerns: anyone sends one without signing in; the committee triages it;
the sender follows its status by reference number and sees nothing else."""

import datetime
import re
import threading

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from committees import services as committees
from committees.models import Level, Membership, Position
from followups.models import ActionItem
from incidents import concerns
from incidents.models import Concern, ConcernEvent
from notifications import services as outbox
from notifications.models import Notification
from tests.factories import BuildingFactory, DistrictFactory
from tests.notifications.clock import everything, mail_to

pytestmark = pytest.mark.django_db

NEW = reverse("public:concern", args=["westport"])
STATUS = reverse("public:concern_status", args=["westport"])
SENT = {
    "building": "high",
    "location": "The gate by the bus loop",
    "description": "The gate does not latch; it swings open in the wind.",
    "name": "Maria Lopez",
    "contact": "maria@example.org",
}
TIP_LINE = "1-800-555-0199"


@pytest.fixture
def westport(cast):
    """The cast, its district with a tip line to show."""
    cast.district.tip_line = TIP_LINE
    cast.district.save()
    return cast


def _send(client, address="198.51.100.7", url=NEW, **changes):
    return client.post(url, {**SENT, **changes}, REMOTE_ADDR=address)


def _submit(cast, **changes) -> Concern:
    values = {
        "building": cast.high.building,
        "location": "Crosswalk on Main Street",
        "description": "Cars do not stop for the crossing guard.",
        "address": "198.51.100.20",
    }
    values.update(changes)
    return concerns.concern_submit(**values)


def _reference(response) -> str:
    return re.search(r"C-[A-Z2-9]{8}", response.content.decode()).group(0)


def test_the_form_says_it_is_not_for_emergencies(westport, login):
    page = login(None).get(NEW).content.decode()
    assert "This form is not for emergencies" in page
    assert "In an emergency, call 911 now." in page
    assert TIP_LINE in page
    assert 'aria-hidden="true"' in page and 'tabindex="-1"' in page  # the trap
    assert "no-store" in login(None).get(NEW)["Cache-Control"]  # never cached


def test_the_district_and_building_pages_lead_to_the_form(westport, login):
    client = login(None)
    assert NEW in client.get(reverse("public:district", args=["westport"])).content.decode()
    building = client.get(reverse("public:building", args=["westport", "high"])).content.decode()
    assert f"{NEW}?building=high" in building
    form = client.get(f"{NEW}?building=high").content.decode()
    assert '<option value="high" selected>' in form


def test_anyone_sends_a_concern_and_sees_its_status_and_nothing_else(westport, login):
    client = login(None)
    response = _send(client)
    assert response.status_code == 302
    concern = Concern.objects.get(location=SENT["location"])
    assert response["Location"] == f"{STATUS}?reference={concern.reference}"
    assert re.fullmatch(r"C-[A-HJ-NP-Z2-9]{8}", concern.reference)
    assert concern.committee == westport.high
    assert (concern.name, concern.contact) == (SENT["name"], SENT["contact"])
    assert concern.source_key != "198.51.100.7" and len(concern.source_key) == 64
    assert list(concern.events.values_list("to_status", "actor")) == [("received", None)]

    page = client.get(response["Location"])
    body = page.content.decode()
    assert page.status_code == 200
    assert concern.reference in body  # in the one-time message and the facts
    assert "Westport High School" in body and "Received" in body
    for private in (SENT["location"], SENT["description"], SENT["name"], SENT["contact"]):
        assert private not in body
    again = client.get(response["Location"]).content.decode()
    assert "Keep it to check the status" not in again  # the message shows once


def test_the_status_follows_the_committee_and_the_notes_stay_inside(westport, login):
    concern = _submit(westport)
    concerns.concern_set_status(
        concern=concern,
        status="under_review",
        by=westport.chair,
        note="Facilities to fix the latch",
    )
    # Changed just before midnight in Westport: the date is the district's.
    Concern.objects.filter(pk=concern.pk).update(
        status_changed_at=datetime.datetime(2026, 11, 4, 3, 30, tzinfo=datetime.UTC)
    )
    body = login(None).get(STATUS, {"reference": f" {concern.reference.lower()} "})
    text = body.content.decode()
    assert "Under review" in text and "Nov. 3, 2026" in text
    for private in ("Facilities to fix the latch", concern.location, concern.description):
        assert private not in text


def test_an_unknown_reference_says_so_with_200(westport, login):
    client = login(None)
    response = client.get(STATUS, {"reference": "C-ZZZZZZZZ"})
    assert response.status_code == 200
    assert "No concern with that reference number" in response.content.decode()
    other = reverse("public:concern_status", args=["millbrook"])
    high = westport.concerns["high"]
    response = client.get(other, {"reference": high.reference})
    assert "No concern with that reference number" in response.content.decode()
    assert "Westport High School" not in response.content.decode()


def test_an_oversized_description_is_refused_with_a_clear_message(westport, login):
    response = _send(login(None), description="x" * 2001)
    assert response.status_code == 200
    assert (
        "Please shorten the description to 2000 characters (it has 2001)."
        in response.content.decode()
    )
    assert not Concern.objects.filter(location=SENT["location"]).exists()
    assert _send(login(None), description="x" * 2000).status_code == 302


def test_html_and_script_are_kept_as_text_and_shown_escaped(westport, login):
    script = "<script>alert(1)</script>"
    assert _send(login(None), description=script, name="<b>Bold</b>").status_code == 302
    concern = Concern.objects.get(description=script)
    page = login(westport.chair).get(reverse("incidents:concern", args=[concern.pk]))
    body = page.content.decode()
    assert script not in body and "<b>Bold</b>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_missing_fields_are_named_and_nothing_is_kept(westport, login):
    before = Concern.objects.count()
    response = login(None).post(NEW, {"name": "Maria"}, REMOTE_ADDR="198.51.100.7")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Please correct the following" in body
    assert body.count("This field is required.") == 3  # building, where, what
    assert 'value="Maria"' in body  # what was typed stays in the form
    assert Concern.objects.count() == before
    blank = _send(login(None), location="   ", description="  \n ")
    assert blank.status_code == 200
    assert Concern.objects.count() == before


def test_a_flood_from_one_address_is_held_and_others_still_get_through(westport, login, settings):
    settings.CONCERN_RATE_LIMIT = 5
    client = login(None)
    codes = [_send(client, address="203.0.113.9").status_code for _ in range(5 + 3)]
    assert codes == [302] * 5 + [200] * 3
    refused = _send(client, address="203.0.113.9").content.decode()
    assert "You have sent several concerns in the last hour" in refused
    assert TIP_LINE in refused
    key = concerns.source_key("203.0.113.9")
    assert Concern.objects.filter(source_key=key).count() == 5
    assert _send(client, address="203.0.113.10").status_code == 302


def test_the_limit_counts_the_last_hour_only(cast, settings):
    settings.CONCERN_RATE_LIMIT = 2
    for _ in range(2):
        _submit(cast, address="203.0.113.30")
    with pytest.raises(ValidationError, match="several concerns"):
        _submit(cast, address="203.0.113.30")
    hour_ago = timezone.now() - datetime.timedelta(minutes=61)
    Concern.objects.filter(source_key=concerns.source_key("203.0.113.30")).update(
        created_at=hour_ago
    )
    assert _submit(cast, address="203.0.113.30").status == Concern.Status.RECEIVED


def test_a_filled_spam_trap_looks_like_success_and_keeps_nothing(westport, login):
    before = Concern.objects.count()
    response = _send(login(None), website="http://spam.example.com")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Thank you" in body
    assert not re.search(r"C-[A-Z2-9]{8}", body)
    assert Concern.objects.count() == before


@pytest.mark.parametrize(
    "building", ["nowhere", "mhs", "other-id"], ids=["unknown", "other-slug", "other-id"]
)
def test_only_the_districts_own_buildings_are_offered(westport, login, building):
    if building == "other-id":
        building = str(westport.other_committee.building.pk)
    before = Concern.objects.count()
    response = _send(login(None), building=building)
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert Concern.objects.count() == before


def test_a_building_of_another_district_is_refused_on_its_page(westport, login):
    millbrook = reverse("public:concern", args=["millbrook"])
    response = _send(login(None), url=millbrook, building="high")
    assert response.status_code == 200
    assert not Concern.objects.filter(location=SENT["location"]).exists()


def test_triage_status_and_follow_up(cast, login):
    concern = _submit(cast)
    with pytest.raises(ValidationError):
        concerns.concern_set_status(concern=concern, status="addressed", by=cast.chair, note="")
    with pytest.raises(ValidationError):
        concerns.concern_set_status(concern=concern, status="received", by=cast.chair, note="x")
    with pytest.raises(PermissionDenied):
        concerns.concern_set_status(
            concern=concern, status="under_review", by=cast.secretary, note="Looking"
        )
    client = login(cast.chair)
    url = reverse("incidents:concern_status", args=[concern.pk])
    assert client.post(url, {"status": "under_review", "note": ""}).status_code == 302
    concern.refresh_from_db()
    assert concern.status == Concern.Status.RECEIVED  # no note, no step
    client.post(url, {"status": "under_review", "note": "Facilities called"})
    concern.refresh_from_db()
    assert concern.status == Concern.Status.UNDER_REVIEW

    response = client.post(
        reverse("incidents:concern_follow_up", args=[concern.pk]), {"title": "Ask the town"}
    )
    item = ActionItem.objects.get(title="Ask the town")
    assert response["Location"] == reverse("followups:action_item", args=[item.pk])
    assert (item.committee, item.visibility) == (cast.high, Level.COMMITTEE)
    assert item.source == ActionItem.Source.CONCERN
    # Linked back to the concern, without the reference number: the sender holds it.
    assert concern.reference not in item.source_detail
    assert item.source_detail.startswith(f"Community concern: {concern.building.name}, ")
    assert item.origin.concern == concern

    admin = login(cast.district_admin)
    admin.post(
        reverse("incidents:concern_triage", args=[concern.pk]),
        {"committee": cast.district_wide.pk, "note": "A town matter"},
    )
    concern.refresh_from_db()
    assert concern.committee == cast.district_wide
    last = concern.events.last()
    assert "Handed to District Safety Committee: A town matter" in last.note
    with pytest.raises(ValidationError):
        concerns.concern_triage(
            concern=concern, committee=cast.other_committee, by=None, note="Elsewhere"
        )
    with pytest.raises(PermissionDenied):  # the chair of the high school cannot take it back
        concerns.concern_triage(concern=concern, committee=cast.high, by=cast.chair, note="Ours")


def test_triage_of_a_new_concern_puts_it_under_review(cast):
    concern = _submit(cast)
    moved = concerns.concern_triage(
        concern=concern, committee=cast.middle, by=cast.district_admin, note="Their crosswalk"
    )
    assert (moved.committee, moved.status) == (cast.middle, Concern.Status.UNDER_REVIEW)
    assert ConcernEvent.objects.filter(concern=concern).count() == 2
    with pytest.raises(ValidationError):
        concerns.concern_triage(concern=moved, committee=cast.middle, by=None, note="Again")


def test_members_see_the_concern_and_others_do_not(cast, login):
    concern = cast.concerns["high"]
    url = reverse("incidents:concern", args=[concern.pk])
    page = login(cast.parent).get(url)
    assert page.status_code == 200  # committee level: every member of the committee
    assert concern.description in page.content.decode()
    assert "Change the status" not in page.content.decode()
    post = reverse("incidents:concern_status", args=[concern.pk])
    assert login(cast.parent).post(post, {"status": "addressed", "note": "x"}).status_code == 403
    for person in (cast.stranger, cast.other_admin, cast.outsider):
        assert login(person).get(url).status_code == 404
    anonymous = login(None).get(url)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    queue = reverse("incidents:concerns", args=[cast.high.pk])
    assert login(cast.stranger).get(queue).status_code == 404
    assert concern.reference in login(cast.principal).get(queue).content.decode()


def test_the_queue_shows_received_first_and_counts_the_addressed(cast, login):
    older = _submit(cast, location="Bus loop")
    concerns.concern_set_status(
        concern=older, status="under_review", by=cast.chair, note="Looking into it"
    )
    done = _submit(cast, location="Parking lot light")
    concerns.concern_set_status(concern=done, status="addressed", by=cast.chair, note="Fixed")
    client = login(cast.chair)
    body = client.get(reverse("incidents:concerns", args=[cast.high.pk])).content.decode()
    assert body.index(cast.concerns["high"].reference) < body.index(older.reference)
    assert done.reference not in body and "1 addressed" in body
    url = reverse("incidents:concerns", args=[cast.high.pk]) + "?status=addressed"
    assert done.reference in client.get(url).content.decode()


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _many(cast, n: int) -> None:
    now = timezone.now()
    start = Concern.objects.count()
    Concern.objects.bulk_create(
        Concern(
            reference=f"C-T{start + i:07d}",
            building=cast.high.building,
            committee=cast.high,
            location="Hall",
            description="A loose railing.",
            status=[Concern.Status.RECEIVED, Concern.Status.UNDER_REVIEW][i % 2],
            status_changed_at=now,
            source_key="0" * 64,
            created_at=now,
        )
        for i in range(n)
    )


def test_the_queue_costs_the_same_for_10_and_1000_concerns(cast, login):
    client = login(cast.chair)
    url = reverse("incidents:concerns", args=[cast.high.pk])
    _many(cast, 10)
    few = _count(client, url)
    _many(cast, 990)
    assert _count(client, url) == few


def test_the_form_in_spanish(westport, login):
    response = login(None).get("/es/public/westport/concerns/new/")
    body = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="es">' in body
    assert "Este formulario no es para emergencias" in body
    response = login(None).get("/es/public/westport/concerns/status/?reference=C-ZZZZZZZZ")
    assert "No hay ninguna inquietud con ese número de referencia" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_the_limit_holds_when_many_arrive_at_once(settings):
    if connection.vendor != "postgresql":
        pytest.skip("the lock under test is PostgreSQL's")
    settings.CONCERN_RATE_LIMIT = 3
    building = BuildingFactory(district=DistrictFactory())
    committees.committee_create(district=building.district, name="Oak Hill", building=building)
    barrier = threading.Barrier(8)
    outcomes = []

    def send():
        from django.db import connections

        try:
            barrier.wait()
            concerns.concern_submit(
                building=building,
                location="Gate",
                description="Broken.",
                address="203.0.113.77",
            )
            outcomes.append("saved")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refused"] * 5 + ["saved"] * 3
    assert Concern.objects.count() == 3


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        ("parent", False),
        ("student", False),
        ("staff", False),
        ("cleared_staff", True),
        ("chair", True),
        ("principal", True),
        ("district_admin", True),
    ],
)
def test_the_sender_is_shown_only_to_those_who_triage_the_concern(cast, login, role, sees):
    concern = cast.concerns["high"]
    page = login(cast.people[role]).get(reverse("incidents:concern", args=[concern.pk]))
    body = page.content.decode()
    assert page.status_code == 200 and concern.description in body
    assert (concern.name in body, concern.contact in body) == (sees, sees)
    if not sees:
        assert "Shown only to those who triage concerns" in body


def test_a_family_chair_does_not_see_the_sender(cast, login):
    """A chair seated as a parent manages the committee but is never shown the sender."""
    seat = Membership.objects.get(user=cast.parent, committee=cast.high)
    committees.membership_change(membership=seat, position=Position.CO_CHAIR, by=cast.principal)
    concern = cast.concerns["high"]
    body = login(cast.parent).get(reverse("incidents:concern", args=[concern.pk])).content
    assert concern.name not in body.decode() and concern.contact not in body.decode()


def test_the_chair_hears_of_a_new_concern_without_the_senders_name_or_contact(
    westport, client, django_capture_on_commit_callbacks
):
    Notification.objects.all().delete()  # the cast's own concerns were announced already
    mail.outbox = []
    with django_capture_on_commit_callbacks(execute=True):
        _send(client)
    outbox.sweep()
    concern = Concern.objects.get(location=SENT["location"])
    [to_chair] = mail_to(westport.chair)
    text = everything(to_chair)
    assert "A community concern about Westport High School" in text
    assert SENT["location"] in text and concern.reference in text
    assert reverse("incidents:concern", args=[concern.pk]) in text
    assert SENT["name"] not in text and SENT["contact"] not in text
    assert mail_to(westport.principal) and not mail_to(westport.parent)
