"""How the compliance calendar joins the core's registries, called once from
``ComplianceConfig.ready()``: a link and a panel ("Next assessment due") on a committee's
page."""

from committees import hooks
from compliance import selectors

LINK = hooks.CommitteeLink(label="Compliance calendar", url_name="compliance:calendar")
PANEL = hooks.CommitteePanel("compliance/includes/committee_panel.html", selectors.committee_panel)


def register() -> None:
    if LINK not in hooks.COMMITTEE_LINKS:
        hooks.COMMITTEE_LINKS.append(LINK)
    if PANEL not in hooks.COMMITTEE_PANELS:
        hooks.COMMITTEE_PANELS.append(PANEL)
