"""The permission matrix (ACCESS.md, "The test that guards all this").

Every role of the cast against every URL the project serves, with canary strings in
every committee-level and restricted field. A canary seen by someone who lacks the
right fails the suite; so does a URL pattern that nobody classified here.

New features add their URLs to CASES (and their canaries to the cast).
"""

import io
from collections.abc import Callable
from dataclasses import dataclass, field

import pypdf
import pytest
from django.contrib.admin import site as admin_site
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from committees import services
from committees.models import Level, Membership, SeatProposal
from meetings import services as meeting_services
from meetings.models import AgendaTemplateItem, MeetingNotice, PublicSummary
from publishing import services as publishing_services
from tests.conftest import MANAGERS, ROLES, Cast, add_chains, may_see
from tests.factories import UserFactory

COMMITTEES = ["high", "middle", "district_wide", "other_committee"]


@pytest.fixture
def cast(cast):
    """The cast, with records held by stricter ones (some written around the services)."""
    add_chains(cast)
    return cast


@dataclass
class Request:
    url: str
    expected: int
    method: str = "get"
    data: dict = field(default_factory=dict)


def _manage(role: str, committee_name: str) -> int:
    if role == "anonymous":
        return 302
    if not may_see(role, committee_name, Level.COMMITTEE):
        return 404
    if committee_name == "high" and role in MANAGERS:
        return 200
    if committee_name == "other_committee" and role == "other_admin":
        return 200
    if role == "district_admin" and committee_name != "other_committee":
        return 200
    return 403


def _view(role: str, committee_name: str, level: str) -> int:
    if role == "anonymous":
        return 302
    return 200 if may_see(role, committee_name, level) else 404


def _signed_in(role: str) -> int:
    return 302 if role == "anonymous" else 200


def _committee_pages(cast: Cast, role: str, name: str) -> list[Request]:
    return [
        Request(reverse(name, args=[getattr(cast, c).pk]), _manage(role, c)) for c in COMMITTEES
    ]


def _member_pages(cast: Cast, role: str, name: str) -> list[Request]:
    requests = []
    for c in COMMITTEES:
        membership = Membership.objects.filter(committee=getattr(cast, c)).first()
        if membership is not None:
            url = reverse(name, args=[membership.committee_id, membership.pk])
            expected = _manage(role, c)
            own = membership.user_id == getattr(cast.people.get(role), "pk", None)
            if own and expected == 200 and name == "committees:member_change":
                expected = 403  # nobody changes their own seat
            requests.append(Request(url, expected))
    return requests


def _proposals(cast: Cast, role: str, name: str) -> list[Request]:
    """A chair's proposal on each committee with seats: an administrator decides (302);
    a chair or member who sees the committee is refused (403)."""
    requests = []
    for c in COMMITTEES:
        membership = Membership.objects.filter(committee=getattr(cast, c)).last()
        if membership is None:
            continue
        proposal = SeatProposal.objects.create(membership=membership, restricted_clearance=True)
        expected = _manage(role, c)
        if expected == 200:
            expected = 403 if role == "chair" else 302
        url = reverse(name, args=[membership.committee_id, proposal.pk])
        requests.append(Request(url, expected, "post", {"decision": "decline"}))
    return requests


def _all_items(cast: Cast):
    """The canary items, and the follow-ups held by stricter records (at the stricter level)."""
    yield from cast.items.items()
    for committee_name, level, item in cast.chained:
        yield (committee_name, level), item


def _item_pages(cast: Cast, role: str, name: str, **kw) -> list[Request]:
    requests = []
    for (committee_name, level), item in _all_items(cast):
        url = reverse(name, args=[item.pk])
        expected = _view(role, committee_name, level)
        if kw.get("manage") and expected == 200:
            expected = 302 if _manage(role, committee_name) == 200 else 403
        requests.append(Request(url, expected, **kw.get("request", {})))
    return requests


def _unshare(cast: Cast, role: str, name: str) -> list[Request]:
    requests = []
    fire_marshal = UserFactory(username="fire.marshal", district=cast.district)
    for (committee_name, level), item in cast.items.items():
        if committee_name == "other_committee":
            continue
        services.named_grant_add(record=item, user=fire_marshal)
        expected = _view(role, committee_name, level)
        if expected == 200:
            expected = 302 if _manage(role, committee_name) == 200 else 403
        url = reverse(name, args=[item.pk, fire_marshal.pk])
        requests.append(Request(url, expected, method="post"))
    return requests


