"""The shared document kit: a document as a list of blocks, rendered as PDF or plain text.

Both formats render the same blocks, so they cannot drift apart. A feature builds its
documents from what the gate gives the reader (the minutes, a procedure, the drill
report); each says its level in its footer, on every PDF page. This module imports
nothing of the project.
"""

import datetime
import functools
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.template import defaultfilters
from django.utils import dateformat, translation
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

# A document is written in the language of the request that made it, dates too. Django's
# DATE_FORMAT and DATETIME_FORMAT have no weekday and no time zone, which a printed page
# needs: each language's translator writes these patterns its way ("3 de diciembre de 2026").
WHEN = pgettext_lazy("date format: weekday, date, time and zone", "l, F j, Y, g:i A T")
DAY = pgettext_lazy("date format: date", "F j, Y")
TIME = pgettext_lazy("date format: time", "g:i A")
SHORT_DAY = pgettext_lazy("date format: short date", "M j, Y")
SHORT_MONTH_DAY = pgettext_lazy("date format: short month and day", "M j")
WEEKDAY_DAY = pgettext_lazy("date format: weekday and date", "l, F j, Y")
SHORT_WHEN = pgettext_lazy("date format: short date, time and zone", "M j, Y g:i A T")
SHORT_WEEKDAY_WHEN = pgettext_lazy(
    "date format: short weekday, date, time and zone", "D M j, Y g:i A T"
)
# The same patterns for the pages, by name: {{ value|as_date:"when" }}.
PATTERNS = {
    "when": WHEN,
    "day": DAY,
    "time": TIME,
    "short_day": SHORT_DAY,
    "short_month_day": SHORT_MONTH_DAY,
    "weekday_day": WEEKDAY_DAY,
    "short_when": SHORT_WHEN,
    "short_weekday_when": SHORT_WEEKDAY_WHEN,
}


def written(value, name: str) -> str:
    """``value`` (a date, or a datetime in the zone it is to be read in) written in the
    active language by a pattern of ``PATTERNS`` or one of Django's format names
    ("DATE_FORMAT"); what is not a date gives what Django's ``date`` filter gives ("").

    Each (language, pattern, value) is written once per process: a list shows a date on
    every row, and Django's formatter takes 15 to 40 us for each (a tenth of a meeting
    list). The wall time and its zone are the key, not the value: two datetimes of the
    same instant in different zones are equal, and hash alike, yet read differently."""
    language = translation.get_language()
    if isinstance(value, datetime.datetime):
        return _written(language, name, value.replace(tzinfo=None), value.tzinfo, value.fold)
    if isinstance(value, datetime.date):
        return _written(language, name, value, None, 0)
    return _format(value, name)


@functools.lru_cache(maxsize=4096)
def _written(language: str | None, name: str, wall: datetime.date, zone, fold: int) -> str:
    """``written`` of one value; ``language`` is the active one, there for the key."""
    if isinstance(wall, datetime.datetime):
        wall = wall.replace(tzinfo=zone, fold=fold)
    return _format(wall, name)


def _format(value, name: str) -> str:
    return defaultfilters.date(value, str(PATTERNS.get(name, name)))


# What each level (the gate's: public, committee, restricted) asks of the reader who
# holds the document; a model's Level choice finds its note too, being the same string.
LEVEL_NOTES = {
    "public": _("Public"),
    "committee": _("Committee: for committee members only"),
    "restricted": _("Restricted: for cleared members only, do not pass on"),
}
# What a footer says the document holds: a level, or one of the exports' own cases.
CONTAINS = {
    "public": _("contains public information"),
    "committee": _("contains committee information"),
    "restricted": _("contains restricted information"),
    "draft": _("contains committee (draft, not public) information"),
    "no restricted": _("contains no restricted information"),
}
RESTRICTED_MARK = _("This document contains restricted information: do not pass it on.")
RANK = {"public": 0, "committee": 1, "restricted": 2}


@dataclass(frozen=True)
class Block:
    kind: str  # title, heading, subheading, mark, field, item, text, body, table
    text: str
    label: str = ""  # for a field: its name
    rows: tuple[tuple[str, ...], ...] = ()  # for a table: the header row, then short rows


@dataclass
class Document:
    title: str
    filename: str  # without extension
    footer: str
    blocks: list[Block] = field(default_factory=list)

    def add(self, kind: str, text: str, label: str = "") -> None:
        self.blocks.append(Block(kind, str(text), str(label)))


def local_time(value: datetime.datetime, tz: ZoneInfo, fmt: str = WHEN) -> str:
    """A time as the district reads it, for documents, in the active language."""
    return dateformat.format(value.astimezone(tz), fmt)


def export_footer(user, tz: ZoneInfo, contains: str) -> str:
    """Each exported page's footer: who exported it, when, and how confidential it is
    (``contains``: a level, "draft" or "no restricted", see CONTAINS)."""
    today = local_time(datetime.datetime.now(datetime.UTC), tz, DAY)
    if user.is_authenticated:
        who = gettext("Exported by %(name)s on %(date)s") % {
            "name": user.display_name,
            "date": today,
        }
    else:
        who = gettext("Exported on %(date)s") % {"date": today}
    return f"{who} — {CONTAINS[contains]}"


# Plain text


def render_text(doc: Document) -> str:
    lines = [doc.footer, ""]
    for block in doc.blocks:
        if block.kind == "title":
            lines += [block.text, "=" * len(block.text), ""]
        elif block.kind == "heading":
            lines += ["", block.text, "-" * len(block.text), ""]
        elif block.kind == "subheading":
            lines += ["", block.text]
        elif block.kind == "mark":
            lines.append(f"[{block.text}]")
        elif block.kind == "field":
            lines.append(f"{block.label}: {block.text}")
        elif block.kind == "item":
            lines.append(f"  - {block.text}")
        elif block.kind == "table":
            lines += ["  " + " | ".join(row) for row in block.rows]
        else:  # text, and Markdown bodies as written
            lines += ["", block.text, ""]
    lines += ["", "--", doc.footer, ""]
    return "\n".join(lines)


# PDF


def render_pdf(doc: Document) -> bytes:
    """The document as a PDF (``safety_portal.pdf``, imported on the first PDF a process
    makes: reportlab costs each web worker about 17 MB, and most never make one)."""
    from safety_portal import pdf  # noqa: PLC0415 - heavy, and only for PDFs

    return pdf.render(doc)
