"""The committee page's panel of open action items, its rows made in Python.

The read is the selector's (``selectors.committee_items``, through the gate); the words,
dates and addresses of each row are made here, so the template only places them, as the
action-item list's rows are (list_views.py).
"""

from django.utils.translation import gettext as _

from followups import selectors
from followups.models import ActionItem
from safety_portal import choices, documents, paths
from safety_portal.phrases import fill


def committee_items(user, committee) -> dict:
    """The panel's data: the selector's, each open item given as its row shows it (its
    status, its assignee's name, "due <date>", and whether it is late)."""
    data = selectors.committee_items(user, committee)
    today, status = data["today"], choices.labels(ActionItem, "status")
    data["rows"] = [
        {
            "url": paths.path_to("followups:action_item", item.pk),
            "title": item.title,
            "level": item.visibility,
            "status": status.get(item.status, item.status),
            "assignee": item.assignee.display_name if item.assignee else "",
            "due": fill(_("due %(date)s"), date=documents.written(item.due_date, "DATE_FORMAT"))
            if item.due_date
            else "",
            "overdue": item.is_overdue(today),
        }
        for item in data.pop("items")
    ]
    return data
