"""The audit trail: changes, restricted reads and disclosures, append-only, per district.

Reads are recorded by the gate's read path whatever the way in (a page, an export, the
calendar feed, an e-mail); a district's administrators read their own district's trail;
a record's page shows its changes to whoever may see the record.
"""

import csv
import datetime
import io
import re

import pytest
from auditlog.context import set_actor as acting_as
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audit import trail
from audit.models import AppendOnly, AuditEntry
from committees import services
from committees.models import Level, Membership, Position
from followups import services as followup_services
from followups.models import ActionItem
from meetings import services as meeting_services
from notifications import services as outbox
from notifications.models import Kind
from procedures import services as procedure_services
from safety_portal import admin as portal_admin
from safety_portal.paging import COUNT_UP_TO
from tests.conftest import ROLES
from tests.factories import ActionItemFactory, UserFactory
from tests.helpers import plan_without_seqscan

pytestmark = pytest.mark.django_db

READ = AuditEntry.Action.ACCESS


def _reads(user, record, via=None):
    entries = AuditEntry.objects.filter(
        action=READ, actor=user, object_id=record.pk, content_type__model=record._meta.model_name
    )
    return entries.filter(via=via) if via else entries


def _csv(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(body)))


# --- restricted reads, through every path ---------------------------------------------------


def test_a_restricted_read_is_recorded_through_each_path(cast, login):
    chair = cast.chair
    client = login(chair)
    item = cast.items[("high", Level.RESTRICTED)]
    incident = cast.incidents[("high", Level.RESTRICTED)]
    procedure = cast.procedures["high"]
    executive = cast.executive

    assert client.get(reverse("followups:action_item", args=[item.pk])).status_code == 200
    assert client.get(reverse("incidents:detail", args=[incident.pk])).status_code == 200
    assert client.get(reverse("procedures:procedure", args=[procedure.pk])).status_code == 200
    assert client.get(reverse("meetings:meeting", args=[executive.pk])).status_code == 200
    assert client.get(reverse("meetings:minutes_pdf", args=[executive.pk])).status_code == 200
    assert client.get(reverse("meetings:minutes_txt", args=[executive.pk])).status_code == 200
    response = client.get(reverse("followups:items_csv", args=[cast.high.pk]))
    _csv(response)
    token = meeting_services.calendar_token_get(user=chair).token
    assert client.get(reverse("calendar_feed", args=[token])).status_code == 200

    assert _reads(chair, item, "page").count() == 1
    assert _reads(chair, incident, "page").count() == 1
    assert _reads(chair, procedure, "page").count() == 1
    assert _reads(chair, executive, "page").count() == 1
    assert _reads(chair, executive, "pdf").count() == 1
    assert _reads(chair, executive, "text").count() == 1
    assert _reads(chair, item, "csv").count() == 1
    # The restricted minutes section of the committee's regular meeting, on its page.
    section = cast.meetings["high"].sections.get(visibility=Level.RESTRICTED)
    client.get(reverse("meetings:meeting", args=[cast.meetings["high"].pk]))
    assert _reads(chair, section, "page").count() == 1
    entry = _reads(chair, item, "page").get()
    assert entry.district_id == cast.district.pk
    assert entry.timestamp <= timezone.now()


def test_the_calendar_feed_records_restricted_meetings_it_carries(cast, login):
    executive = cast.executive
    executive.starts_at = timezone.now() + datetime.timedelta(days=3)
    executive.save(update_fields=["starts_at"])
    token = meeting_services.calendar_token_get(user=cast.chair).token
    response = login(None).get(reverse("calendar_feed", args=[token]))
    assert response.status_code == 200
    assert _reads(cast.chair, executive, "ical").count() == 1


def test_an_email_about_a_restricted_record_is_a_read_by_its_recipient(cast):
    item = cast.items[("high", Level.RESTRICTED)]
    mail.outbox = []
    [pk] = outbox.notify(
        recipients=[cast.chair], kind=Kind.ITEM_ASSIGNED, subject=item, period="audit"
    )
    assert outbox.deliver(notification_id=pk) == "sent"
    assert len(mail.outbox) == 1
    assert _reads(cast.chair, item, "email").count() == 1


