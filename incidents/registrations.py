"""How incidents join the core's registries, called once from ``IncidentsConfig.ready()``.

A school's public page (in publishing) shows drills held against the district's
schedule; it imports nothing of this app, which adds its figures to the core's hook.
"""

from committees import hooks
from incidents import selectors
from safety_portal.school_calendar import district_today


def _drill_figures(district, committee_ids) -> dict:
    """Drills held against those owed so far: counts only, hidden below the threshold."""
    drills = selectors.public_drill_figures(district, committee_ids, district_today(district))
    return {
        "drills": drills,
        "hidden": drills is not None and drills.held < district.small_count_threshold,
    }


def register() -> None:
    figures = hooks.SchoolFigures("incidents/includes/public_drills.html", _drill_figures)
    if figures not in hooks.SCHOOL_PUBLIC_FIGURES:
        hooks.SCHOOL_PUBLIC_FIGURES.append(figures)
