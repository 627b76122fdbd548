"""PDFs of the portal's documents (``documents.Document``), drawn with reportlab.

Imported by ``documents.render_pdf`` when a process first makes a PDF, not when it
starts: reportlab is a large library that most requests never need. Part of the shared
kit: imports nothing of the project.
"""

import functools
import io
from pathlib import Path
from xml.sax.saxutils import escape

from django.utils.translation import gettext
from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import inch
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from safety_portal.documents import Document

# The PDF standard fonts know only Western European letters; names such as Łukasz or
# Nguyễn need a Unicode font. DejaVu ships with most Linux systems (fonts-dejavu-core
# in the image); without it the standard fonts are used.
UNICODE_FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")


@functools.cache
def _fonts() -> tuple[str, str]:
    regular, bold = UNICODE_FONT_DIR / "DejaVuSans.ttf", UNICODE_FONT_DIR / "DejaVuSans-Bold.ttf"
    if not (regular.is_file() and bold.is_file()):
        return "Helvetica", "Helvetica-Bold"
    pdfmetrics.registerFont(TTFont("PortalSans", str(regular)))
    pdfmetrics.registerFont(TTFont("PortalSans-Bold", str(bold)))
    pdfmetrics.registerFontFamily("PortalSans", normal="PortalSans", bold="PortalSans-Bold")
    return "PortalSans", "PortalSans-Bold"


def _styles() -> dict[str, ParagraphStyle]:
    regular, bold = _fonts()
    sheet = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=sheet["BodyText"], fontName=regular)
    return {
        "title": ParagraphStyle("title", parent=sheet["Title"], fontName=bold),
        "heading": ParagraphStyle("heading", parent=sheet["Heading2"], fontName=bold),
        "subheading": ParagraphStyle("subheading", parent=sheet["Heading3"], fontName=bold),
        "mark": ParagraphStyle("mark", parent=body, fontName=bold),
        "field": body,
        "item": ParagraphStyle("item", parent=body, leftIndent=12),
        "text": body,
        "body": body,
        "table": body,
    }


def _markup(text: str) -> str:
    """Text for reportlab's Paragraph mini-language: escaped, line breaks kept."""
    return escape(text).replace("\n", "<br/>")


def _table(rows: tuple[tuple[str, ...], ...], style: ParagraphStyle) -> Table:
    """A grid of short cells (they do not wrap); the header row repeats on each page."""
    regular, bold = _fonts()
    table = Table([list(row) for row in rows], repeatRows=1, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), regular),
                ("FONTNAME", (0, 0), (-1, 0), bold),
                ("FONTSIZE", (0, 0), (-1, -1), style.fontSize - 1),
                ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def render(doc: Document) -> bytes:
    styles = _styles()
    story = []
    for block in doc.blocks:
        style = styles[block.kind]
        if block.kind == "field":
            story.append(Paragraph(f"<b>{escape(block.label)}:</b> {_markup(block.text)}", style))
        elif block.kind == "body":
            for paragraph in block.text.split("\n\n"):
                if paragraph.strip():
                    story.append(Paragraph(_markup(paragraph.strip()), style))
        elif block.kind == "table":
            story.append(_table(block.rows, style))
        else:
            story.append(Paragraph(_markup(block.text), style))
        if block.kind == "title":
            story.append(Spacer(1, 6))

    page = gettext("Page %(number)s")

    def footer(canvas, template) -> None:
        canvas.saveState()
        canvas.setFont(_fonts()[0], 8)
        canvas.drawString(inch, 0.6 * inch, doc.footer)
        number = page % {"number": canvas.getPageNumber()}
        canvas.drawRightString(LETTER[0] - inch, 0.45 * inch, number)
        canvas.restoreState()

    buffer = io.BytesIO()
    SimpleDocTemplate(
        buffer,
        pagesize=LETTER,
        title=doc.title,
        leftMargin=inch,
        rightMargin=inch,
        topMargin=inch,
        bottomMargin=inch,
    ).build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