def _by_item(cast: Cast, role: str, name: str, *, update=False, method="get", data=None):
    """One request per canary item: 404 unless visible; then 200/302 or 403 by right."""
    requests = []
    for (committee_name, level), item in _all_items(cast):
        expected = _view(role, committee_name, level)
        if expected == 200:
            allowed = _manage(role, committee_name) == 200
            if update:  # the assignee may update too; the cast's high items are the chair's
                allowed = allowed or (committee_name == "high" and role == "chair")
            ok = 302 if method == "post" else 200
            expected = ok if allowed else 403
        requests.append(Request(reverse(name, args=[item.pk]), expected, method, data or {}))
    return requests


def _by_plan(cast: Cast, role: str, name: str, *, manage=False):
    requests = []
    for committee_name, plan in cast.plans.items():
        expected = _view(role, committee_name, Level.COMMITTEE)
        if manage and expected == 200 and _manage(role, committee_name) != 200:
            expected = 403
        requests.append(Request(reverse(name, args=[plan.pk]), expected))
    return requests


def _by_milestone(cast: Cast, role: str, name: str):
    requests = []
    for (committee_name, level), milestone in cast.milestones.items():
        expected = _view(role, committee_name, level)
        if expected == 200 and _manage(role, committee_name) != 200:
            expected = 403
        requests.append(Request(reverse(name, args=[milestone.pk]), expected))
    return requests


def _attachments(cast: Cast, role: str, name: str):
    return [
        Request(reverse(name, args=[a.pk]), _view(role, committee_name, level))
        for (committee_name, level), a in cast.attachments.items()
    ]


def _district_overview(cast: Cast, role: str, name: str):
    if role == "anonymous":
        return [Request(reverse(name), 302)]
    return [Request(reverse(name), 200 if role in ("district_admin", "other_admin") else 403)]


def _audit_trail(cast: Cast, role: str, name: str):
    """A district's audit trail: its safety administrators, each their own; 404 to others."""
    if role == "anonymous":
        return [Request(reverse(name), 302)]
    expected = 200 if role in ("district_admin", "other_admin") else 404
    person = cast.people[role].pk
    return [Request(reverse(name), expected), Request(f"{reverse(name)}?person={person}", expected)]


def _committee_lists(cast: Cast, role: str, name: str, query: str = ""):
    return [
        Request(reverse(name, args=[getattr(cast, c).pk]) + query, _view(role, c, Level.COMMITTEE))
        for c in COMMITTEES
    ]


def _record(role: str, committee_name: str) -> int:
    """Recording meetings: the managers, and the secretary of the high school committee."""
    expected = _manage(role, committee_name)
    if expected == 403 and committee_name == "high" and role == "secretary":
        return 200
    return expected


def _meeting_list_pages(cast: Cast, role: str, name: str):
    return [
        Request(reverse(name, args=[getattr(cast, c).pk]), _record(role, c)) for c in COMMITTEES
    ]


def _meetings(cast: Cast):
    """Each committee's meeting, the high school committee's executive session, and its
    meeting whose approved minutes were raised to restricted."""
    for committee_name, meeting in cast.meetings.items():
        yield committee_name, meeting, Level.COMMITTEE
    yield "high", cast.executive, Level.RESTRICTED
    yield "high", cast.reclassified, Level.COMMITTEE


def _strictest(*levels: str) -> str:
    """The rule stated plainly: restricted anywhere along the chain makes it restricted."""
    return Level.RESTRICTED if Level.RESTRICTED in levels else Level.COMMITTEE


def _by_meeting(cast: Cast, role: str, name: str, *, record=False, method="get", data=None):
    requests = []
    for committee_name, meeting, level in _meetings(cast):
        expected = _view(role, committee_name, level)
        if record and expected == 200:
            expected = _record(role, committee_name)
            if method == "post" and expected == 200:
                expected = 302
        requests.append(Request(reverse(name, args=[meeting.pk]), expected, method, data or {}))
    return requests


def _by_section(cast: Cast, role: str, name: str):
    requests = []
    for committee_name, meeting, meeting_level in _meetings(cast):
        for section in meeting.sections.all():
            expected = _view(role, committee_name, _strictest(meeting_level, section.visibility))
            if expected == 200:
                expected = _record(role, committee_name)
            requests.append(Request(reverse(name, args=[section.pk]), expected))
    return requests


def _by_agenda_item(cast: Cast, role: str, name: str, *, method="get", data=None, fresh=False):
    """Per agenda item: 404 unless its level is visible, then 200/302 or 403 by record right.

    fresh: act on new items (with canaries of their own), so that removing them leaves
    the cast's agenda as it was for the cases that follow.
    """
    requests = []
    for committee_name, meeting, meeting_level in _meetings(cast):
        if fresh:
            items = []
            for level in {_strictest(meeting_level, Level.COMMITTEE), Level.RESTRICTED}:
                title = f"CANARY-AGENDA-FRESH-{level.upper()}-{committee_name}-7f3a"
                cast.canaries[title] = (committee_name, level)
                items.append(
                    meeting_services.agenda_item_add(
                        meeting=meeting, title=title, visibility=level, by=None
                    )
                )
        else:
            items = list(meeting.agenda_items.all())
        for item in items:
            expected = _view(role, committee_name, _strictest(meeting_level, item.visibility))
            if expected == 200:
                expected = _record(role, committee_name)
                if method == "post" and expected == 200:
                    expected = 302
            requests.append(Request(reverse(name, args=[item.pk]), expected, method, data or {}))
    return requests


