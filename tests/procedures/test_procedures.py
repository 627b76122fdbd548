"""Confidential procedures: versions, reviews, every copy on record, the owner reminded."""

import datetime
import re

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from committees import access, redaction
from committees.models import PublicTextChange
from committees.services import public_text_approve
from notifications import scans
from notifications import services as outbox
from notifications.models import Kind, Notification
from procedures import services
from procedures.models import Procedure, ProcedureCopy, ProcedureReview, ProcedureVersion

pytestmark = pytest.mark.django_db
UTC = datetime.UTC


def _procedure(cast):
    """A procedure written by the secretary, its public title approved by the chair."""
    procedure = services.procedure_create(
        committee=cast.high,
        kind="reunification",
        title="Reunification procedure",
        body="Families gather at **the alternate site**; staff check IDs at two tables.",
        owner=cast.chair,
        by=cast.secretary,
    )
    title = PublicTextChange.objects.get(kind="procedure", record_id=procedure.pk)
    public_text_approve(change=title, by=cast.chair)
    return procedure


def test_a_new_procedure_is_on_the_public_index_once_its_title_is_approved(
    cast, client, django_capture_on_commit_callbacks
):
    procedure = services.procedure_create(
        committee=cast.high,
        kind="medical",
        title="Medical emergency response",
        body="Call 911, then the nurse.",
        by=cast.secretary,
    )
    url = reverse("public:district", args=["westport"])
    assert "Medical emergency response" not in client.get(url).content.decode()
    title = PublicTextChange.objects.get(kind="procedure", record_id=procedure.pk)
    with django_capture_on_commit_callbacks(execute=True):  # the cached index is dropped
        public_text_approve(change=title, by=cast.principal)
    assert "Medical emergency response" in client.get(url).content.decode()


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
    page = login(cast.cleared_staff).get(reverse("procedures:procedure", args=[procedure.pk]))
    text = page.content.decode()
    assert "Families gather at the gym." in text
    assert "Site moved" in text


def test_only_cleared_recorders_write_and_uncleared_members_never_read(cast, login):
    procedure = _procedure(cast)
    with pytest.raises(PermissionDenied):
        services.procedure_version_add(procedure=procedure, body="x", by=cast.staff)
    url = reverse("procedures:procedure", args=[procedure.pk])
    for person in (cast.staff, cast.parent, cast.student, cast.stranger):
        assert login(person).get(url).status_code == 404
    listing = login(cast.parent).get(reverse("procedures:procedures", args=[cast.high.pk]))
    assert "Reunification procedure" not in listing.content.decode()


@pytest.mark.parametrize(
    "model", [Procedure, ProcedureVersion, ProcedureReview, ProcedureCopy], ids=lambda m: m.__name__
)
def test_a_reader_cleared_nowhere_is_answered_with_no_query(cast, model):
    """Every procedure is restricted, and so is all it holds (``restricted_only``): the
    gate answers a parent, a student or a member who is not cleared with nothing, and
    asks PostgreSQL nothing; the cleared read them as before."""
    _procedure(cast)
    for person in (cast.parent, cast.student, cast.staff):
        with CaptureQueriesContext(connection) as asked:
            assert list(access.visible(person, model.objects.all())) == []
        assert not [q for q in asked.captured_queries if model._meta.db_table in q["sql"]]
    for person in (cast.chair, cast.principal, cast.district_admin):
        assert access.visible(person, model.objects.all()).exists(), person


@pytest.mark.parametrize("level", ["committee", "public"])
def test_the_database_holds_every_procedure_restricted(cast, level):
    """The gate and ``can()`` take a procedure's level to be restricted: a row at
    another level, written past the services, is refused whole."""
    procedure = _procedure(cast)
    with pytest.raises(IntegrityError), transaction.atomic():
        Procedure.objects.filter(pk=procedure.pk).update(visibility=level)
    procedure.refresh_from_db()
    assert procedure.visibility == "restricted"


def test_every_export_is_recorded_and_the_district_admin_sees_the_record(cast, login):
    procedure = _procedure(cast)
    officer = login(cast.officer)
    response = officer.post(reverse("procedures:procedure_export", args=[procedure.pk, "txt"]))
    assert response.status_code == 200
    assert "alternate site" in response.content.decode()
    officer.post(
        reverse("procedures:procedure_copy", args=[procedure.pk]),
        {"given_to": "Brian Cole, Westport Fire Department", "how": "printed"},
    )
    copies = ProcedureCopy.objects.filter(procedure=procedure)
    assert {(c.given_by, c.how) for c in copies} == {
        (cast.officer, ProcedureCopy.How.EXPORT_TEXT),
        (cast.officer, ProcedureCopy.How.PRINTED),
    }
    record = login(cast.district_admin).get(reverse("procedures:procedure_copies"))
    assert "Brian Cole, Westport Fire Department" in record.content.decode()
    other = login(cast.other_admin).get(reverse("procedures:procedure_copies"))
    assert "Brian Cole" not in other.content.decode()
    assert login(cast.principal).get(reverse("procedures:procedure_copies")).status_code == 403


