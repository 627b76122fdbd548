"""The redaction guard: overlaps with restricted text and forbidden terms block."""

import pytest

from committees import redaction
from committees.models import Level
from committees.redaction import forbidden_terms, overlaps
from followups import services as followup_services

pytestmark = pytest.mark.django_db

RESTRICTED = (
    "The east stairwell door E-7 does not latch and the camera at the loading dock "
    "cannot see it after three in the afternoon."
)


def test_a_run_of_eight_words_is_found_whatever_the_case_and_punctuation():
    public = "Update: THE EAST STAIRWELL DOOR, E-7 does not latch -- and work is scheduled."
    findings = overlaps(public, [RESTRICTED])
    assert [f.phrase for f in findings] == ["THE EAST STAIRWELL DOOR E 7 does not latch and"]


def test_seven_shared_words_pass():
    public = "We learned the east stairwell door E-7 does repairs"  # 7 words in a row
    assert overlaps(public, [RESTRICTED]) == []


def test_forbidden_terms_are_found_as_words():
    terms = ["Code Silver", "Room B-114"]
    assert [f.phrase for f in forbidden_terms("Drill held; code silver was used.", terms)] == [
        "Code Silver"
    ]
    assert [f.phrase for f in forbidden_terms("Met in room b 114.", terms)] == ["Room B-114"]
    assert forbidden_terms("Silverware and codes were discussed.", terms) == []


def test_the_guard_reads_the_committees_restricted_text(cast):
    item = cast.items[("high", Level.RESTRICTED)]
    followup_services.action_item_edit(item=item, description=RESTRICTED, by=None)
    cast.district.forbidden_public_terms = "Code Silver"
    cast.district.save()

    leaky = "Good news: the east stairwell door E-7 does not latch and will be fixed."
    findings = redaction.check(committee=cast.high, text=leaky)
    assert [f.kind for f in findings] == ["overlap"]

    coded = "The lockdown drill (Code Silver) went well."
    assert [f.kind for f in redaction.check(committee=cast.high, text=coded)] == ["forbidden term"]

    honest = "The committee reviewed entrance security; new door hardware is scheduled for March."
    assert redaction.check(committee=cast.high, text=honest) == []
    # Another committee's restricted text is not this committee's concern:
    assert redaction.check(committee=cast.middle, text=leaky) == []
