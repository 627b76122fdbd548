"""HTML for the rows and menus of a list, made in Python as Django's admin makes its
change list's cells.

A busy list's rows are made in the view as plain dicts of words, dates and addresses
(followups/list_views.py). ``rows(ROW, dicts)`` then writes them into the row's HTML:
the same bytes as ``format_html_join("", ROW, dicts)``, every value escaped unless it is
already HTML (a badge, a phrase of ``phrases.fill``), as ``conditional_escape`` escapes.
Through the template's tags, fifty rows of eight cells were two fifths of a list page's
rendering; through ``format_html_join``, whose escaping wraps every value twice, about a
millisecond. Part of the shared kit: imports nothing of the project.
"""

import html
from collections.abc import Iterable, Mapping

from django.utils.safestring import SafeString, mark_safe


def _escaped(value) -> str:
    """``conditional_escape(value)``, without its wrappers: HTML as it is, anything else
    as its text, escaped."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def rows(format_string: str, values: Iterable[Mapping]) -> SafeString:
    """Each mapping's values escaped into ``format_string`` (``{name}`` fields), joined."""
    return mark_safe(  # noqa: S308 - every value is escaped; the format string is ours
        "".join(
            format_string.format_map({name: _escaped(value) for name, value in row.items()})
            for row in values
        )
    )


OPTION = '<option value="{value}"{selected}>{label}</option>'
_SELECTED = mark_safe(" selected")


def options(choices: Iterable[tuple], selected) -> SafeString:
    """A menu's ``<option>``s from (value, label) pairs, the one equal to ``selected``
    marked, as ``{% if chosen == value %} selected{% endif %}`` would mark it."""
    return rows(
        OPTION,
        (
            {"value": value, "selected": _SELECTED if value == selected else "", "label": label}
            for value, label in choices
        ),
    )