def test_reads_of_committee_records_and_refused_reads_are_not_recorded(cast, login):
    item = cast.items[("high", Level.COMMITTEE)]
    login(cast.staff).get(reverse("followups:action_item", args=[item.pk]))
    assert not _reads(cast.staff, item).exists()
    restricted = cast.items[("high", Level.RESTRICTED)]
    response = login(cast.parent).get(reverse("followups:action_item", args=[restricted.pk]))
    assert response.status_code == 404
    assert not _reads(cast.parent, restricted).exists()


def test_the_csv_records_every_restricted_row_in_one_insert(cast, login):
    client = login(cast.chair)
    url = reverse("followups:items_csv", args=[cast.high.pk])
    _csv(client.get(url))  # warm the per-process caches

    def cost() -> int:
        with CaptureQueriesContext(connection) as queries:
            _csv(client.get(url))
        return len(queries)

    few = cost()
    for _ in range(20):
        ActionItemFactory(committee=cast.high, visibility=Level.RESTRICTED)
    assert cost() == few
    assert AuditEntry.objects.filter(action=READ, actor=cast.chair, via="csv").count() == (
        2 * 1 + 21
    )


# --- append-only ----------------------------------------------------------------------------


def test_the_trail_refuses_to_be_edited_or_deleted(cast):
    entry = AuditEntry.objects.filter(district=cast.district).first()
    assert entry is not None
    entry.object_repr = "rewritten"
    with pytest.raises(AppendOnly):
        entry.save()
    with pytest.raises(AppendOnly):
        entry.delete()
    with pytest.raises(AppendOnly):
        AuditEntry.objects.filter(pk=entry.pk).update(object_repr="rewritten")
    with pytest.raises(AppendOnly):
        AuditEntry.objects.filter(pk=entry.pk).delete()
    entry.refresh_from_db()
    assert entry.object_repr != "rewritten"


def test_the_admin_offers_no_change_nor_delete(cast, login, admin_user):
    entry = AuditEntry.objects.filter(district=cast.district).first()
    change = reverse("admin:audit_auditentry_change", args=[entry.pk])
    delete = reverse("admin:audit_auditentry_delete", args=[entry.pk])
    for person in (cast.district_admin, admin_user):
        client = login(person)
        page = client.get(change)
        assert page.status_code == 200
        assert 'name="_save"' not in page.content.decode()
        assert client.post(change, {"object_repr": "rewritten"}).status_code == 403
        assert client.get(delete).status_code == 403
        assert client.post(delete, {"post": "yes"}).status_code == 403
        listing = client.get(reverse("admin:audit_auditentry_changelist"))
        assert "delete_selected" not in listing.content.decode()
    assert AuditEntry.objects.filter(pk=entry.pk, object_repr=entry.object_repr).exists()


def test_the_product_has_no_url_that_writes_the_trail(cast, login):
    client = login(cast.district_admin)
    before = AuditEntry.objects.count()
    for name in ("audit:trail", "audit:trail_csv"):
        assert client.post(reverse(name), {"pk": 1}).status_code == 405
    assert AuditEntry.objects.count() == before


# --- changes --------------------------------------------------------------------------------


def _changes_of(record):
    return AuditEntry.objects.filter(
        content_type__model=record._meta.model_name,
        object_id=record.pk,
        action__in=[AuditEntry.Action.CREATE, AuditEntry.Action.UPDATE],
    ).order_by("-timestamp", "-pk")


def test_a_change_on_a_page_records_who_when_before_and_after(cast, login):
    item = cast.items[("high", Level.COMMITTEE)]
    started = timezone.now()
    response = login(cast.chair).post(
        reverse("followups:item_status", args=[item.pk]), {"status": "in_progress", "note": ""}
    )
    assert response.status_code == 302
    entry = _changes_of(item).first()
    assert entry.actor == cast.chair
    assert entry.action == AuditEntry.Action.UPDATE
    assert entry.changes["status"] == ["open", "in_progress"]
    assert entry.timestamp >= started
    assert entry.district_id == cast.district.pk


def test_an_incident_status_change_records_its_actor(cast, login):
    incident = cast.incidents[("high", Level.COMMITTEE)]
    response = login(cast.chair).post(
        reverse("incidents:status", args=[incident.pk]), {"status": "triaged", "note": "Seen"}
    )
    assert response.status_code == 302
    entry = _changes_of(incident).first()
    assert entry.actor == cast.chair
    assert entry.changes["status"][1] == "triaged"
    # The committee's members see it on the incident's page, in the page and not its title.
    page = login(cast.staff).get(reverse("incidents:detail", args=[incident.pk])).content.decode()
    assert "Changes on record" in page[page.index("</title>") :]
    assert "Triaged" in page[page.index("Changes on record") :]


