"""An assessment as a PDF or text download, built with the shared document kit."""

from zoneinfo import ZoneInfo

from django.utils import dateformat
from django.utils.translation import gettext as _

from assessments.models import Answer, Area, Finding
from committees.models import Level
from safety_portal.choices import labels
from safety_portal.documents import DAY, LEVEL_NOTES, Document, export_footer


def assessment_document(user, assessment, assessors, answers, findings) -> Document:
    """The whole assessment (checklist, answers, findings), marked restricted throughout."""
    tz = ZoneInfo(assessment.committee.district.time_zone)
    title = _("Security assessment: %(school)s") % {"school": assessment.building.name}
    doc = Document(
        title=title,
        filename=f"{assessment.committee.district.slug}-assessment-{assessment.pk}",
        footer=export_footer(user, tz, "restricted") + " — " + _("every copy is recorded"),
    )
    doc.add("title", title)
    doc.add("mark", LEVEL_NOTES[Level.RESTRICTED])
    doc.add("field", assessment.committee.name, _("Committee"))
    doc.add("field", dateformat.format(assessment.planned_for, DAY), _("Date"))
    doc.add("field", assessment.get_status_display(), _("Status"))
    if assessment.completed_on:
        doc.add("field", dateformat.format(assessment.completed_on, DAY), _("Completed"))
    doc.add("field", str(assessment.template), _("Checklist"))
    for assessor in assessors:
        doc.add("item", f"{assessor} — {assessor.get_role_display()}")
    responses = labels(Answer, "response")
    areas = labels(Answer, "area")
    current = None
    for answer in answers:
        if answer.area != current:
            current = answer.area
            doc.add("heading", areas.get(current, Area(current).label))
        doc.add("field", responses.get(answer.response, _("Not answered")), answer.question_text)
        if answer.note:
            doc.add("text", answer.note)
    doc.add("heading", _("Findings"))
    severities = labels(Finding, "severity")
    states = dict(Finding.State.choices)
    for finding in findings:
        doc.add(
            "subheading",
            f"{severities[finding.severity]} — {states[finding.state]}: "
            f"{finding.answer.question_text}",
        )
        if finding.description:
            doc.add("text", finding.description)
        if finding.public_label:
            doc.add("field", finding.public_label, _("Public label"))
    return doc
