"""Where feature apps add to the core's pages, so that the core imports none of them.

A feature appends to these lists in its ``AppConfig.ready()``, as it adds its
restricted text to ``redaction.RESTRICTED_TEXT`` and its public texts to
``services.public_text.KINDS``. This module imports no model.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class CommitteeLink:
    """A link in a committee page's menu to a feature's page for that committee."""

    label: str
    url_name: str  # reversed with the committee's pk


@dataclass(frozen=True)
class PublicSection:
    """A section of a district's public page: its template and what it reads.

    ``data(district)`` must read public records only; the template finds it as ``data``.
    The public API (publishing/api.py) answers with ``api(data)`` under ``name``: what
    the template shows of ``data``, as JSON, and nothing more.
    """

    template: str
    data: Callable[[object], dict]
    name: str = ""
    api: Callable[[dict], object] | None = None


@dataclass(frozen=True)
class SchoolFigures:
    """Figures on a school's public page, after its committees' progress.

    ``data(district, committee_ids)`` must read public aggregates only (counts, never a
    record); the template finds it as ``data``, next to the page's ``threshold``. The
    public API (publishing/api.py) answers with ``api(data, threshold)`` under ``name``:
    what the template shows, as JSON (a count under the threshold stays hidden).
    """

    template: str
    data: Callable[[object, list[int]], dict]
    name: str = ""
    api: Callable[[dict, int], object] | None = None


@dataclass(frozen=True)
class CommitteePanel:
    """A section of a committee's page from a feature: its template and what it reads.

    ``data(user, committee)`` must read through the gate as ``user``, in a fixed number of
    queries; the template finds it as ``data``, next to the page's ``committee``.
    """

    template: str
    data: Callable[[object, object], dict]


COMMITTEE_LINKS: list[CommitteeLink] = []
COMMITTEE_PANELS: list[CommitteePanel] = []
DISTRICT_PUBLIC_SECTIONS: list[PublicSection] = []
SCHOOL_PUBLIC_FIGURES: list[SchoolFigures] = []