def test_a_service_run_for_a_person_records_them(cast):
    membership = Membership.objects.get(committee=cast.high, user=cast.staff)
    meeting = cast.meetings["high"]
    with acting_as(cast.principal):
        services.membership_change(
            membership=membership, position=Position.SECRETARY, by=cast.principal
        )
        meeting_services.meeting_change(meeting=meeting, location="Room 101", by=cast.principal)
    entry = _changes_of(membership).first()
    assert (entry.actor, entry.changes["position"]) == (cast.principal, ["member", "secretary"])
    entry = _changes_of(meeting).first()
    assert entry.actor == cast.principal
    assert entry.changes["location"][1] == "Room 101"


# --- disclosures ----------------------------------------------------------------------------


def test_named_grants_and_procedure_copies_are_disclosures(cast, login):
    item = cast.items[("high", Level.RESTRICTED)]
    marshal = cast.outsider
    services.named_grant_add(record=item, user=marshal, by=cast.chair)
    services.named_grant_remove(record=item, user=marshal, by=cast.chair)
    incident = cast.incidents[("high", Level.COMMITTEE)]
    services.named_grant_add(record=incident, user=marshal, by=cast.principal)
    procedure = cast.procedures["high"]
    procedure_services.procedure_copy_record(
        procedure=procedure, given_to="Fire Marshal Diaz", how="printed", by=cast.chair
    )

    disclosures = AuditEntry.objects.filter(action=AuditEntry.Action.DISCLOSE)
    shared, ended = disclosures.filter(
        object_id=item.pk, content_type__model="actionitem"
    ).order_by("pk")
    assert (shared.via, shared.disclosed_to, shared.actor) == ("named_grant", marshal, cast.chair)
    assert shared.changes == {"disclosed to": [None, marshal.display_name]}
    assert ended.changes == {"no longer shared with": [marshal.display_name, None]}
    assert disclosures.filter(object_id=incident.pk, content_type__model="incident").exists()
    copy = disclosures.get(
        object_id=procedure.pk, content_type__model="procedure", actor=cast.chair
    )
    assert copy.via == "copy"
    assert copy.changes["disclosed to"] == [None, "Fire Marshal Diaz"]
    assert copy.district_id == cast.district.pk
    # The procedure's page shows the copy among its changes to those who may read it.
    page = login(cast.secretary).get(reverse("procedures:procedure", args=[procedure.pk]))
    assert "Copy given" in page.content.decode()
    assert "Fire Marshal Diaz" in page.content.decode()


# --- the district administrators' page ------------------------------------------------------


def test_the_audit_page_is_the_district_administrators_alone(cast, login):
    for role in ROLES:
        client = login(None if role == "anonymous" else cast.people[role])
        for name in ("audit:trail", "audit:trail_csv"):
            response = client.get(reverse(name))
            if role == "anonymous":
                assert response.status_code == 302
            elif role in ("district_admin", "other_admin"):
                assert response.status_code == 200
            else:
                assert response.status_code == 404, (role, name)


def test_a_district_administrator_reads_only_their_districts_trail(cast, login):
    login(cast.chair).get(
        reverse("followups:action_item", args=[cast.items[("high", "restricted")].pk])
    )
    client = login(cast.other_admin)
    page = client.get(reverse("audit:trail")).content.decode()
    rows = _csv(client.get(reverse("audit:trail_csv")))
    westport = [c for c, (name, _level) in cast.canaries.items() if name != "other_committee"]
    for canary in westport:
        assert canary not in page
        assert canary not in str(rows)
    assert cast.chair.display_name not in page
    # Asking for a person of another district matches nothing, rather than everything.
    by_chair = client.get(reverse("audit:trail"), {"person": cast.chair.pk}).content.decode()
    assert "Nothing on record matches." in by_chair
    # Their own district's records are there.
    assert any("CANARY-RESTRICTED-other_committee" in cell for row in rows for cell in row)