def test_a_spanish_readers_copy_names_its_fields_in_spanish(cast, login):
    procedure = _procedure(cast)
    officer = login(cast.officer)
    officer.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    response = officer.post(reverse("procedures:procedure_export", args=[procedure.pk, "txt"]))
    text = response.content.decode()
    assert "Restringido: solo para miembros autorizados, no lo comparta" in text
    assert "Comité: " in text and "Versión: 1 (" in text and " de 20" in text
    assert "contiene información restringida — cada copia queda registrada" in text
    for english in ("Committee:", "Version:", "Exported by", "every copy is recorded"):
        assert english not in text, english


def test_a_get_of_an_export_records_nothing_and_answers_with_a_form(cast, login):
    procedure = _procedure(cast)
    officer = login(cast.officer)
    for fmt in ("pdf", "txt"):
        url = reverse("procedures:procedure_export", args=[procedure.pk, fmt])

        response = officer.get(url)

        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/html")
        page = response.content.decode()
        assert '<form method="post"' in page and "csrfmiddlewaretoken" in page
        assert "alternate site" not in page  # no copy in the answer either
    assert not ProcedureCopy.objects.filter(procedure=procedure).exists()


def test_an_export_needs_a_post_with_the_csrf_token(cast):
    procedure = _procedure(cast)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(cast.officer)
    url = reverse("procedures:procedure_export", args=[procedure.pk, "pdf"])

    # What a form on another site could send: no token.
    assert browser.post(url).status_code == 403
    assert not ProcedureCopy.objects.filter(procedure=procedure).exists()

    form = browser.get(url).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    response = browser.post(url, {"csrfmiddlewaretoken": token})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    copy = ProcedureCopy.objects.get(procedure=procedure)
    assert (copy.given_by, copy.how) == (cast.officer, ProcedureCopy.How.EXPORT_PDF)


def test_the_procedure_page_offers_exports_as_buttons_that_post(cast, login):
    procedure = _procedure(cast)
    page = login(cast.officer).get(reverse("procedures:procedure", args=[procedure.pk]))
    html = page.content.decode()
    for fmt in ("pdf", "txt"):
        url = reverse("procedures:procedure_export", args=[procedure.pk, fmt])
        assert f'<form method="post" action="{url}"' in html
        assert f'href="{url}"' not in html


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
    link = reverse("procedures:procedure", args=[procedure.pk])
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


@pytest.mark.parametrize(
    ("reviewed_on", "months", "due"),
    [
        (datetime.date(2027, 1, 31), 1, datetime.date(2027, 2, 28)),
        (datetime.date(2028, 1, 31), 1, datetime.date(2028, 2, 29)),
        (datetime.date(2026, 8, 31), 12, datetime.date(2027, 8, 31)),
        (datetime.date(2026, 11, 15), 6, datetime.date(2027, 5, 15)),
    ],
)
def test_the_next_review_keeps_the_day_or_takes_the_months_last(reviewed_on, months, due):
    procedure = Procedure(review_every_months=months, last_reviewed_on=reviewed_on)
    assert procedure.next_review_on == due


def test_a_public_title_with_a_forbidden_term_is_refused(cast):
    cast.district.forbidden_public_terms = "Code Silver"
    cast.district.save()
    with pytest.raises(ValidationError) as refused:
        services.procedure_create(
            committee=cast.high,
            kind="lockdown",
            title="Code Silver lockdown",
            body="Doors locked.",
            by=cast.chair,
        )
    assert "Code Silver" in str(refused.value)
    assert not Procedure.objects.filter(title__icontains="Code Silver").exists()


def test_the_guard_blocks_public_text_that_repeats_a_procedure(cast):
    procedure = _procedure(cast)
    leaky = "At a reunification, families gather at the alternate site; staff check IDs at two"
    assert [f.kind for f in redaction.check(committee=cast.high, text=leaky)] == ["overlap"]
    # The district's plan covers every school: a school's public text may not repeat it.
    services.procedure_create(
        committee=cast.district_wide,
        kind="emergency_operations",
        title="Emergency operations plan",
        body="The operations centre opens in the central office conference room behind reception.",
        by=None,
    )
    quoted = "The centre opens in the central office conference room behind reception, we hear."
    assert [f.kind for f in redaction.check(committee=cast.middle, text=quoted)] == ["overlap"]
    # An old version is history; the current one stays confidential however old.
    services.procedure_version_add(procedure=procedure, body="Families gather at the gym.", by=None)
    procedure.versions.update(created_at=datetime.datetime(2020, 1, 1, tzinfo=UTC))
    assert redaction.check(committee=cast.high, text=leaky) == []
    assert redaction.check(committee=cast.high, text="Families gather at the gym.") == []
    current = "Now families gather at the gym, as the procedure says, and sign out there."
    services.procedure_version_add(procedure=procedure, body=current, by=None)
    procedure.versions.update(created_at=datetime.datetime(2020, 1, 1, tzinfo=UTC))
    assert [f.kind for f in redaction.check(committee=cast.high, text=current)] == ["overlap"]


def test_a_review_reaches_the_cached_public_index_at_once(
    cast, client, django_capture_on_commit_callbacks
):
    procedure = _procedure(cast)
    url = reverse("public:district", args=["westport"])
    assert "Oct. 2, 2026" not in client.get(url).content.decode()  # now cached
    with django_capture_on_commit_callbacks(execute=True):
        services.procedure_review_record(
            procedure=procedure, by=cast.chair, reviewed_on=datetime.date(2026, 10, 2)
        )
    assert "Oct. 2, 2026" in client.get(url).content.decode()
