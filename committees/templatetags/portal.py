import functools

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from django.utils.html import format_html

from committees.models import Level

register = template.Library()

_EXPLAINED = {
    Level.PUBLIC: "anyone may read it once published",
    Level.COMMITTEE: "for committee members only",
    Level.RESTRICTED: "for cleared members only: do not share",
}


@register.simple_tag
def visibility_badge(level: str):
    """The record's level, labelled wherever its content is shown."""
    level = Level(level)
    return format_html(
        '<span class="badge badge-{}" title="{}"><span class="visually-hidden">Visibility: '
        "</span>{}</span>",
        level.value,
        _EXPLAINED[level],
        level.label,
    )


@register.filter
def label(record, field_name: str) -> str:
    """The label of a choice field's value, ``{{ item|label:"status" }}``: what
    ``get_status_display`` gives, from a table made once per language (Django builds it
    again on every call, a fifth of a 50-row list's time)."""
    value = getattr(record, field_name)
    return _labels(type(record), field_name, translation.get_language()).get(value, value)


@functools.cache
def _labels(model, field_name: str, language: str | None) -> dict:
    """The field's labels in ``language`` (the active one, which the key names)."""
    return {value: str(label) for value, label in model._meta.get_field(field_name).flatchoices}


@register.simple_tag(takes_context=True)
def language_links(context):
    """(code, name, this page's address in that language, current) for each language."""
    request = context["request"]
    current = translation.get_language()
    return [
        (code, name, translate_url(request.get_full_path(), code), code == current)
        for code, name in settings.LANGUAGES
    ]
