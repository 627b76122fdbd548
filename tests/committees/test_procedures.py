"""Confidential procedures: versions, reviews, every copy on record, the owner reminded."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from committees import services
from committees.models import ProcedureCopy
from notifications import scans
from notifications import services as outbox
from notifications.models import Kind, Notification

pytestmark = pytest.mark.django_db
UTC = datetime.UTC


def _procedure(cast):
    return services.procedure_create(
        committee=cast.high,
        kind="reunification",
        title="Reunification procedure",
        body="Families gather at **the alternate site**; staff check IDs at two tables.",
        owner=cast.chair,
        by=cast.secretary,
    )


def test_a_new_version_keeps_the_old_and_a_review_restarts_the_cycle(cast, login):
    procedure = _procedure(cast)
    services.procedure_version_add(
        procedure=procedure, body="Families gather at the gym.", note="Site moved", by=cast.chair
    )
    assert list(procedure.versions.values_list("number", flat=True)) == [2, 1]
    review_day = datetime.date(2026, 11, 20)
    services.procedure_review_record(
        procedure=procedure, by=cast.chair, note="Checked", reviewed_on=review_day
    )
    procedure.refresh_from_db()
    assert procedure.last_reviewed_on == review_day
    assert procedure.next_review_on == datetime.date(2027, 11, 20)
    page = login(cast.cleared_staff).get(reverse("committees:procedure", args=[procedure.pk]))
    text = page.content.decode()
    assert "Families gather at the gym." in text
    assert "Site moved" in text


def test_only_cleared_recorders_write_and_uncleared_members_never_read(cast, login):
    procedure = _procedure(cast)
    with pytest.raises(PermissionDenied):
        services.procedure_version_add(procedure=procedure, body="x", by=cast.staff)
    url = reverse("committees:procedure", args=[procedure.pk])
    for person in (cast.staff, cast.parent, cast.student, cast.stranger):
        assert login(person).get(url).status_code == 404
    listing = login(cast.parent).get(reverse("committees:procedures", args=[cast.high.pk]))
    assert "Reunification procedure" not in listing.content.decode()


def test_every_export_is_recorded_and_the_district_admin_sees_the_record(cast, login):
    procedure = _procedure(cast)
    officer = login(cast.officer)
    response = officer.get(reverse("committees:procedure_export", args=[procedure.pk, "txt"]))
    assert response.status_code == 200
    assert "alternate site" in response.content.decode()
    officer.post(
        reverse("committees:procedure_copy", args=[procedure.pk]),
        {"given_to": "Brian Cole, Westport Fire Department", "how": "printed"},
    )
    copies = ProcedureCopy.objects.filter(procedure=procedure)
    assert {(c.given_by, c.how) for c in copies} == {
        (cast.officer, ProcedureCopy.How.EXPORT_TEXT),
        (cast.officer, ProcedureCopy.How.PRINTED),
    }
    record = login(cast.district_admin).get(reverse("committees:procedure_copies"))
    assert "Brian Cole, Westport Fire Department" in record.content.decode()
    other = login(cast.other_admin).get(reverse("committees:procedure_copies"))
    assert "Brian Cole" not in other.content.decode()
    assert login(cast.principal).get(reverse("committees:procedure_copies")).status_code == 403


def test_the_owner_hears_once_when_a_review_falls_due_without_the_procedure_named(cast):
    procedure = _procedure(cast)
    services.procedure_review_record(
        procedure=procedure, by=cast.chair, reviewed_on=datetime.date(2025, 12, 15)
    )
    Notification.objects.all().delete()
    mail.outbox = []
    scans.scan(now=datetime.datetime(2026, 11, 1, 15, 0, tzinfo=UTC))  # 44 days ahead
    assert not Notification.objects.filter(kind=Kind.PROCEDURE_REVIEW).exists()
    scans.scan(now=datetime.datetime(2026, 11, 20, 15, 0, tzinfo=UTC))
    scans.scan(now=datetime.datetime(2026, 11, 21, 15, 0, tzinfo=UTC))
    rows = Notification.objects.filter(kind=Kind.PROCEDURE_REVIEW, subject_id=procedure.pk)
    assert [r.recipient for r in rows] == [cast.chair]
    outbox.sweep()
    link = reverse("committees:procedure", args=[procedure.pk])
    [message] = [m for m in mail.outbox if link in m.body]
    assert cast.chair.email in message.to[0]
    assert "Reunification" not in message.subject + message.body


def test_the_public_index_shows_titles_and_review_dates_only(cast, client):
    procedure = _procedure(cast)
    services.procedure_review_record(
        procedure=procedure, by=cast.chair, reviewed_on=datetime.date(2026, 10, 2)
    )
    page = client.get(reverse("public:district", args=["westport"])).content.decode()
    assert "Reunification procedure" in page
    assert "Oct. 2, 2026" in page
    assert "alternate site" not in page
