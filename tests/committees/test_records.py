from types import SimpleNamespace

from committees.records import fields_set


def test_fields_set_sets_all_and_says_what_changed_in_order():
    record = SimpleNamespace(title="Old", minutes=10, visibility="members")
    changed = fields_set(record, {"visibility": "members", "title": "New", "minutes": 15})
    assert changed == {"title": ("Old", "New"), "minutes": (10, 15)}
    assert list(changed) == ["title", "minutes"]
    assert (record.title, record.minutes, record.visibility) == ("New", 15, "members")


def test_fields_set_with_nothing_new_changes_nothing():
    record = SimpleNamespace(title="Same")
    assert fields_set(record, {"title": "Same"}) == {}
