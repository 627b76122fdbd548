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
    """

    template: str
    data: Callable[[object], dict]


COMMITTEE_LINKS: list[CommitteeLink] = []
DISTRICT_PUBLIC_SECTIONS: list[PublicSection] = []


@dataclass(frozen=True)
class PageLink:
    """A link at the top of "My committees" to a feature's page for the signed-in person."""

    label: str
    url_name: str  # reversed with no arguments


@dataclass(frozen=True)
class CardPanel:
    """A panel on each committee's card of "My committees": its template and what it reads.

    ``data(user, committee_ids)`` reads for all the cards at once, in a fixed number of
    queries, through the gate, and returns ``{committee id: what its panel shows}``; the
    template finds its committee's as ``data``.
    """

    template: str
    data: Callable[[object, list[int]], dict]


MY_COMMITTEES_LINKS: list[PageLink] = []
COMMITTEE_CARD_PANELS: list[CardPanel] = []
