"""What the follow-ups' notifications say, decided when they are sent.

Each builder declares its kind to the outbox (``@builds``) when
``FollowupsConfig.ready()`` loads this module; the gate is asked again as the
recipient (see ``committees.messages``). An item that is restricted, or held by a
restricted record, is never described: the message says that something needs
attention and links to it.
"""

from django.urls import reverse
from django.utils.translation import gettext as _

from committees import access
from committees.access import Cap
from committees.messages import builds, recipient_today, require_view
from committees.models import Level
from followups.models import ActionItem
from notifications.content import Content, Skip, attention, day
from notifications.models import Kind


def _item(row, user, item: ActionItem, *, subject: str, line: str) -> Content:
    require_view(user, item)
    link = reverse("followups:action_item", args=[item.pk])
    if access.effective_level(item) == Level.RESTRICTED:  # its own, or what holds it
        return attention(link)
    lines = [line, f"“{item.title}”"]
    if item.due_date:
        lines.append(_("Due: %(day)s") % {"day": day(item.due_date)})
    return Content(
        subject=f"{subject}: {item.title}", lines=lines, link=link, link_text=_("Open the item")
    )


def _mine_and_open(item: ActionItem, user, row) -> None:
    if item.assignee_id != user.pk:
        raise Skip("the item is no longer assigned to the person")
    if not item.is_open:
        raise Skip("the item is no longer open")
    if item.due_date is None or row.period != item.due_date.isoformat():
        raise Skip("the due date changed")


@builds(Kind.ITEM_ASSIGNED)
def item_assigned(row, user, item):
    if item.assignee_id != user.pk:
        raise Skip("the item is no longer assigned to the person")
    return _item(
        row,
        user,
        item,
        subject=_("Assigned to you"),
        line=_("An action item was assigned to you on %(committee)s.")
        % {"committee": item.committee.name},
    )


@builds(Kind.ITEM_DUE_SOON)
def item_due_soon(row, user, item):
    _mine_and_open(item, user, row)
    days = (item.due_date - recipient_today(user)).days
    if days == 1:
        line = _("This item is due tomorrow.")
    else:
        line = _("This item is due in %(days)d days.") % {"days": days}
    return _item(row, user, item, subject=_("Due soon"), line=line)


@builds(Kind.ITEM_DUE_TODAY)
def item_due_today(row, user, item):
    _mine_and_open(item, user, row)
    return _item(row, user, item, subject=_("Due today"), line=_("This item is due today."))


@builds(Kind.ITEM_OVERDUE)
def item_overdue(row, user, item):
    _mine_and_open(item, user, row)
    return _item(row, user, item, subject=_("Overdue"), line=_("This item is overdue."))


@builds(Kind.ITEM_ESCALATED)
def item_escalated(row, user, item):
    if not item.is_open or not item.due_date or row.period != item.due_date.isoformat():
        raise Skip("the item is done or its due date changed")
    if not access.can(user, Cap.ASSIGN_ACTION_ITEMS, item):
        raise Skip("the person no longer assigns this committee's items")
    days = (recipient_today(user) - item.due_date).days
    assignee = item.assignee.display_name if item.assignee else _("nobody")
    return _item(
        row,
        user,
        item,
        subject=_("Overdue for %(days)d days") % {"days": days},
        line=_("This item, assigned to %(name)s, is %(days)d days overdue.")
        % {"name": assignee, "days": days},
    )
