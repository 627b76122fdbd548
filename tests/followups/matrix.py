"""The permission matrix's cases of action items, improvement plans and milestones.

The matrix itself: tests/test_permission_matrix.py.
"""

from django.urls import reverse

from committees import services
from committees.models import Level
from tests.conftest import Cast
from tests.factories import UserFactory
from tests.matrix import (
    COMMITTEES,
    Builder,
    Request,
    api_lists,
    api_status,
    committee_lists,
    committee_pages,
    manage_status,
    signed_in_status,
    view_status,
)


def _all_items(cast: Cast):
    """The canary items, and the follow-ups held by stricter records (at the stricter level)."""
    yield from cast.items.items()
    for committee_name, level, item in cast.chained:
        yield (committee_name, level), item


def _item_pages(cast: Cast, role: str, name: str, **kw) -> list[Request]:
    requests = []
    for (committee_name, level), item in _all_items(cast):
        url = reverse(name, args=[item.pk])
        expected = view_status(role, committee_name, level)
        if kw.get("manage") and expected == 200:
            expected = 302 if manage_status(role, committee_name) == 200 else 403
        requests.append(Request(url, expected, **kw.get("request", {})))
    return requests


def _unshare(cast: Cast, role: str, name: str) -> list[Request]:
    requests = []
    fire_marshal = UserFactory(username="fire.marshal", district=cast.district)
    for (committee_name, level), item in cast.items.items():
        if committee_name == "other_committee":
            continue
        services.named_grant_add(record=item, user=fire_marshal)
        expected = view_status(role, committee_name, level)
        if expected == 200:
            expected = 302 if manage_status(role, committee_name) == 200 else 403
        url = reverse(name, args=[item.pk, fire_marshal.pk])
        requests.append(Request(url, expected, method="post"))
    return requests


def _by_item(cast: Cast, role: str, name: str, *, update=False, method="get", data=None):
    """One request per canary item: 404 unless visible; then 200/302 or 403 by right."""
    requests = []
    for (committee_name, level), item in _all_items(cast):
        expected = view_status(role, committee_name, level)
        if expected == 200:
            allowed = manage_status(role, committee_name) == 200
            if update:  # the assignee may update too; the cast's high items are the chair's
                allowed = allowed or (committee_name == "high" and role == "chair")
            ok = 302 if method == "post" else 200
            expected = ok if allowed else 403
        requests.append(Request(reverse(name, args=[item.pk]), expected, method, data or {}))
    return requests


def _by_plan(cast: Cast, role: str, name: str, *, manage=False):
    requests = []
    for committee_name, plan in cast.plans.items():
        expected = view_status(role, committee_name, Level.COMMITTEE)
        if manage and expected == 200 and manage_status(role, committee_name) != 200:
            expected = 403
        requests.append(Request(reverse(name, args=[plan.pk]), expected))
    return requests


def _by_milestone(cast: Cast, role: str, name: str):
    requests = []
    for (committee_name, level), milestone in cast.milestones.items():
        expected = view_status(role, committee_name, level)
        if expected == 200 and manage_status(role, committee_name) != 200:
            expected = 403
        requests.append(Request(reverse(name, args=[milestone.pk]), expected))
    return requests


def _attachments(cast: Cast, role: str, name: str):
    return [
        Request(reverse(name, args=[a.pk]), view_status(role, committee_name, level))
        for (committee_name, level), a in cast.attachments.items()
    ]


# URL name -> the requests to make for a role, each with the status it must get.
def _api_items(cast: Cast, role: str, name: str) -> list[Request]:
    """Each canary item alone, and those held by stricter records: 404 unless visible."""
    return [
        Request(
            reverse(name, args=[item.pk]),
            api_status(role, 404 if role == "anonymous" else view_status(role, c, level)),
        )
        for (c, level), item in _all_items(cast)
    ]


def _api_item_lists(cast: Cast, role: str, name: str) -> list[Request]:
    """Everything the reader may see, then narrowed to each committee: one the reader may
    not see is refused exactly as one that does not exist (400, the same message)."""
    requests = api_lists(cast, role, name)
    for c in COMMITTEES:
        seen = role != "anonymous" and view_status(role, c, Level.COMMITTEE) == 200
        url = f"{reverse(name)}?committee={getattr(cast, c).pk}"
        requests.append(Request(url, api_status(role, 200 if seen else 400)))
    requests.append(Request(f"{reverse(name)}?committee=999999", api_status(role, 400)))
    return requests


def _api_items_of_milestones(cast: Cast, role: str, name: str) -> list[Request]:
    """A milestone's items: one the reader may not see is refused as one that does not
    exist (400)."""
    requests = []
    for (c, level), milestone in cast.milestones.items():
        seen = role != "anonymous" and view_status(role, c, level) == 200
        url = f"{reverse(name)}?milestone={milestone.pk}"
        requests.append(Request(url, api_status(role, 200 if seen else 400)))
    return requests


def _api_create(cast: Cast, role: str, name: str) -> list[Request]:
    """A new item in each committee: made (201) by those who assign its items; 403 for
    the rest of those who see it; a committee one may not see is refused as one that
    does not exist (400, the same message)."""
    requests = []
    for c in COMMITTEES:
        expected = manage_status(role, c)
        expected = {302: 401, 404: 400, 200: 201}.get(expected, expected)
        data = {"committee": getattr(cast, c).pk, "title": f"Made by the {role}"}
        requests.append(Request(reverse(name), expected, "post", data))
    requests.append(
        Request(reverse(name), api_status(role, 400), "post", {"committee": 999999, "title": "x"})
    )
    return requests


