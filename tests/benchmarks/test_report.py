"""The report judges each target on figures of one run (benchmarks/report.py)."""

from benchmarks import report
from benchmarks.cast import PAGES

OVERVIEW = next(page for page in PAGES if page.name == "admin_overview")


def _scale(list_rps: float, page_rps: float) -> dict:
    load = {"list": {"rps": list_rps}} | {page.name: {"rps": page_rps} for page in PAGES}
    return {"load": load}


def _growth(small: dict, large: dict) -> dict:
    found = report.targets({"scales": {"0.01": small, "1": large}})
    return next(t for t in found if t["name"].startswith(f"{OVERVIEW.label}: time at scale"))


def test_a_machine_that_slows_between_the_scales_is_not_read_as_growth():
    # Everything served at half the rate at scale 1, the floor too: the page did not grow.
    growth = _growth(_scale(200, 80), _scale(100, 40))
    assert growth["figure"] == 1.0
    assert growth["met"] is True


def test_a_page_that_grows_with_the_data_is_read_as_growth_on_any_machine():
    # The floor unchanged, the page at half its rate: twice the time a request.
    assert _growth(_scale(200, 80), _scale(200, 40))["figure"] == 2.0
    # The machine faster at scale 1 hides nothing: the page still took twice its time
    # against the floor.
    growth = _growth(_scale(200, 80), _scale(300, 60))
    assert growth["figure"] == 2.0
    assert growth["met"] is False


def test_a_page_not_measured_at_a_scale_is_not_met():
    small = _scale(200, 80)
    del small["load"][OVERVIEW.name]
    growth = _growth(small, _scale(200, 80))
    assert growth["figure"] is None
    assert growth["met"] is False
