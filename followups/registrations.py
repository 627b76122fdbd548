"""How follow-ups join the core's registries, called once from ``FollowupsConfig.ready()``.

The core (committees) imports nothing of this app: its redaction guard, its four-eyes
public texts and its committee page each keep a registry that features append to.
"""

from committees import hooks, redaction, webhooks
from committees.access import Cap
from committees.models import PublicTextChange
from committees.services import public_text
from followups import panels, selectors
from followups.api import ActionItemSerializer
from followups.models import Milestone
from followups.services import WEBHOOK_EVENTS
from notifications import registry as outbox

MILESTONE_TITLE = public_text.PublicText(
    model=Milestone,
    fields=("public_title",),
    propose_cap=Cap.ASSIGN_ACTION_ITEMS,
    current=lambda milestone, _lang: public_text.texts_of(milestone, "public_title"),
    apply=public_text.apply_public_title,
    page=("followups:plan", lambda record: record.plan_id),
    level=lambda milestone: milestone.visibility,
)
LINKS = (
    hooks.CommitteeLink(label="All action items", url_name="followups:items"),
    hooks.CommitteeLink(label="Improvement plans", url_name="followups:plans"),
)
PANEL = hooks.CommitteePanel("followups/includes/committee_items.html", panels.committee_items)


def _add(registry: list, *entries) -> None:
    for entry in entries:
        if entry not in registry:
            registry.append(entry)


def action_item_told(item, account) -> dict:
    """A webhook's word on an action item: what ``GET /api/v1/action-items/<id>/`` answers."""
    return webhooks.told(
        item, account, kind="action_item", fields=lambda i: dict(ActionItemSerializer(i).data)
    )


def register() -> None:
    for event in WEBHOOK_EVENTS.values():
        outbox.webhook_register(event=event, build=action_item_told)
    _add(redaction.RESTRICTED_TEXT, selectors.restricted_items, selectors.restricted_milestones)
    public_text.KINDS[PublicTextChange.Kind.MILESTONE] = MILESTONE_TITLE
    _add(hooks.COMMITTEE_LINKS, *LINKS)
    _add(hooks.COMMITTEE_PANELS, PANEL)
