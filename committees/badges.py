"""A record's level as its badge, labelled wherever its content is shown: on a detail
page through the ``{% visibility_badge %}`` tag, on a list's rows written in Python
(safety_portal/markup.py) by calling it."""

import functools

from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext, gettext_lazy

from committees.models import Level

_EXPLAINED = {
    Level.PUBLIC: gettext_lazy("anyone may read it once published"),
    Level.COMMITTEE: gettext_lazy("for committee members only"),
    Level.RESTRICTED: gettext_lazy("for cleared members only: do not share"),
}


def visibility_badge(level: str) -> str:
    """The record's level, labelled wherever its content is shown."""
    return _badge(Level(level), translation.get_language())


@functools.lru_cache(maxsize=64)
def _badge(level: Level, language: str | None) -> str:
    """Made once per level and language: a list shows one on every row."""
    return format_html(
        '<span class="badge badge-{}" title="{}"><span class="visually-hidden">{} </span>{}</span>',
        level.value,
        _EXPLAINED[level],
        gettext("Visibility:"),
        level.label,
    )