def _api_act(cast: Cast, role: str, name: str, *, update=False, done=200, data=None):
    """One POST per canary item: 404 unless visible; then ``done`` or 403 by right (to
    update, the assignee too: the cast's high items are the chair's)."""
    requests = []
    for (committee_name, level), item in _all_items(cast):
        expected = api_status(
            role, 404 if role == "anonymous" else view_status(role, committee_name, level)
        )
        if expected == 200:
            allowed = manage_status(role, committee_name) == 200
            allowed = allowed or (update and committee_name == "high" and role == "chair")
            expected = done if allowed else 403
        body = data(cast, committee_name) if callable(data) else data or {}
        requests.append(Request(reverse(name, args=[item.pk]), expected, "post", body))
    return requests


def _assignee(cast: Cast, committee_name: str) -> dict:
    """Someone the item's page offers: of the item's district, cleared where it matters."""
    person = cast.other_admin if committee_name == "other_committee" else cast.secretary
    return {"assignee": person.pk}


def _api_plans(cast: Cast, role: str, name: str) -> list[Request]:
    return [
        Request(
            reverse(name, args=[plan.pk]),
            api_status(role, 404 if role == "anonymous" else view_status(role, c, Level.COMMITTEE)),
        )
        for c, plan in cast.plans.items()
    ]


def _api_milestones(cast: Cast, role: str, name: str) -> list[Request]:
    return [
        Request(
            reverse(name, args=[milestone.pk]),
            api_status(role, 404 if role == "anonymous" else view_status(role, c, level)),
        )
        for (c, level), milestone in cast.milestones.items()
    ]


def _api_plan_lists(cast: Cast, role: str, name: str) -> list[Request]:
    """As the item list: each committee's, and one that does not exist (400)."""
    requests = api_lists(cast, role, name)
    for c in COMMITTEES:
        seen = role != "anonymous" and view_status(role, c, Level.COMMITTEE) == 200
        url = f"{reverse(name)}?committee={getattr(cast, c).pk}"
        requests.append(Request(url, api_status(role, 200 if seen else 400)))
    requests.append(Request(f"{reverse(name)}?committee=999999", api_status(role, 400)))
    return requests


def _api_milestone_lists(cast: Cast, role: str, name: str) -> list[Request]:
    """Each committee's, and each plan's: a plan one may not see is refused as one that
    does not exist."""
    requests = _api_plan_lists(cast, role, name)
    for c, plan in cast.plans.items():
        seen = role != "anonymous" and view_status(role, c, Level.COMMITTEE) == 200
        url = f"{reverse(name)}?plan={plan.pk}&category=access_control"
        requests.append(Request(url, api_status(role, 200 if seen else 400)))
    return requests


CASES: dict[str, Builder] = {
    "api:action-item-list": lambda cast, role, name: (
        _api_item_lists(cast, role, name)
        + _api_items_of_milestones(cast, role, name)
        + _api_create(cast, role, name)
    ),
    "api:action-item-detail": _api_items,
    "api:action-item-assign": lambda cast, role, name: _api_act(cast, role, name, data=_assignee),
    # Blocked: from open, and from in progress should a page's case have moved it there.
    "api:action-item-transition": lambda cast, role, name: _api_act(
        cast, role, name, update=True, data={"status": "blocked", "note": "Waiting for parts."}
    ),
    "api:action-item-progress": lambda cast, role, name: _api_act(
        cast, role, name, update=True, data={"note": "Called the vendor."}
    ),
    "api:action-item-evidence": lambda cast, role, name: _api_act(
        cast, role, name, update=True, data={"note": "Invoice attached."}
    ),
    # None of the canary items is done: verifying is refused (400) to those who may verify.
    "api:action-item-verify": lambda cast, role, name: _api_act(cast, role, name, done=400),
    "api:plan-list": _api_plan_lists,
    "api:plan-detail": _api_plans,
    "api:milestone-list": _api_milestone_lists,
    "api:milestone-detail": _api_milestones,
    "followups:action_item": _item_pages,
    "followups:action_item_share": lambda cast, role, name: _item_pages(
        cast,
        role,
        name,
        manage=True,
        request={"method": "post", "data": {"person": cast.outsider.pk}},
    ),
    "followups:action_item_unshare": _unshare,
    "followups:my_items": lambda cast, role, name: [Request(reverse(name), signed_in_status(role))],
    "followups:items": lambda cast, role, name: (
        committee_lists(cast, role, name)
        + committee_lists(cast, role, name, "?status=open&overdue=1&sort=-due_date")
        + committee_lists(cast, role, name, "?source=none&category=other&due=month")
    ),
    "followups:items_csv": committee_lists,
    "followups:item_new": committee_pages,
    "followups:item_edit": _by_item,
    "followups:item_status": lambda cast, role, name: _by_item(
        cast, role, name, update=True, method="post", data={"status": "in_progress", "note": ""}
    ),
    "followups:item_progress": lambda cast, role, name: _by_item(
        cast, role, name, update=True, method="post", data={"note": "Called the vendor."}
    ),
    "followups:item_evidence": lambda cast, role, name: _by_item(
        cast, role, name, update=True, method="post", data={"note": "Invoice attached."}
    ),
    "followups:item_verify": lambda cast, role, name: _by_item(cast, role, name, method="post"),
    "followups:item_assign": lambda cast, role, name: _by_item(
        cast, role, name, method="post", data={"assignee": cast.secretary.pk}
    ),
    "followups:attachment": _attachments,
    "followups:plans": committee_lists,
    "followups:plan_new": committee_pages,
    "followups:plan": _by_plan,
    "followups:milestone_new": lambda cast, role, name: _by_plan(cast, role, name, manage=True),
    "followups:milestone_edit": _by_milestone,
}
