"""How assessments join the core's registries, called once from ``AssessmentsConfig.ready()``.

The core imports nothing of this app: its redaction guard, its committee page and a
school's public page each keep a registry that features append to.
"""

from assessments import selectors
from assessments.models import Finding
from committees import hooks, redaction
from committees.access import Cap
from committees.models import PublicTextChange
from committees.services import public_text


def _figures(district, committee_ids) -> dict:
    """The last completed assessment: when, findings addressed, public labels by category."""
    figures = selectors.public_figures(district, committee_ids)
    threshold = district.small_count_threshold
    return {
        "assessment": figures,
        "findings_hidden": figures.findings < threshold,
        "addressed_hidden": figures.addressed < threshold,
    }


def _figures_api(data, threshold: int) -> dict | None:
    """What the page says, as JSON: a count under the threshold is only "fewer than" it."""
    figures = data["assessment"]
    if figures.completed_on is None:
        return None
    return {
        "last_completed_on": figures.completed_on.isoformat(),
        "findings": None if data["findings_hidden"] else figures.findings,
        "findings_fewer_than": threshold if data["findings_hidden"] else None,
        "addressed": None if data["addressed_hidden"] else figures.addressed,
        "addressed_fewer_than": threshold if data["addressed_hidden"] else None,
        "labels": [{"category": category, "labels": labels} for category, labels in figures.labels],
    }


def _apply_label(finding, change, _by) -> None:
    finding.public_label = change.texts["public_label"]
    finding.save(update_fields=["public_label"])


# A finding's public label: proposed by those who record the committee's work, public once
# a second person approves it; the pending text is as restricted as the finding.
PUBLIC_LABEL = public_text.PublicText(
    model=Finding,
    fields=("public_label",),
    propose_cap=Cap.RECORD_MEETINGS,
    current=lambda finding, _lang: public_text.texts_of(finding, "public_label"),
    apply=_apply_label,
    page=("assessments:finding", lambda record: record.pk),
    level=lambda finding: finding.visibility,
)
FIGURES = hooks.SchoolFigures(
    "assessments/includes/public_figures.html", _figures, name="assessment", api=_figures_api
)
LINK = hooks.CommitteeLink(label="Security assessments", url_name="assessments:list")


def register() -> None:
    public_text.KINDS[PublicTextChange.Kind.FINDING] = PUBLIC_LABEL
    if selectors.restricted_text not in redaction.RESTRICTED_TEXT:
        redaction.RESTRICTED_TEXT.append(selectors.restricted_text)
    if LINK not in hooks.COMMITTEE_LINKS:
        hooks.COMMITTEE_LINKS.append(LINK)
    if FIGURES not in hooks.SCHOOL_PUBLIC_FIGURES:
        hooks.SCHOOL_PUBLIC_FIGURES.append(FIGURES)