def _standing_items(cast: Cast, *, fresh=False) -> dict:
    """A standing agenda item per committee, its title a committee-level canary."""
    rows = {}
    for committee_name in COMMITTEES:
        committee = getattr(cast, committee_name)
        row = None if fresh else AgendaTemplateItem.objects.filter(committee=committee).first()
        if row is None:
            title = f"CANARY-STANDING-{'FRESH-' if fresh else ''}{committee_name}-7f3a"
            cast.canaries[title] = (committee_name, Level.COMMITTEE)
            row = meeting_services.agenda_template_item_add(
                committee=committee, title=title, by=None
            )
        rows[committee_name] = row
    return rows


def _agenda_template(cast: Cast, role: str, name: str):
    """Members see the standing agenda; adding to it takes the right to record meetings."""
    _standing_items(cast)
    requests = _committee_lists(cast, role, name)
    for r in _meeting_list_pages(cast, role, name):
        expected = 302 if r.expected == 200 else r.expected
        requests.append(Request(r.url, expected, "post", {"title": "Drill review", "minutes": 5}))
    return requests


def _by_standing(cast: Cast, role: str, name: str, *, method="get", data=None, fresh=False):
    requests = []
    for committee_name, row in _standing_items(cast, fresh=fresh).items():
        expected = _record(role, committee_name)
        if method == "post" and expected == 200:
            expected = 302
        requests.append(Request(reverse(name, args=[row.pk]), expected, method, data or {}))
    return requests


def _by_summary(cast: Cast, role: str, name: str):
    """Summary downloads: anyone's once published; a draft 404s to all who may not see it.

    Decided when the requests are built: a publish case earlier in the run may have
    published a summary.
    """
    requests = []
    for committee_name, meeting in cast.meetings.items():
        published = PublicSummary.objects.filter(
            meeting=meeting, published_at__isnull=False
        ).exists()
        seen = published or may_see(role, committee_name, Level.COMMITTEE)
        requests.append(Request(reverse(name, args=[meeting.pk]), 200 if seen else 404))
    return requests


def _calendar_feed(cast: Cast, role: str, name: str):
    """Each person's private feed, read with their token: exactly what they may see."""
    if role == "anonymous":
        return [Request(reverse(name, args=["not-a-token"]), 404)]
    token = meeting_services.calendar_token_get(user=cast.people[role]).token
    return [Request(reverse(name, args=[token]), 200)]


def _public_meetings(cast: Cast, role: str, name: str):
    """Public once a notice or summary is published (earlier requests may have published)."""
    requests = []
    for _committee_name, meeting, _level in _meetings(cast):
        published = (
            MeetingNotice.objects.filter(meeting=meeting, published_at__isnull=False).exists()
            or PublicSummary.objects.filter(meeting=meeting, published_at__isnull=False).exists()
        )
        url = reverse(name, args=[meeting.committee.district.slug, meeting.pk])
        requests.append(Request(url, 200 if published else 404))
    wrong_district = reverse(name, args=["millbrook", cast.meetings["high"].pk])
    return [*requests, Request(wrong_district, 404)]


def _publish(role: str, committee_name: str) -> int:
    """Publishing: the chair, the building's and the district's administrators."""
    expected = _record(role, committee_name)
    return 403 if expected == 200 and role == "secretary" else expected


def _fresh_update(cast: Cast, *, published: bool):
    update, _ = publishing_services.update_save(
        committee=cast.high,
        title="Fire lanes repainted",
        body="The fire lanes by the gym were repainted.",
        by=cast.secretary,
    )
    if published:
        publishing_services.update_publish(update=update, by=cast.chair)
    return update


def _by_update(cast: Cast, role: str, name: str, *, cap=None, method="get", data=None):
    """The high school committee's updates: members see them; ``cap`` decides the rest."""
    requests = []
    for update in cast.updates.values():
        update.refresh_from_db()
        expected = _view(role, "high", Level.COMMITTEE)
        if expected == 200 and cap is not None:
            expected = cap(role, update)
        if expected == 200 and method == "post":
            expected = 302
        requests.append(Request(reverse(name, args=[update.pk]), expected, method, data or {}))
    return requests


def _edit_right(role: str, update) -> int:
    """Drafts and corrections alike: a correction waits for a second person's approval."""
    return _record(role, "high")