def test_the_audit_page_filters_by_person_record_and_date(cast, login):
    item = cast.items[("high", Level.RESTRICTED)]
    other = cast.items[("middle", Level.RESTRICTED)]
    login(cast.chair).get(reverse("followups:action_item", args=[item.pk]))
    login(cast.district_admin).get(reverse("followups:action_item", args=[other.pk]))
    client = login(cast.district_admin)
    url = reverse("audit:trail")

    by_chair = client.get(url, {"person": cast.chair.pk, "kind": "read"}).content.decode()
    assert item.title in by_chair
    # Anyone not in the menu is named by user name or e-mail beside it.
    for typed in (cast.chair.username, cast.chair.email.upper()):
        page = client.get(url, {"person_other": typed, "kind": "read"}).content.decode()
        assert item.title in page and other.title not in page, typed
    # Nobody of that name, or someone of another district: said, and nothing shown.
    for typed in ("nobody.here", cast.other_admin.username):
        page = client.get(url, {"person_other": typed}).content.decode()
        assert f"No one of the district has the e-mail or user name {typed}." in page
        assert "Nothing on record matches." in page
    assert other.title not in by_chair

    key = f"followups.actionitem:{other.pk}"
    by_record = client.get(url, {"record": key}).content.decode()
    assert other.title in by_record
    assert item.title not in by_record
    by_words = client.get(url, {"record": item.title}).content.decode()
    assert item.title in by_words and other.title not in by_words

    today = timezone.localdate()
    tomorrow = today + datetime.timedelta(days=1)
    assert item.title in client.get(url, {"since": today.isoformat()}).content.decode()
    later = client.get(url, {"since": tomorrow.isoformat()}).content.decode()
    assert item.title not in later
    assert "Nothing on record matches." in later
    earlier = client.get(url, {"until": (today - datetime.timedelta(days=1)).isoformat()})
    assert item.title not in earlier.content.decode()


def test_the_audit_csv_has_the_same_filters_and_guards_against_formulas(cast, login):
    item = ActionItemFactory(
        committee=cast.high, visibility=Level.RESTRICTED, title="=HYPERLINK(1)"
    )
    login(cast.chair).get(reverse("followups:action_item", args=[item.pk]))
    client = login(cast.district_admin)
    rows = _csv(client.get(reverse("audit:trail_csv"), {"person": cast.chair.pk, "kind": "read"}))
    header, *body = rows
    assert header[:3] == ["When", "Who", "What"]
    assert body, "the read is in the export"
    assert all(row[1] == cast.chair.display_name for row in body)
    assert [row[5] for row in body if "HYPERLINK" in row[5]] == ["'=HYPERLINK(1)"]
    for row in body:
        for cell in row:
            assert cell[:1] not in ("=", "+", "-", "@"), cell


# --- a record's own page ------------------------------------------------------------------------


def test_an_action_items_page_shows_its_history_to_those_who_may_see_it(cast, login):
    item = cast.items[("high", Level.COMMITTEE)]
    login(cast.chair).post(
        reverse("followups:item_status", args=[item.pk]), {"status": "in_progress", "note": ""}
    )
    url = reverse("followups:action_item", args=[item.pk])
    page = login(cast.staff).get(url).content.decode()
    assert "Changes on record" in page
    assert "Open → In progress" in page
    assert cast.chair.display_name in page
    assert login(cast.stranger).get(url).status_code == 404
    assert login(cast.other_admin).get(url).status_code == 404


def test_a_records_history_names_no_reader(cast, login):
    item = cast.items[("high", Level.RESTRICTED)]
    login(cast.officer).get(reverse("followups:action_item", args=[item.pk]))
    page = login(cast.secretary).get(reverse("followups:action_item", args=[item.pk]))
    assert "Read (page)" not in page.content.decode()


def test_an_items_restricted_history_stays_from_who_may_not_see_it(cast, login):
    item = cast.items[("high", Level.RESTRICTED)]
    followup_services.action_item_edit(
        item=item, by=cast.chair, title="CANARY-AUDIT-RENAMED-high-7f3a"
    )
    for role in ("parent", "student", "staff", "stranger", "outsider", "other_admin"):
        client = login(cast.people[role])
        for url in (
            reverse("followups:action_item", args=[item.pk]),
            reverse("followups:items", args=[cast.high.pk]),
            reverse("audit:trail"),
        ):
            body = client.get(url).content.decode()
            assert "CANARY-RESTRICTED-high" not in body, (role, url)
            assert "CANARY-AUDIT-RENAMED" not in body, (role, url)


