"""The calendar's pages as people use them: complete with a note and a receipt, set the
owner, co-reviewers and due date, keep the district's profile and rules. Bad input gets a
clear message and changes nothing."""

import datetime

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.models import AuditEntry
from compliance.models import ComplianceProfile, Duty, DutyKind, DutyRule, DutyStatus

pytestmark = pytest.mark.django_db


def _messages(response) -> str:
    return " ".join(str(m) for m in response.context["messages"]) if response.context else ""


def test_the_owner_completes_a_duty_with_a_note_and_a_receipt(cast, login):
    duty = cast.duties["high"]["open"]
    client = login(cast.staff)
    page = client.get(reverse("compliance:duty", args=[duty.pk])).content.decode()
    assert "Complete this duty" in page and "Add a co-reviewer" not in page  # not the chair
    response = client.post(
        reverse("compliance:duty_complete", args=[duty.pk]),
        {
            "note": "Sent to the superintendent on time.",
            "files": SimpleUploadedFile("drill-report.pdf", b"%PDF-1.4", "application/pdf"),
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("compliance:calendar", args=[cast.high.pk])
    duty.refresh_from_db()
    assert (duty.status, duty.done_by, duty.note) == (
        DutyStatus.DONE,
        cast.staff,
        "Sent to the superintendent on time.",
    )
    assert duty.receipts.get().name == "drill-report.pdf"
    body = response.content.decode()
    assert "drill-report.pdf" in body and "The next one is on the calendar" in body


def test_the_chair_sets_owner_co_reviewers_and_due_date(cast, login):
    duty = cast.duties["high"]["open"]
    client = login(cast.chair)
    client.post(reverse("compliance:duty_assign", args=[duty.pk]), {"owner": cast.secretary.pk})
    client.post(
        reverse("compliance:duty_reviewer_add", args=[duty.pk]),
        {"role": "fire_chief", "name": "Chief Raymond Ochoa, Westport Fire Department"},
    )
    client.post(
        reverse("compliance:duty_reviewer_add", args=[duty.pk]),
        {"role": "police_chief", "person": cast.officer.pk},
    )
    client.post(reverse("compliance:duty_reschedule", args=[duty.pk]), {"due_on": "2027-08-15"})
    duty.refresh_from_db()
    assert duty.owner == cast.secretary and duty.due_on == datetime.date(2027, 8, 15)
    names = {r.display_name for r in duty.reviewers.all()}
    assert "Chief Raymond Ochoa, Westport Fire Department" in names
    assert cast.officer.display_name in names
    # A date that is no date: said so, nothing moved.
    response = client.post(
        reverse("compliance:duty_reschedule", args=[duty.pk]), {"due_on": "soon"}, follow=True
    )
    assert "Give the new due date as a date." in _messages(response)
    duty.refresh_from_db()
    assert duty.due_on == datetime.date(2027, 8, 15)
    # Neither a person nor a guest named: said so.
    response = client.post(
        reverse("compliance:duty_reviewer_add", args=[duty.pk]), {"role": "ems"}, follow=True
    )
    assert "Choose a person of the portal, or name a guest." in _messages(response)


def test_the_district_administrator_keeps_the_profile_and_the_rules(cast, login):
    client = login(cast.district_admin)
    page = client.get(reverse("compliance:settings")).content.decode()
    assert "C.G.S. 10-222n" in page and "Add a duty of the district" in page
    rule = DutyRule.objects.get(district=cast.district, kind=DutyKind.PLAN_REVIEW)
    prefix = f"rule{rule.pk}"
    response = client.post(
        reverse("compliance:rule", args=[rule.pk]),
        {f"{prefix}-every_months": "6", f"{prefix}-due_month": "2", f"{prefix}-due_day": "31"},
        follow=True,
    )
    assert "That day is not in that month." in _messages(response)
    rule.refresh_from_db()
    assert (rule.every_months, rule.due_month, rule.due_day, rule.enabled) == (12, 10, 1, True)
    client.post(
        reverse("compliance:rule", args=[rule.pk]),
        {
            f"{prefix}-every_months": "6",
            f"{prefix}-due_month": "4",
            f"{prefix}-due_day": "15",
            f"{prefix}-enabled": "on",
        },
    )
    rule.refresh_from_db()
    assert (rule.every_months, rule.due_month, rule.due_day) == (6, 4, 15)
    client.post(
        reverse("compliance:rule_add"),
        {"title": "Visitor system audit", "every_months": "12", "due_month": "3", "due_day": "1"},
    )
    assert Duty.objects.filter(title="Visitor system audit", status="open").count() == 2
    client.post(reverse("compliance:profile"), {"profile": "MA"})
    assert ComplianceProfile.objects.get(district=cast.district).profile == "MA"
    assert Duty.objects.filter(committee=cast.high, kind=DutyKind.MEDICAL_PLAN).exists()


def test_the_overview_ranks_schools_and_lists_overdue_duties(cast, login):
    late = Duty.objects.get(committee=cast.middle, kind=DutyKind.DRILL_REPORT, status="open")
    Duty.objects.filter(pk=late.pk).update(due_on=datetime.date(2026, 11, 1))
    page = login(cast.district_admin).get(reverse("compliance:overview")).content.decode()
    overdue, schools = page.split("those that need attention first")
    assert "Annual drills report" in overdue and "Cedar Point Middle School" in overdue
    assert schools.index("Cedar Point Middle School") < schools.index("Westport High School")
    assert "Millbrook" not in page


def test_reading_a_restricted_receipt_is_kept_in_the_trail(cast, login):
    duty = cast.duties["high"]["restricted"]
    receipt = cast.duties["high"]["receipts"]["restricted"]
    client = login(cast.chair)
    client.get(reverse("compliance:duty", args=[duty.pk]))
    client.get(reverse("compliance:receipt", args=[receipt.pk]))
    reads = AuditEntry.objects.filter(
        action=AuditEntry.Action.ACCESS, object_pk=str(receipt.pk), actor=cast.chair
    )
    assert list(reads.values_list("via", flat=True)) == ["page", "page"]  # the page, the file


def test_the_compliance_forms_label_their_fields_in_the_readers_language(cast, login):
    client = login(cast.chair)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    duty = cast.duties["high"]["open"]
    page = client.get(reverse("compliance:duty", args=[duty.pk])).content.decode()
    for spanish in (
        "Nota de cumplimiento",
        "Documento presentado o comprobante",
        "Una persona del portal",
    ):
        assert spanish in page, spanish
    for english in ("Completion note", "Filed document or receipt", "A person of the portal"):
        assert english not in page, english
    admin = login(cast.district_admin)
    admin.cookies[settings.LANGUAGE_COOKIE_NAME] = "pt"
    page = admin.get(reverse("compliance:settings")).content.decode()
    assert "Mês de vencimento" in page and "Due month" not in page
    assert "Perfil estadual" in page and "State profile<" not in page