def _pending_text(cast: Cast, role: str, name: str, *, publish_only=False):
    """A fresh proposed correction, by the principal: a publisher approves or declines it
    (the principal's own approval is refused with a message), members may not."""
    update = _fresh_update(cast, published=True)
    change = publishing_services.update_correct(
        update=update, title=update.title, body="The fire lanes were repainted.", by=cast.principal
    )
    expected = _view(role, "high", Level.COMMITTEE)
    if expected == 200:
        allowed = _publish(role, "high") == 200 or (not publish_only and role == "principal")
        expected = 302 if allowed else 403
    return [Request(reverse(name, args=[change.pk]), expected, "post")]


def _public_updates(cast: Cast, role: str, name: str):
    requests = []
    for update in cast.updates.values():
        update.refresh_from_db()
        expected = 200 if update.published_at else 404
        requests.append(Request(reverse(name, args=["westport", update.pk]), expected))
        requests.append(Request(reverse(name, args=["millbrook", update.pk]), 404))
    return requests


def _publish_fresh(cast: Cast, role: str, name: str):
    update = _fresh_update(cast, published=False)
    expected = _view(role, "high", Level.COMMITTEE)
    if expected == 200:
        expected = 302 if _publish(role, "high") == 200 else 403
    return [Request(reverse(name, args=[update.pk]), expected, "post")]


def _withdraw_fresh(cast: Cast, role: str, name: str):
    update = _fresh_update(cast, published=True)
    expected = _view(role, "high", Level.COMMITTEE)
    if expected == 200:
        expected = 302 if _publish(role, "high") == 200 else 403
    return [Request(reverse(name, args=[update.pk]), expected, "post", {"reason": "Outdated"})]


def _by_procedure(cast: Cast, role: str, name: str, *, edit=False, method="get", args=()):
    requests = []
    for committee_name, procedure in cast.procedures.items():
        expected = _view(role, committee_name, Level.RESTRICTED)
        if edit and expected == 200:
            expected = _record(role, committee_name)
        if expected == 200 and method == "post":
            expected = 302
        url = reverse(name, args=[procedure.pk, *args])
        requests.append(Request(url, expected, method))
    return requests


def _by_incident(cast: Cast, role: str, name: str, *, method="get", data=None):
    """404 unless visible; a POST by a triager (chairs and administrators) redirects."""
    requests = []
    for (committee_name, level), incident in cast.incidents.items():
        expected = _view(role, committee_name, level)
        if method == "post" and expected == 200:
            expected = 302 if _manage(role, committee_name) == 200 else 403
        body = (data or (lambda c: {}))(getattr(cast, committee_name))
        requests.append(Request(reverse(name, args=[incident.pk]), expected, method, body))
    return requests


def _by_drill(cast: Cast, role: str, name: str, *, method="get", data=None, cap=None):
    """404 unless visible; a POST by a recorder (managers, the secretary) redirects."""
    requests = []
    for (committee_name, level), drill in cast.drills.items():
        expected = _view(role, committee_name, level)
        if method == "post" and expected == 200:
            expected = 302 if (cap or _record)(role, committee_name) == 200 else 403
        body = (data or {}) if method == "post" else {}
        requests.append(Request(reverse(name, args=[drill.pk]), expected, method, body))
    return requests


def _drill_problems(cast: Cast, role: str, name: str):
    """A drill problem becomes an action item: the committee's assigners only."""
    return [
        Request(reverse(name, args=[problem.pk]), r.expected, "post", {"title": "Fix it"})
        for r, drill in zip(
            _by_drill(cast, role, "incidents:drill", method="post", cap=_manage),
            cast.drills.values(),
            strict=True,
        )
        for problem in drill.problems.all()
    ]


def _school_pages(cast: Cast, role: str, name: str, *, method="get", data=None):
    """A school committee's page (the district-wide committee has no school: 404)."""
    requests = []
    for c in COMMITTEES:
        expected = _view(role, c, Level.COMMITTEE)
        if c == "district_wide" and expected == 200:
            expected = 404
        if method == "post" and expected == 200:
            expected = 302 if _record(role, c) == 200 else 403
        requests.append(
            Request(reverse(name, args=[getattr(cast, c).pk]), expected, method, data or {})
        )
    return requests


def _by_concern(cast: Cast, role: str, name: str, *, method="get", data=None):
    """Concerns are committee level: 404 unless a member; a POST by a triager redirects."""
    requests = []
    for committee_name, concern in cast.concerns.items():
        expected = _view(role, committee_name, Level.COMMITTEE)
        if method == "post" and expected == 200:
            expected = 302 if _manage(role, committee_name) == 200 else 403
        body = (data or (lambda c: {}))(getattr(cast, committee_name))
        requests.append(Request(reverse(name, args=[concern.pk]), expected, method, body))
    return requests