def test_existing_item_is_registered_with_the_change_log(cast):
    item = ActionItem.objects.get(pk=cast.items[("high", Level.COMMITTEE)].pk)
    assert _changes_of(item).filter(action=AuditEntry.Action.CREATE).exists()


def test_a_lowered_items_history_keeps_what_it_said_while_restricted(cast, login):
    item = cast.items[("high", Level.RESTRICTED)]
    followup_services.action_item_edit(
        item=item, by=cast.chair, title="CANARY-AUDIT-WHILE-RESTRICTED-9c1e"
    )
    followup_services.action_item_edit(
        item=item, by=cast.chair, title="Check the gym doors", visibility=Level.COMMITTEE
    )
    followup_services.action_item_edit(
        item=item, by=cast.chair, title="Check the gym and stage doors"
    )
    url = reverse("followups:action_item", args=[item.pk])
    for role in ("parent", "student"):
        page = login(cast.people[role]).get(url).content.decode()
        assert "Check the gym and stage doors" in page, role
        assert "Changes on record" in page, role
        # Written since the item was lowered: theirs to read.
        assert "Check the gym doors → Check the gym and stage doors" in page, role
        assert "CANARY-RESTRICTED-high" not in page, role
        assert "CANARY-AUDIT-WHILE-RESTRICTED" not in page, role
    page = login(cast.officer).get(url).content.decode()
    assert "CANARY-AUDIT-WHILE-RESTRICTED-9c1e → Check the gym doors" in page


def test_a_lowered_incidents_history_keeps_its_restricted_level(cast, login):
    incident = cast.incidents[("high", Level.COMMITTEE)]
    from incidents import services as incidents

    incidents.incident_set_level(incident=incident, visibility=Level.RESTRICTED, by=cast.principal)
    entry = AuditEntry.objects.filter(object_id=incident.pk, content_type__model="incident").latest(
        "pk"
    )
    assert entry.level == Level.RESTRICTED
    incidents.incident_set_level(incident=incident, visibility=Level.COMMITTEE, by=cast.principal)
    lowered = AuditEntry.objects.filter(
        object_id=incident.pk, content_type__model="incident"
    ).latest("pk")
    assert lowered.level == Level.RESTRICTED, "the lowering itself tells of the restricted past"


def test_a_records_history_reads_in_the_readers_words(cast, login):
    """The history panel names each change and field as the forms do, in the reader's
    language: "Cambiado", "Prioridad", not auditlog's "Update" and "priority"."""
    item = cast.items[("high", Level.COMMITTEE)]
    login(cast.chair).post(
        reverse("followups:item_status", args=[item.pk]), {"status": "in_progress", "note": ""}
    )
    url = reverse("followups:action_item", args=[item.pk])
    history = _history(login(cast.staff).get(url, HTTP_ACCEPT_LANGUAGE="en"))
    assert ": Changed" in history
    assert "<li>Status: Open → In progress</li>" in history
    spanish = login(cast.staff)
    spanish.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    history = _history(spanish.get(url))
    assert ": Modificado" in history
    assert "<li>Estado: Abierta → En curso</li>" in history
    assert ": Update" not in history


def _history(response) -> str:
    page = response.content.decode()
    return page[page.index('id="audit-history"') :]


def test_the_audit_csv_is_english_whatever_the_readers_language(cast, login):
    """Every CSV is in English (docs/architecture.md), the trail's too, while its page
    speaks the reader's language."""
    item = cast.items[("high", Level.COMMITTEE)]
    login(cast.chair).post(
        reverse("followups:item_status", args=[item.pk]), {"status": "in_progress", "note": ""}
    )
    client = login(cast.district_admin)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    assert "Modificado" in client.get(reverse("audit:trail")).content.decode()
    rows = _csv(client.get(reverse("audit:trail_csv")))
    assert rows[0][:3] == ["When", "Who", "What"]
    assert "Changed" in [row[2] for row in rows[1:]]
    assert "Modificado" not in str(rows)


