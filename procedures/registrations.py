"""How procedures join the core's registries, called once from ``ProceduresConfig.ready()``.

The core (committees) imports nothing of this app: its redaction guard, its four-eyes
public texts, its committee page and its district's public page each keep a registry
that features append to.
"""

from django.urls import reverse
from django.utils.translation import gettext as _

from committees import access, hooks, redaction
from committees.access import Cap
from committees.models import PublicTextChange
from committees.services import public_text
from compliance import registry as compliance_calendar
from procedures import selectors
from procedures.models import Procedure

PUBLIC_TITLE = public_text.PublicText(
    model=Procedure,
    fields=("public_title",),
    propose_cap=Cap.RECORD_MEETINGS,
    current=lambda procedure, _lang: public_text.texts_of(procedure, "public_title"),
    apply=public_text.apply_public_title,
    page=("procedures:procedure", lambda record: record.pk),
    level=lambda procedure: procedure.visibility,
)


def _public_index(district) -> dict:
    return {"procedures": selectors.public_procedures(district)}


def _public_index_api(data) -> list[dict]:
    """What the page lists of each procedure: its public title and last review, no more."""
    return [
        {"public_title": p["public_title"], "last_reviewed_on": p["last_reviewed_on"]}
        for p in data["procedures"]
    ]


def calendar_entries(user, committee_ids: list[int]):
    """Procedures' next reviews on a school's compliance calendar: only those the reader
    is cleared for, by their title; nothing at all of the others (ACCESS.md: a count of
    restricted records tells something too)."""
    procedures = access.visible(
        user,
        Procedure.objects.only(
            "pk", "committee_id", "title", "last_reviewed_on", "created_at", "review_every_months"
        ),
        committees=committee_ids,
    )
    for procedure in procedures:
        due = procedure.next_review_on
        if due is not None:
            yield compliance_calendar.Entry(
                committee_id=procedure.committee_id,
                due_on=due,
                title=procedure.title,
                url=reverse("procedures:procedure", args=[procedure.pk]),
                what=_("Procedure review"),
            )


def register() -> None:
    compliance_calendar.entries_register(calendar_entries)
    if selectors.restricted_text not in redaction.RESTRICTED_TEXT:
        redaction.RESTRICTED_TEXT.append(selectors.restricted_text)
    public_text.KINDS[PublicTextChange.Kind.PROCEDURE] = PUBLIC_TITLE
    link = hooks.CommitteeLink(label="Procedures", url_name="procedures:procedures")
    if link not in hooks.COMMITTEE_LINKS:
        hooks.COMMITTEE_LINKS.append(link)
    section = hooks.PublicSection(
        "procedures/includes/public_index.html",
        _public_index,
        name="procedures",
        api=_public_index_api,
    )
    if section not in hooks.DISTRICT_PUBLIC_SECTIONS:
        hooks.DISTRICT_PUBLIC_SECTIONS.append(section)
