"""The outbox knows the features only through what they register with it.

Every kind has its builder (a person's) or its composer (a subscriber's), a kind is
built by one function only, notifications imports no feature app, and a district's
mandatory kinds are checked against the kinds the outbox knows.
"""

import ast
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError

from committees.models import District
from notifications import registry
from notifications.forms import PERSONAL_KINDS
from notifications.models import Kind

FEATURES = {
    "committees",
    "followups",
    "meetings",
    "publishing",
    "incidents",
    "procedures",
    "assessments",
    "audit",
    "compliance",
}


def test_every_kind_is_registered_by_its_feature():
    for kind in PERSONAL_KINDS:
        assert registry.builder_for(kind) is not None
    for kind in (Kind.SUBSCRIPTION_CONFIRM, Kind.PUBLIC_UPDATE):
        assert registry.subscriber_composer_for(kind) is not None
    assert registry.registered_kinds() == set(Kind.values)
    # committees, followups, meetings, incidents, procedures, compliance, the digest
    assert len(registry.scans()) == 7


def test_a_kind_has_one_builder():
    build = registry.builder_for(Kind.ITEM_ASSIGNED)
    registry.message_register(kind=Kind.ITEM_ASSIGNED, build=build)  # again: harmless
    with pytest.raises(ImproperlyConfigured):
        registry.message_register(kind=Kind.ITEM_ASSIGNED, build=lambda row, user, subject: None)
    assert registry.builder_for(Kind.ITEM_ASSIGNED) is build
    with pytest.raises(LookupError):
        registry.builder_for("no_such_kind")


def test_the_outbox_imports_no_feature_and_nothing_inside_a_function():
    package = Path(__file__).resolve().parents[2] / "notifications"
    for path in package.glob("*.py"):
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            assert not {n.split(".")[0] for n in names} & FEATURES, (path.name, names)
            assert node.col_offset == 0, f"{path.name}:{node.lineno} imports inside a block"


@pytest.mark.django_db
def test_a_districts_mandatory_kinds_are_kinds_the_outbox_knows(cast):
    district: District = cast.district
    district.mandatory_notifications = [Kind.ITEM_ASSIGNED, "no_such_kind"]
    with pytest.raises(ValidationError) as refused:
        district.full_clean()
    assert "mandatory_notifications" in refused.value.message_dict
    district.mandatory_notifications = [Kind.ITEM_ASSIGNED]
    district.full_clean()
