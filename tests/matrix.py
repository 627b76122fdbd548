"""The permission matrix's shared rules: who may manage, view, record; the request shape.

Each feature's cases live in tests/<app>/matrix.py and use these; the matrix
(tests/test_permission_matrix.py) merges their CASES and runs them.
"""

import io
from collections.abc import Callable
from dataclasses import dataclass, field

import pypdf
from django.urls import reverse

from committees.models import Level
from tests.conftest import MANAGERS, Cast, may_see

COMMITTEES = ["high", "middle", "district_wide", "other_committee"]


@dataclass
class Request:
    url: str
    expected: int
    method: str = "get"
    data: dict = field(default_factory=dict)


def manage_status(role: str, committee_name: str) -> int:
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


def view_status(role: str, committee_name: str, level: str) -> int:
    if role == "anonymous":
        return 302
    return 200 if may_see(role, committee_name, level) else 404


def signed_in_status(role: str) -> int:
    return 302 if role == "anonymous" else 200


def committee_pages(cast: Cast, role: str, name: str) -> list[Request]:
    return [
        Request(reverse(name, args=[getattr(cast, c).pk]), manage_status(role, c))
        for c in COMMITTEES
    ]


def committee_lists(cast: Cast, role: str, name: str, query: str = ""):
    return [
        Request(
            reverse(name, args=[getattr(cast, c).pk]) + query, view_status(role, c, Level.COMMITTEE)
        )
        for c in COMMITTEES
    ]


def record_status(role: str, committee_name: str) -> int:
    """Recording meetings: the managers, and the secretary of the high school committee."""
    expected = manage_status(role, committee_name)
    if expected == 403 and committee_name == "high" and role == "secretary":
        return 200
    return expected


def record_pages(cast: Cast, role: str, name: str):
    return [
        Request(reverse(name, args=[getattr(cast, c).pk]), record_status(role, c))
        for c in COMMITTEES
    ]


def district_admin_pages(cast: Cast, role: str, name: str):
    if role == "anonymous":
        return [Request(reverse(name), 302)]
    return [Request(reverse(name), 200 if role in ("district_admin", "other_admin") else 403)]


# URL name -> the requests to make for a role, each with the status it must get.
Builder = Callable[[Cast, str, str], list[Request]]


# --- the API (/api/v1/): a signed-in person's rights, JSON answers ----------------------


def api_status(role: str, page_status: int) -> int:
    """What the API answers where a page would answer ``page_status``: the anonymous are
    asked for a token (401, no sign-in page to send them to); the rest as on the pages."""
    return 401 if role == "anonymous" else page_status


def api_lists(cast: Cast, role: str, name: str) -> list[Request]:
    return [Request(reverse(name), api_status(role, 200))]


def sees_committee(role: str, committee_name: str) -> bool:
    return role != "anonymous" and view_status(role, committee_name, Level.COMMITTEE) == 200


def api_committee_lists(cast: Cast, role: str, name: str, seen=sees_committee):
    """Everything the reader may see, then narrowed to each committee: one the reader may
    not name is refused exactly as one that does not exist (400, the same message)."""
    requests = api_lists(cast, role, name)
    for c in COMMITTEES:
        ok = role != "anonymous" and seen(role, c)
        url = f"{reverse(name)}?committee={getattr(cast, c).pk}"
        requests.append(Request(url, api_status(role, 200 if ok else 400)))
    requests.append(Request(f"{reverse(name)}?committee=999999", api_status(role, 400)))
    return requests


def api_read_only(url: str, role: str, methods=("put", "patch", "delete")) -> list[Request]:
    """Methods a read-only address does not answer: 405 for whoever is signed in."""
    return [Request(url, api_status(role, 405), method) for method in methods]


# --- what a reader gets, and what they must not see in it --------------------------------


def reader_text(response) -> str:
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


def pdf_text(content: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(content))
    parts = [page.extract_text() for page in reader.pages]
    parts += [str(value) for value in (reader.metadata or {}).values()]
    return "\n".join(parts)


def leaks(cast: Cast, role: str, body: str) -> list[str]:
    """The canaries in ``body`` that ``role`` may not see."""
    return [
        canary
        for canary, (committee_name, level) in cast.canaries.items()
        if canary in body and not may_see(role, committee_name, level)
    ]