def _public_concern_status(cast: Cast, role: str, name: str):
    """Anyone with the reference sees the status: never the sender's words or contact."""
    requests = [
        Request(f"{reverse(name, args=['westport'])}?reference={concern.reference}", 200)
        for concern in cast.concerns.values()
    ]
    high = cast.concerns["high"].reference
    return [
        *requests,
        Request(f"{reverse(name, args=['millbrook'])}?reference={high}", 200),  # not found
        Request(reverse(name, args=["westport"]), 200),
        Request(reverse(name, args=["nowhere"]), 404),
    ]


def _public_concern(cast: Cast, role: str, name: str):
    sent = {"location": "Front gate", "description": "The gate does not close."}
    return [
        Request(reverse(name, args=["westport"]), 200),
        Request(reverse(name, args=["westport"]) + "?building=high", 200),
        Request(reverse(name, args=["millbrook"]), 200),
        Request(reverse(name, args=["nowhere"]), 404),
        Request(reverse(name, args=["westport"]), 200, "post", {**sent, "building": "mhs"}),
        Request(reverse(name, args=["westport"]), 302, "post", {**sent, "building": "high"}),
    ]


def _drill_report(cast: Cast, role: str, name: str):
    """A school's drill report, for whoever may see its committee; no school, no report."""
    requests = []
    for c in COMMITTEES:
        expected = _view(role, c, Level.COMMITTEE)
        if expected == 200 and getattr(cast, c).building_id is None:
            expected = 404
        for fmt in ("pdf", "csv"):
            requests.append(Request(reverse(name, args=[getattr(cast, c).pk, fmt]), expected))
    bad_format = reverse(name, args=[cast.high.pk, "xls"])
    return [*requests, Request(bad_format, 302 if role == "anonymous" else 404)]


def _district_drill_report(cast: Cast, role: str, name: str):
    """The whole district's drill report: its safety administrators, each their own."""
    if role == "anonymous":
        expected = 302
    else:
        expected = 200 if role in ("district_admin", "other_admin") else 403
    return [Request(reverse(name, args=[fmt]), expected) for fmt in ("pdf", "csv")]


def _procedure_new(cast: Cast, role: str, name: str):
    """Writing procedures: those who record the committee's work and may read restricted."""
    requests = []
    for c in COMMITTEES:
        expected = _record(role, c)
        if expected == 200 and not may_see(role, c, Level.RESTRICTED):
            expected = 403
        requests.append(Request(reverse(name, args=[getattr(cast, c).pk]), expected))
    return requests


