"""The committee page's panel of open action items, its rows made in Python.

The read is the selector's (``selectors.committee_items``, through the gate); the words,
dates and addresses of each row are made here and written into the row's HTML, as the
action-item list's rows are (list_views.py).
"""

from django.utils.html import format_html
from django.utils.translation import gettext as _

from committees.badges import visibility_badge
from followups import selectors
from followups.models import ActionItem
from safety_portal import choices, documents, markup, paths
from safety_portal.phrases import fill

# An open item's line, its values escaped into it (safety_portal/markup.py).
ROW_HTML = (
    '<li data-visibility="{level}"><a href="{url}">{title}</a> {badge} '
    '<span class="muted">{status}{assignee}{due}</span></li>\n'
)


def committee_items(user, committee) -> dict:
    """The panel's data: the selector's, each open item written as its line shows it
    (its status, its assignee's name, "due <date>", and whether it is late)."""
    data = selectors.committee_items(user, committee)
    today, status = data["today"], choices.labels(ActionItem, "status")
    overdue = format_html(" <strong>{}</strong>", _("(overdue)"))
    rows = []
    for item in data.pop("items"):
        due = ""
        if item.due_date:
            due = format_html(
                " · {}{}",
                fill(_("due %(date)s"), date=documents.written(item.due_date, "DATE_FORMAT")),
                overdue if item.is_overdue(today) else "",
            )
        rows.append(
            {
                "url": paths.path_to("followups:action_item", item.pk),
                "title": item.title,
                "level": item.visibility,
                "badge": visibility_badge(item.visibility),
                "status": status.get(item.status, item.status),
                "assignee": f" · {item.assignee.display_name}" if item.assignee else "",
                "due": due,
            }
        )
    data["rows"] = markup.rows(ROW_HTML, rows)
    return data
