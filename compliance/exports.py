"""The filing summary: duties done and missed, their dates, people and receipts' names.

Meant to go to the state, so it holds no restricted text whoever exports it: duty kinds
and titles, dates, people's names, completion status, and the names of the receipts kept
at committee level. Never a completion note, never a restricted receipt, never a
feature's entry (a procedure's title).

The PDF is for people and reads in the language of the request that made it; the CSV is
for the state's systems and spreadsheets and is in English whoever exports it, headings
and values alike (the rule of every CSV of the portal, docs/architecture.md).
"""

import csv
import io
import itertools
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from compliance.models import DutyKind
from safety_portal.documents import Document, export_footer
from safety_portal.view_helpers import csv_cell, in_english

HEADER = (
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
)
KINDS = dict(DutyKind.choices)
# The PDF's names of the CSV's columns, in the reader's language.
LABELS = dict(
    zip(
        HEADER,
        (
            gettext_lazy("School"),
            gettext_lazy("Duty"),
            gettext_lazy("Kind"),
            gettext_lazy("Due on"),
            gettext_lazy("Status"),
            gettext_lazy("Done on"),
            gettext_lazy("Done by"),
            gettext_lazy("Owner"),
            gettext_lazy("Co-reviewers"),
            gettext_lazy("Receipts"),
        ),
        strict=True,
    )
)


def summary_row(duty) -> tuple[str, ...]:
    reviewers = "; ".join(
        f"{r.display_name} ({r.get_role_display()})" for r in duty.reviewers.all()
    )
    return (
        duty.committee.building.name if duty.committee.building_id else duty.committee.name,
        duty.title,
        str(KINDS.get(duty.kind, duty.kind)),
        duty.due_on.isoformat(),
        duty.get_status_display(),
        duty.done_on.isoformat() if duty.done_on else "",
        duty.done_by.display_name if duty.done_by_id else "",
        duty.owner.display_name if duty.owner_id else "",
        reviewers,
        "; ".join(r.name for r in duty.filed_receipts),
    )


def summary_document(user, title: str, filename: str, district, duties) -> Document:
    """Per school, each duty done or missed with its dates, people and receipts' names."""
    tz = ZoneInfo(district.time_zone)
    doc = Document(title=title, filename=filename, footer=export_footer(user, tz, "no restricted"))
    doc.add("title", title)
    doc.add("field", district.name, _("District"))
    school = None
    for duty in duties:
        row = dict(zip(HEADER, summary_row(duty), strict=True))
        if row["School"] != school:
            school = row["School"]
            doc.add("heading", school)
        doc.add("subheading", row["Duty"])
        for label in HEADER[2:]:
            if row[label]:
                doc.add("field", row[label], LABELS[label])
    if school is None:
        doc.add("text", _("No duty done or missed yet."))
    return doc


def csv_blocks(duties, size: int = 500):
    """The CSV text a few hundred rows at a time, each cell never a formula, in English."""
    rows = in_english(itertools.chain([HEADER], (summary_row(duty) for duty in duties)))
    while block := list(itertools.islice(rows, size)):
        text = io.StringIO()
        csv.writer(text).writerows([[csv_cell(cell) for cell in row] for row in block])
        yield text.getvalue()