# URL name -> the requests to make for a role, each with the status it must get.
CASES: dict[str, Callable[[Cast, str, str], list[Request]]] = {
    "home": lambda cast, role, name: [Request(reverse(name), 200)],
    "healthz": lambda cast, role, name: [Request(reverse(name), 200)],
    "login": lambda cast, role, name: [Request(reverse(name), 200)],
    "logout": lambda cast, role, name: [Request(reverse(name), 302, method="post")],
    "password_reset": lambda cast, role, name: [Request(reverse(name), 200)],
    "password_reset_done": lambda cast, role, name: [Request(reverse(name), 200)],
    "password_reset_confirm": lambda cast, role, name: [
        Request(reverse(name, args=["MQ", "not-a-token"]), 200)
    ],
    "password_reset_complete": lambda cast, role, name: [Request(reverse(name), 200)],
    "set_language": lambda cast, role, name: [
        Request(reverse(name), 302, method="post", data={"language": "es", "next": "/"})
    ],
    "portal:mine": lambda cast, role, name: [Request(reverse(name), _signed_in(role))],
    "committees:detail": lambda cast, role, name: [
        Request(reverse(name, args=[getattr(cast, c).pk]), _view(role, c, Level.COMMITTEE))
        for c in COMMITTEES
    ],
    "committees:member_add": _committee_pages,
    "committees:history": _committee_pages,
    "committees:member_change": _member_pages,
    "committees:member_remove": _member_pages,
    "committees:proposal_decide": _proposals,
    "followups:action_item": _item_pages,
    "followups:action_item_share": lambda cast, role, name: _item_pages(
        cast,
        role,
        name,
        manage=True,
        request={"method": "post", "data": {"person": cast.outsider.pk}},
    ),
    "followups:action_item_unshare": _unshare,
    "followups:my_items": lambda cast, role, name: [Request(reverse(name), _signed_in(role))],
    "followups:items": lambda cast, role, name: (
        _committee_lists(cast, role, name)
        + _committee_lists(cast, role, name, "?status=open&overdue=1&sort=-due_date")
        + _committee_lists(cast, role, name, "?source=none&category=other&due=month")
    ),
    "followups:items_csv": _committee_lists,
    "followups:item_new": _committee_pages,
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
    "followups:plans": _committee_lists,
    "followups:plan_new": _committee_pages,
    "followups:plan": _by_plan,
    "followups:milestone_new": lambda cast, role, name: _by_plan(cast, role, name, manage=True),
    "followups:milestone_edit": _by_milestone,
    "portal:district_overview": _district_overview,
    "meetings:list": _committee_lists,
    "meetings:meeting_new": _meeting_list_pages,
    "meetings:meeting": _by_meeting,
    "meetings:meeting_edit": lambda cast, role, name: _by_meeting(cast, role, name, record=True),
    "meetings:meeting_attendance": lambda cast, role, name: _by_meeting(
        cast, role, name, record=True
    ),
    "meetings:agenda_item_new": lambda cast, role, name: _by_meeting(cast, role, name, record=True),
    "meetings:section_new": lambda cast, role, name: _by_meeting(cast, role, name, record=True),
    "meetings:agenda_item_edit": _by_agenda_item,
    "meetings:agenda_item_move": lambda cast, role, name: _by_agenda_item(
        cast, role, name, method="post", data={"direction": "up"}
    ),
    "meetings:agenda_item_remove": lambda cast, role, name: (
        _by_agenda_item(cast, role, name, fresh=True)
        + _by_agenda_item(cast, role, name, method="post", fresh=True)
    ),
    "meetings:agenda_template": _agenda_template,
    "meetings:agenda_template_item_edit": _by_standing,
    "meetings:agenda_template_item_move": lambda cast, role, name: _by_standing(
        cast, role, name, method="post", data={"direction": "down"}
    ),
    "meetings:agenda_template_item_remove": lambda cast, role, name: _by_standing(
        cast, role, name, method="post", fresh=True
    ),
    "meetings:section_edit": _by_section,
    "meetings:minutes_revisions": _by_meeting,
    "meetings:minutes_approve": lambda cast, role, name: _by_meeting(
        cast, role, name, record=True, method="post"
    ),
    "meetings:summary_edit": lambda cast, role, name: _by_meeting(cast, role, name, record=True),
    "meetings:minutes_pdf": _by_meeting,
    "meetings:minutes_txt": _by_meeting,
    "meetings:summary_pdf": _by_summary,
    "meetings:summary_txt": _by_summary,
    "meetings:summary_publish": lambda cast, role, name: (
        [
            Request(r.url, 403 if r.expected == 200 and role == "secretary" else r.expected)
            for r in _by_meeting(cast, role, name, record=True)
        ]
        + [
            Request(
                r.url, 403 if r.expected == 302 and role == "secretary" else r.expected, r.method
            )
            for r in _by_meeting(cast, role, name, record=True, method="post")
        ]
    ),
    "meetings:meeting_cancel": lambda cast, role, name: _by_meeting(
        cast, role, name, record=True, method="post", data={"reason": "Snow day"}
    ),
    # Drafters propose a notice; a second person with publish rights approves it.
    "meetings:meeting_notice": lambda cast, role, name: _by_meeting(cast, role, name, record=True),
    "meetings:summary_withdraw": lambda cast, role, name: [
        Request(r.url, 403 if r.expected == 302 and role == "secretary" else r.expected, r.method)
        for r in _by_meeting(
            cast, role, name, record=True, method="post", data={"reason": "Posted too early"}
        )
    ],
    "committees:public_texts": _meeting_list_pages,
    "committees:public_text_approve": lambda cast, role, name: _pending_text(
        cast, role, name, publish_only=True
    ),
    "committees:public_text_decline": _pending_text,
    "procedures:procedure_public_title": lambda cast, role, name: _by_procedure(
        cast, role, name, edit=True
    ),
    "meetings:calendar": lambda cast, role, name: [Request(reverse(name), _signed_in(role))],
    "calendar_feed": _calendar_feed,
    "public:district": lambda cast, role, name: [
        Request(reverse(name, args=["westport"]), 200),
        Request(reverse(name, args=["millbrook"]), 200),
        Request(reverse(name, args=["nowhere"]), 404),
    ],
    "public:meetings_ics": lambda cast, role, name: [
        Request(reverse(name, args=["westport"]), 200),
        Request(reverse(name, args=["millbrook"]), 200),
    ],
    "public:meeting": _public_meetings,
    "notifications:settings": lambda cast, role, name: [Request(reverse(name), _signed_in(role))],
    "publishing:updates": _committee_lists,
    "publishing:update_new": _meeting_list_pages,
    "publishing:update": _by_update,
    "publishing:update_edit": lambda cast, role, name: _by_update(
        cast, role, name, cap=_edit_right
    ),
    "publishing:update_translation": lambda cast, role, name: [
        Request(reverse(name, args=[update.pk, "es"]), expected)
        for update, expected in zip(
            cast.updates.values(),
            (r.expected for r in _by_update(cast, role, "publishing:update", cap=_edit_right)),
            strict=True,
        )
    ],
    "procedures:procedures": _committee_lists,
    "procedures:procedure_new": _procedure_new,
    "procedures:procedure": _by_procedure,
    "procedures:procedure_version": lambda cast, role, name: _by_procedure(
        cast, role, name, edit=True
    ),
    "procedures:procedure_review": lambda cast, role, name: _by_procedure(
        cast, role, name, edit=True, method="post"
    ),
    "procedures:procedure_copy": _by_procedure,
    # A GET answers with the download button; a POST records the copy and sends the file.
    "procedures:procedure_export": lambda cast, role, name: [
        Request(r.url, r.expected, method)
        for fmt in ("pdf", "txt")
        for method in ("get", "post")
        for r in _by_procedure(cast, role, name, args=[fmt])
    ],
    "procedures:procedure_copies": _district_overview,
    "audit:trail": _audit_trail,
    "audit:trail_csv": _audit_trail,
    "incidents:drill_overview": lambda cast, role, name: [Request(reverse(name), _signed_in(role))],
    "incidents:school_calendar": _district_overview,
    "incidents:drills": _school_pages,
    "incidents:drill_new": lambda cast, role, name: _school_pages(
        cast,
        role,
        name,
        method="post",
        data={"kind": "fire", "planned_for": "2026-12-09", "visibility": "committee"},
    ),
    "incidents:drill": _by_drill,
    "incidents:drill_held": lambda cast, role, name: _by_drill(
        cast, role, name, method="post", data={"held_at": "2026-11-10T10:00"}
    ),
    "incidents:drill_observer": lambda cast, role, name: _by_drill(
        cast, role, name, method="post", data={"name": "Capt. Lee", "role": "Fire marshal"}
    ),
    "incidents:drill_problem": lambda cast, role, name: _by_drill(
        cast, role, name, method="post", data={"description": "Door stuck"}
    ),
    "incidents:drill_problem_follow_up": _drill_problems,
    "incidents:report": lambda cast, role, name: [Request(reverse(name), _signed_in(role))],
    "incidents:mine": lambda cast, role, name: [Request(reverse(name), _signed_in(role))],
    "incidents:queue": _committee_lists,
    "incidents:detail": _by_incident,
    "incidents:status": lambda cast, role, name: _by_incident(
        cast, role, name, method="post", data=lambda c: {"status": "triaged", "note": "Seen"}
    ),
    "incidents:triage": lambda cast, role, name: _by_incident(
        cast, role, name, method="post", data=lambda c: {"committee": c.pk, "note": "Ours"}
    ),
    "incidents:follow_up": lambda cast, role, name: _by_incident(
        cast, role, name, method="post", data=lambda c: {"title": "Repaint the lot lines"}
    ),
    "incidents:share": lambda cast, role, name: _by_incident(
        cast, role, name, method="post", data=lambda c: {"person": cast.outsider.pk}
    ),
    # The share case above shared each incident of Westport with the outsider, so a
    # manager stops it (302); Millbrook's could not be shared with him (404).
    "incidents:unshare": lambda cast, role, name: [
        Request(
            reverse(name, args=[incident.pk, cast.outsider.pk]),
            (302 if incident.committee.district_id == cast.district.pk else 404)
            if r.expected == 302 and role != "anonymous"
            else r.expected,
            "post",
        )
        for incident, r in zip(
            cast.incidents.values(),
            _by_incident(cast, role, "incidents:share", method="post"),
            strict=True,
        )
    ],
    "incidents:concerns": lambda cast, role, name: (
        _committee_lists(cast, role, name) + _committee_lists(cast, role, name, "?status=addressed")
    ),
    "incidents:concern": _by_concern,
    "incidents:concern_status": lambda cast, role, name: _by_concern(
        cast, role, name, method="post", data=lambda c: {"status": "under_review", "note": "Seen"}
    ),
    "incidents:concern_triage": lambda cast, role, name: _by_concern(
        cast, role, name, method="post", data=lambda c: {"committee": c.pk, "note": "Ours"}
    ),
    "incidents:concern_follow_up": lambda cast, role, name: _by_concern(
        cast, role, name, method="post", data=lambda c: {"title": "Fix the front gate"}
    ),
    "public:concern": _public_concern,
    "public:concern_status": _public_concern_status,
    "incidents:drill_report": _drill_report,
    "incidents:district_drill_report": _district_drill_report,
    "publishing:update_publish": _publish_fresh,
    "publishing:update_withdraw": _withdraw_fresh,
    "public:update": _public_updates,
    "public:building": lambda cast, role, name: [
        Request(reverse(name, args=["westport", "high"]), 200),
        Request(reverse(name, args=["westport", "middle"]), 200),
        Request(reverse(name, args=["westport", "mhs"]), 404),
        Request(reverse(name, args=["millbrook", "mhs"]), 200),
    ],
    "public:district_feed": lambda cast, role, name: [
        Request(reverse(name, args=["westport"]), 200),
        Request(reverse(name, args=["nowhere"]), 404),
    ],
    "public:subscribe": lambda cast, role, name: [
        Request(reverse(name, args=["westport"]), 200),
        Request(reverse(name, args=["westport"]), 200, "post", {"email": "x@example.org"}),
        Request(reverse(name, args=["nowhere"]), 404),
    ],
    "public:subscription_confirm": lambda cast, role, name: [
        Request(reverse(name, args=["westport", "not-a-token"]), 200)
    ],
    "public:unsubscribe": lambda cast, role, name: [
        Request(reverse(name, args=["westport", "not-a-token"]), 200),
        Request(reverse(name, args=["westport", "not-a-token"]), 200, "post"),
    ],
    "public:building_feed": lambda cast, role, name: [
        Request(reverse(name, args=["westport", "high"]), 200),
        Request(reverse(name, args=["millbrook", "high"]), 404),
    ],
}


