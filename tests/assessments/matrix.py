"""The permission matrix's cases of the assessments app (tests/test_permission_matrix.py).

An assessment's date, status and assessors are the committee's; its checklist, answers,
findings and exports are for the cleared; writing them is for those who record the
committee's work and are cleared; action items and milestones from a finding for those
who assign the committee's items. The district's checklists are its administrators'.
"""

from django.urls import reverse

from committees.models import Level
from tests.conftest import Cast, may_see
from tests.matrix import (
    COMMITTEES,
    Builder,
    Request,
    committee_lists,
    manage_status,
    record_status,
    view_status,
)


def _record(role: str, committee_name: str) -> int:
    """Record the committee's assessments: record its work and be cleared."""
    expected = record_status(role, committee_name)
    if expected == 200 and not may_see(role, committee_name, Level.RESTRICTED):
        return 403
    return expected


def _plan(cast: Cast, role: str, name: str) -> list[Request]:
    requests = []
    for c in COMMITTEES:
        expected = _record(role, c)
        if expected == 200 and getattr(cast, c).building_id is None:
            expected = 403  # a district-wide committee holds no school's assessment
        requests.append(Request(reverse(name, args=[getattr(cast, c).pk]), expected))
    return requests


def _by_assessment(cast, role, name, *, then=None, which=("completed", "in_progress"), args=()):
    """Each assessment: seen by the committee (else 404), then ``then(role, committee)``."""
    requests = []
    for c, assessments in cast.assessments.items():
        for key in which:
            expected = view_status(role, c, Level.COMMITTEE)
            if expected == 200 and then is not None:
                expected = then(role, c, key)
            url = reverse(name, args=[assessments[key].pk, *args])
            requests.append(Request(url, expected))
    return requests


def _cleared(role: str, c: str, _key: str = "") -> int:
    return 200 if may_see(role, c, Level.RESTRICTED) else 403


def _answering(role: str, c: str, key: str) -> int:
    expected = _record(role, c)
    return 403 if expected == 200 and key == "completed" else expected


def _posted(requests: list[Request]) -> list[Request]:
    return [Request(r.url, 302 if r.expected == 200 else r.expected, "post") for r in requests]


def _by_finding(cast, role, name, *, then=None, method="get"):
    """Each finding: restricted (else 404), then ``then(role, committee)``."""
    requests = []
    for c, findings in cast.findings.items():
        for finding in findings.values():
            expected = view_status(role, c, Level.RESTRICTED)
            if expected == 200 and then is not None:
                expected = then(role, c)
            if expected == 200 and method == "post":
                expected = 302
            requests.append(Request(reverse(name, args=[finding.pk]), expected, method))
    return requests


def _admins(role: str, *, post=False) -> int:
    if role == "anonymous":
        return 302
    if role not in ("district_admin", "other_admin"):
        return 403
    return 302 if post else 200


def _templates_page(cast, role, name, *, post=False):
    return [Request(reverse(name), _admins(role, post=post), "post" if post else "get")]


def _by_template(cast, role, name, *, questions=False, post=False):
    """Westport's checklist (or one of its questions): its administrator only; another
    district's administrator finds nothing."""
    template = cast.assessments["high"]["completed"].template
    target = template.questions.first() if questions else template
    expected = _admins(role, post=post)
    if role == "other_admin":
        expected = 404
    return [Request(reverse(name, args=[target.pk]), expected, "post" if post else "get")]


# URL name -> the requests to make for a role, each with the status it must get.
CASES: dict[str, Builder] = {
    "assessments:list": committee_lists,
    "assessments:plan": _plan,
    "assessments:assessment": _by_assessment,
    "assessments:assessor_add": lambda cast, role, name: _by_assessment(
        cast, role, name, then=lambda r, c, _k: _record(r, c)
    ),
    "assessments:answer": lambda cast, role, name: [
        *_by_assessment(cast, role, name, then=_answering, args=["entrances"]),
        *_by_assessment(cast, role, name, then=lambda r, c, k: 404, args=["nowhere"]),
    ],
    "assessments:complete": lambda cast, role, name: _posted(
        _by_assessment(cast, role, name, then=lambda r, c, _k: _record(r, c))
    ),
    # A GET answers with the download button; a POST records the copy and sends the file.
    "assessments:export": lambda cast, role, name: [
        *_by_assessment(cast, role, name, then=_cleared, args=["pdf"]),
        *[
            Request(r.url, r.expected, "post")
            for fmt in ("pdf", "txt")
            for r in _by_assessment(cast, role, name, then=_cleared, args=[fmt])
        ],
    ],
    "assessments:finding": _by_finding,
    "assessments:finding_edit": lambda cast, role, name: _by_finding(
        cast, role, name, then=record_status
    ),
    "assessments:finding_label": lambda cast, role, name: _by_finding(
        cast, role, name, then=record_status
    ),
    "assessments:finding_item": lambda cast, role, name: _by_finding(
        cast, role, name, then=manage_status
    ),
    "assessments:finding_milestone": lambda cast, role, name: _by_finding(
        cast, role, name, then=manage_status
    ),
    "assessments:templates": _templates_page,
    "assessments:template_start": lambda cast, role, name: _templates_page(
        cast, role, name, post=True
    ),
    "assessments:template": _by_template,
    "assessments:question_add": _by_template,
    "assessments:question_edit": lambda cast, role, name: _by_template(
        cast, role, name, questions=True
    ),
    "assessments:question_remove": lambda cast, role, name: _by_template(
        cast, role, name, questions=True, post=True
    ),
}
