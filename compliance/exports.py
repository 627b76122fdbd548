"""The filing summary: duties done and missed, their dates, people and receipts' names.

Meant to go to the state, so it holds no restricted text whoever exports it: duty kinds
and titles, dates, people's names, completion status, and the names of the receipts kept
at committee level. Never a completion note, never a restricted receipt, never a
feature's entry (a procedure's title).
"""

import csv
import io
import itertools
from zoneinfo import ZoneInfo

from compliance.models import DutyKind
from safety_portal.documents import Document, export_footer
from safety_portal.view_helpers import csv_cell

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
    doc.add("field", district.name, "District")
    school = None
    for duty in duties:
        row = dict(zip(HEADER, summary_row(duty), strict=True))
        if row["School"] != school:
            school = row["School"]
            doc.add("heading", school)
        doc.add("subheading", row["Duty"])
        for label in HEADER[2:]:
            if row[label]:
                doc.add("field", row[label], label)
    if school is None:
        doc.add("text", "No duty done or missed yet.")
    return doc


def csv_blocks(duties, size: int = 500):
    """The CSV text a few hundred rows at a time, each cell never a formula."""
    rows = itertools.chain([HEADER], (summary_row(duty) for duty in duties))
    while block := list(itertools.islice(rows, size)):
        text = io.StringIO()
        csv.writer(text).writerows([[csv_cell(cell) for cell in row] for row in block])
        yield text.getvalue()