def _url_names(patterns, namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _url_names(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern):
            yield (
                f"{namespace}{entry.name}"
                if entry.name
                else f"{namespace}<unnamed {entry.pattern}>"
            )


def test_every_url_is_classified():
    names = set(_url_names(get_resolver().url_patterns))
    unclassified = {n for n in names if n not in CASES and not n.startswith("admin:")}
    assert unclassified == set(), "add these URLs to the permission matrix"


def _body(response) -> str:
    """What the reader gets, streamed (files, exports) or not; a PDF's text as well.

    A PDF's page streams are compressed, so a canary would not show in its bytes:
    the text of its pages and its metadata are read out with pypdf. An iCal feed
    folds long lines, which could split a canary: it is read unfolded.
    """
    content = b"".join(response.streaming_content) if response.streaming else response.content
    body = content.decode(errors="replace")
    if response.get("Content-Type", "").startswith("application/pdf"):
        body += "\n" + pdf_text(content)
    if response.get("Content-Type", "").startswith("text/calendar"):
        body += "\n" + body.replace("\r\n ", "").replace("\\,", ",").replace("\\;", ";")
    return body


def _has_csp(response) -> bool:
    """An HTML page carries the site's Content-Security-Policy; other content may not."""
    if not response.get("Content-Type", "").startswith("text/html"):
        return True
    policy = response.get("Content-Security-Policy", "")
    script_src = next((d for d in policy.split(";") if d.strip().startswith("script-src")), "")
    return "script-src 'self'" in policy and "unsafe-inline" not in script_src


def pdf_text(content: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(content))
    parts = [page.extract_text() for page in reader.pages]
    parts += [str(value) for value in (reader.metadata or {}).values()]
    return "\n".join(parts)


def _leaks(cast: Cast, role: str, body: str) -> list[str]:
    return [
        canary
        for canary, (committee_name, level) in cast.canaries.items()
        if canary in body and not may_see(role, committee_name, level)
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_every_role_against_every_url(role, cast, login):
    client = login(None if role == "anonymous" else cast.people[role])
    failures = []
    for name, build in CASES.items():
        for request in build(cast, role, name):
            response = getattr(client, request.method)(request.url, request.data)
            body = _body(response)
            if response.status_code != request.expected:
                failures.append(
                    f"{request.method.upper()} {request.url}: "
                    f"{response.status_code}, expected {request.expected}"
                )
            leaked = _leaks(cast, role, body)
            if leaked:
                failures.append(f"{request.url} leaked {leaked} to {role}")
            if not _has_csp(response):
                failures.append(f"{request.method.upper()} {request.url}: no CSP on an HTML page")
            if role != "anonymous" and response.status_code == 200 and name != "logout":
                assert "private" in response.get("Cache-Control", ""), request.url
            if name == "logout":
                client = login(None if role == "anonymous" else cast.people[role])
    assert failures == [], "\n".join(failures)


def _admin_urls():
    urls = [reverse("admin:index")]
    for model in admin_site._registry:
        info = (model._meta.app_label, model._meta.model_name)
        urls.append(reverse("admin:{}_{}_changelist".format(*info)))
    return urls


ADMIN_ROLES = {"district_admin", "other_admin"}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_the_admin_shows_each_role_only_its_district(role, cast, login):
    client = login(None if role == "anonymous" else cast.people[role])
    for url in _admin_urls():
        response = client.get(url)
        body = _body(response)
        if role in ADMIN_ROLES:
            assert response.status_code in (200, 403), url
            assert _has_csp(response), url
        else:
            assert response.status_code == 302, url
            assert "/admin/login/" in response["Location"]
        assert _leaks(cast, role, body) == [], url
