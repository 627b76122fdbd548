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


def _drill_figures_api(data, threshold: int) -> dict | None:
    """What the page says of drills, as JSON: a held count under the threshold is only
    "fewer than" it, as on the page."""
    drills = data["drills"]
    if drills is None:
        return None
    return {
        "held": None if data["hidden"] else drills.held,
        "held_fewer_than": threshold if data["hidden"] else None,
        "required_so_far": drills.required,
    }


def register() -> None:
    figures = hooks.SchoolFigures(
        "incidents/includes/public_drills.html",
        _drill_figures,
        name="drills",
        api=_drill_figures_api,
    )
    if figures not in hooks.SCHOOL_PUBLIC_FIGURES:
        hooks.SCHOOL_PUBLIC_FIGURES.append(figures)
