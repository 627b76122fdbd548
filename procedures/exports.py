"""A procedure as a PDF or text download, built with the shared document kit."""

from zoneinfo import ZoneInfo

from django.utils import dateformat
from django.utils.translation import gettext as _

from committees.models import Level
from safety_portal.documents import DAY, LEVEL_NOTES, Document, export_footer, local_time


def procedure_document(user, procedure, version) -> Document:
    """A procedure's current version, marked restricted on every page."""
    tz = ZoneInfo(procedure.committee.district.time_zone)
    doc = Document(
        title=procedure.title,
        filename=f"{procedure.committee.district.slug}-procedure-{procedure.pk}-v{version.number}",
        footer=export_footer(user, tz, "restricted") + " — " + _("every copy is recorded"),
    )
    doc.add("title", procedure.title)
    doc.add("mark", LEVEL_NOTES[Level.RESTRICTED])
    doc.add("field", procedure.committee.name, _("Committee"))
    doc.add("field", f"{version.number} ({local_time(version.created_at, tz, DAY)})", _("Version"))
    if procedure.last_reviewed_on:
        doc.add("field", dateformat.format(procedure.last_reviewed_on, DAY), _("Last reviewed"))
    doc.add("body", version.body)
    return doc
