"""Features above join the calendar through its registry; compliance imports none."""

import ast
from pathlib import Path

from committees import hooks
from compliance import registrations, registry
from compliance.models import DutyKind
from incidents import registrations as incident_registrations
from procedures import registrations as procedure_registrations

ABOVE = {"procedures", "incidents", "assessments", "publishing", "followups"}


def test_registering_twice_adds_nothing_twice():
    before = (list(hooks.COMMITTEE_LINKS), list(hooks.COMMITTEE_PANELS), list(registry._sources))
    registrations.register()
    procedure_registrations.register()
    incident_registrations.register()
    after = (list(hooks.COMMITTEE_LINKS), list(hooks.COMMITTEE_PANELS), list(registry._sources))
    assert after == before
    assert registrations.LINK in hooks.COMMITTEE_LINKS
    assert procedure_registrations.calendar_entries in registry._sources
    assert registry.duty_link(DutyKind.DRILL_REPORT).url_name == "incidents:drills"
    assert registry.duty_link(DutyKind.PLAN_REVIEW) is None
    assert registry.entries_for(None, []) == []


def test_compliance_imports_no_feature_above_it():
    package = Path(__file__).resolve().parents[2] / "compliance"
    for path in package.rglob("*.py"):
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            assert not {n.split(".")[0] for n in names} & ABOVE, (path.name, names)