def test_a_history_panel_reads_no_more_for_more_changes(cast, login):
    """Each entry names its fields by the model's words, from the process's cache of
    content types: the page's queries do not grow with its history."""
    item = cast.items[("high", Level.COMMITTEE)]
    url = reverse("followups:action_item", args=[item.pk])
    client = login(cast.staff)
    client.get(url)

    def queries() -> int:
        with CaptureQueriesContext(connection) as read:
            client.get(url)
        return len(read)

    few = queries()
    for n in range(5):
        with acting_as(cast.chair):
            item.refresh_from_db()
            item.title = f"Renamed {n}"
            item.save()
    assert queries() == few


def test_the_person_filter_does_not_list_the_district(cast, login):
    """A district of thousands: the menu offers its administrators, and anyone else is
    named by e-mail or user name beside it; the page is the same size with 300 more."""
    client = login(cast.district_admin)
    url = reverse("audit:trail")

    def menu() -> tuple[str, str]:
        page = client.get(url).content.decode()
        return re.search(r'<select name="person".*?</select>', page, re.S).group(0), page

    UserFactory.create_batch(5, district=cast.district)
    few, _page = menu()
    UserFactory.create_batch(300, district=cast.district)
    many, page = menu()
    assert many == few  # (the trail itself grew: adding people is on record)
    assert cast.principal.display_name in many  # the school's administrator is offered
    assert cast.parent.display_name not in many
    assert 'name="person_other"' in page


def test_the_trail_says_what_happened_in_the_readers_language(cast, login):
    item = cast.items[("high", Level.RESTRICTED)]
    login(cast.chair).get(reverse("followups:action_item", args=[item.pk]))
    followup_services.action_item_edit(item=item, by=cast.chair, title="Camera gap, west lot")
    services.named_grant_add(record=item, user=cast.officer, by=cast.district_admin)
    client = login(cast.district_admin)
    for language, words in (
        ("en", ["Read (page)", "Changed", "Shared by name"]),
        ("es", ["Leído (página)", "Modificado", "Compartido por nombre"]),
    ):
        page = client.get(reverse("audit:trail"), HTTP_ACCEPT_LANGUAGE=language).content.decode()
        for said in words:
            assert said in page, (language, said)


# --- a trail of years ---------------------------------------------------------------------


def _past_reads(cast, n: int) -> None:
    """``n`` older entries of the district's trail, as years of pages and exports leave."""
    item = cast.items[("high", Level.RESTRICTED)]
    start = timezone.now() - datetime.timedelta(days=400)
    AuditEntry.objects.bulk_create(
        AuditEntry(
            content_type=ContentType.objects.get_for_model(ActionItem),
            object_pk=str(item.pk),
            object_id=item.pk,
            object_repr=f"Past entry {number:04}",
            action=READ,
            actor=cast.chair,
            district=cast.district,
            via="page",
            timestamp=start + datetime.timedelta(minutes=number),
        )
        for number in range(n)
    )


def _count_line(page: str) -> str:
    return re.search(r'<p role="status">(.*?)</p>', page, re.S).group(1)


def test_a_long_trail_is_counted_up_to_a_thousand_and_paged_on(cast, login):
    """A district's trail grows with every change and every restricted read, for years:
    the page counts it up to a thousand entries and then says "more than", pages on by
    next and previous, and reads as much for a trail of a thousand as of ten."""
    client = login(cast.district_admin)
    url = reverse("audit:trail")

    def read(query=None) -> tuple[str, int]:
        with CaptureQueriesContext(connection) as queries:
            page = client.get(url, query or {}).content.decode()
        return page, len(queries)

    _past_reads(cast, 10)
    page, few = read({"kind": "read"})
    assert _count_line(page) == "10 entries"
    _past_reads(cast, COUNT_UP_TO + 1)
    page, many = read({"kind": "read"})
    assert many == few
    assert _count_line(page) == f"More than {COUNT_UP_TO} entries"
    assert "Page 1 " in page and " of " not in page.split('aria-label="Pages"', 1)[1]
    # Newest first, fifty a page, and the next page goes on where this one stopped.
    assert page.index(f"Past entry {COUNT_UP_TO:04}") < page.index(
        f"Past entry {COUNT_UP_TO - 1:04}"
    )
    second, _n = read({"kind": "read", "page": 2})
    assert f"Past entry {COUNT_UP_TO - 50:04}" in second
    assert f"Past entry {COUNT_UP_TO - 49:04}" not in second and "Previous" in second
    # A filter that narrows it is counted exactly again ("Past entry 0000" to "0009", of
    # both batches).
    narrowed, _n = read({"kind": "read", "record": "Past entry 000"})
    assert _count_line(narrowed) == "20 entries"


