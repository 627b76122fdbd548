"""The filing summary goes to the state: whoever exports it, cleared or not, it holds
duty kinds, titles, dates, people's names, status and committee-level receipts' names,
and no restricted text, no completion note."""

import csv
import io

import pytest
from django.conf import settings
from django.urls import reverse

from committees.models import Level
from compliance import services
from tests.matrix import pdf_text

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    text = content.decode(errors="replace")
    if response["Content-Type"].startswith("application/pdf"):
        text += pdf_text(content)
    return text


def _summaries(cast, role):
    urls = [
        reverse("compliance:school_summary", args=[cast.high.pk, fmt]) for fmt in ("pdf", "csv")
    ]
    if role == "district_admin":
        urls += [reverse("compliance:district_summary", args=[fmt]) for fmt in ("pdf", "csv")]
    return urls


@pytest.mark.parametrize("role", ["district_admin", "principal", "chair", "staff", "parent"])
def test_no_restricted_text_and_no_note_in_any_summary(role, cast, login):
    client = login(cast.people[role])
    for url in _summaries(cast, role):
        response = client.get(url)
        assert response.status_code == 200, url
        text = _text(response)
        for canary, (_committee, level) in cast.canaries.items():
            assert not (level == Level.RESTRICTED and canary in text), (canary, url)
            assert "DUTY-NOTE" not in canary or canary not in text, (canary, url)
        assert "CANARY-RECEIPT-NAME-high-7f3a.txt" in text  # the receipt's name, kept
        assert "CANARY-RECEIPT-CONTENT" not in text  # never its contents
        assert "School security and safety plan" in text
        assert cast.procedures["high"].title not in text  # no feature's entry


def test_the_district_summary_holds_every_school_of_the_district_only(cast, login):
    response = login(cast.district_admin).get(reverse("compliance:district_summary", args=["csv"]))
    rows = list(csv.reader(io.StringIO(_text(response))))
    assert rows[0][:4] == ["School", "Duty", "Kind", "Due on"]
    schools = {row[0] for row in rows[1:]}
    assert schools == {"Westport High School", "Cedar Point Middle School"}
    statuses = {row[4] for row in rows[1:]}
    assert statuses == {"Done"}


def test_a_cell_is_never_a_formula(cast, login):
    duty = cast.duties["high"]["open"]
    services.duty_reviewer_add(
        duty=duty, role="fire_chief", name='=HYPERLINK("http://x")', by=cast.chair
    )
    services.duty_complete(duty=duty, by=cast.chair)
    response = login(cast.chair).get(
        reverse("compliance:school_summary", args=[cast.high.pk, "csv"])
    )
    assert "'=HYPERLINK" in _text(response)


def test_a_spanish_readers_csv_is_in_english_and_the_pdf_in_spanish(cast, login):
    """Every CSV keeps English headings and values, for the state's systems and the
    spreadsheets that read it; the PDF is for people and reads in their language."""
    client = login(cast.district_admin)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    response = client.get(reverse("compliance:district_summary", args=["csv"]))
    rows = list(csv.reader(io.StringIO(_text(response))))
    assert rows[0] == [
        "School",
        "Duty",
        "Kind",
        "Due on",
        "Status",
        "Done on",
        "Done by",
        "Owner",
        "Co-reviewers",
        "Receipts",
    ]
    assert {row[4] for row in rows[1:]} == {"Done"}
    assert "Security and vulnerability assessment" in {row[2] for row in rows[1:]}
    text = " ".join(_text(client.get(reverse("compliance:district_summary", args=["pdf"]))).split())
    assert "Evaluación de seguridad y vulnerabilidad" in text
    assert "Estado: Hecha" in text and "Vence el:" in text
    assert "Status: Done" not in text and "Due on:" not in text
    assert "no contiene información restringida" in text