def test_one_kind_of_a_districts_entries_is_read_on_an_index_of_its_own(cast):
    """Disclosures are a few among millions of reads: found within the district by kind,
    not by walking the district's whole trail for them."""
    _past_reads(cast, 50)
    entries = trail.district_trail(district_id=cast.district.pk, kind="disclosure")
    for rows in (entries[:51], entries.order_by()[: COUNT_UP_TO + 1]):
        sql, params = rows.query.sql_with_params()
        assert "audit_district_kind" in plan_without_seqscan(sql, params)


def test_the_trail_keeps_only_the_indexes_its_reads_use(cast):
    """Every write of the product writes the trail: each index of it is paid on every
    change and every restricted read. Each one left serves a read: a district's trail by
    time and by kind (the page), a person's entries, a record's history, the admin's
    order by time; and the foreign keys' own."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = %s", [AuditEntry._meta.db_table]
        )
        indexed = {_columns(definition) for (definition,) in cursor.fetchall()}
    assert indexed == {
        "id",
        "district_id, timestamp DESC",
        "district_id, action, timestamp DESC",
        "actor_id",
        "object_id",
        "content_type_id",
        "disclosed_to_id",
        "timestamp",
    }


def _columns(definition: str) -> str:
    """``district_id, timestamp DESC`` of ``CREATE INDEX ... (district_id, "timestamp" DESC)``."""
    return definition.split("(", 1)[1].rstrip(")").replace('"', "")


def test_the_admins_trail_is_filtered_by_date_without_reading_all_of_it(cast, login):
    """The admin's list of the trail offers spans of dates ("Past 7 days", "This month")
    rather than a calendar of every month that holds an entry, which read the district's
    whole trail on every page of the list."""
    _past_reads(cast, 20)
    client = login(cast.district_admin)
    url = reverse("admin:audit_auditentry_changelist")
    with CaptureQueriesContext(connection) as queries:
        page = client.get(url).content.decode()
    assert "Past 7 days" in page and "This month" in page
    assert not any("DISTINCT" in query["sql"] for query in queries)
    week = re.search(r'href="(\?timestamp__gte=[^"]+)"[^>]*>Past 7 days', page).group(1)
    recent = client.get(url + week.replace("&amp;", "&")).content.decode()
    assert "Past entry" not in recent and re.search(r"\d+ audit trail", recent)
    # The spans are the filter's parameters: a year ago, only that time's entries.
    then = timezone.now() - datetime.timedelta(days=400)
    span = {
        "timestamp__gte": (then - datetime.timedelta(days=1)).isoformat(),
        "timestamp__lt": (then + datetime.timedelta(days=1)).isoformat(),
    }
    old = client.get(url, span).content.decode()
    assert "20 audit trail" in old and "Past entry 0019" in old  # (its plural name)


def test_the_admins_trail_is_counted_up_to_its_cap_and_says_more_than(cast, login, monkeypatch):
    """The admin's list counts a district's trail up to a cap (ten thousand; five here),
    in one query that stops there, and says "More than" beyond it, with its pages still
    numbered; a filter that narrows the list below the cap is counted exactly."""
    monkeypatch.setattr(portal_admin, "ADMIN_COUNT_UP_TO", 5)
    _past_reads(cast, 12)
    client = login(cast.district_admin)
    url = reverse("admin:audit_auditentry_changelist")
    with CaptureQueriesContext(connection) as queries:
        page = client.get(url, {"action__exact": READ}).content.decode()
    assert "More than 5 entries" in page
    [count] = [q["sql"] for q in queries if "COUNT(" in q["sql"]]
    assert "LIMIT 6" in count  # one row past the cap, and no more
    assert "Past entry 0011" in page  # newest first, as before
    then = timezone.now() - datetime.timedelta(days=400)
    span = {
        "timestamp__gte": (then + datetime.timedelta(minutes=8.5)).isoformat(),
        "timestamp__lt": (then + datetime.timedelta(minutes=11.5)).isoformat(),
    }
    narrowed = client.get(url, span).content.decode()
    assert "More than" not in narrowed and re.search(r"\b3 audit trail", narrowed)
