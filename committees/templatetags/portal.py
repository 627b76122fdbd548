import functools

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import translate_url
from django.utils import translation

from committees import access
from committees.access import Cap
from committees.badges import visibility_badge
from safety_portal import choices, documents, paths

register = template.Library()

# The record's level, labelled wherever its content is shown.
register.simple_tag(visibility_badge)


@register.simple_tag
def path_to(name: str, *ids: int) -> str:
    """``{% url name pk %}`` (or ``{% url name committee.pk m.pk %}``) for a row of a
    list: the same address, at a fraction of the cost (safety_portal.paths)."""
    return paths.path_to(name, *ids)


@register.simple_tag(takes_context=True)
def member_nav(context) -> str:
    """The signed-in reader's links in the site's menu: the same for every reader of a
    kind (a district administrator, a superuser, anyone else) in a language, so made once
    per process for each. Rendered on every page, its fourteen ``{% url %}`` and their
    words took about half a millisecond (a twentieth of a short list page); the key is
    everything ``reverse`` reads besides the name (``paths.addresses_key``)."""
    user = context["user"]
    return _member_nav(paths.addresses_key(), bool(user.is_district_admin), bool(user.is_superuser))


@functools.lru_cache(maxsize=64)
def _member_nav(addresses: tuple, district_admin: bool, superuser: bool) -> str:
    return render_to_string(
        "includes/nav_member.html", {"district_admin": district_admin, "superuser": superuser}
    )


@register.filter
def label(record, field_name: str) -> str:
    """The label of a choice field's value, ``{{ item|label:"status" }}``: what
    ``get_status_display`` gives, from a table made once per language
    (safety_portal.choices)."""
    value = getattr(record, field_name)
    return choices.labels(type(record), field_name).get(value, value)


@register.simple_tag(takes_context=True)
def language_choices(context) -> dict:
    """The languages, for the switcher on every page: as links where this page has an
    address in each language (the public pages, /es/..., cached for all readers, so no
    form), otherwise as buttons of one form that sets the language (set_language)."""
    links = language_links(context)
    path = context["request"].get_full_path()
    return {"links": links, "by_address": any(url != path for _, _, url, _ in links)}


@register.simple_tag(takes_context=True)
def language_links(context):
    """(code, name, this page's address in that language, current) for each language.

    Only the public pages have an address in each language; every other page keeps its
    one. Asking ``translate_url`` there resolved the path again per language, for the
    same address back: a millisecond or more of every signed-in page."""
    request = context["request"]
    current = translation.get_language()
    path = request.get_full_path()
    by_language = paths.has_addresses_per_language(request.resolver_match)
    return [
        (code, name, translate_url(path, code) if by_language else path, code == current)
        for code, name in settings.LANGUAGES
    ]


@register.inclusion_tag("committees/includes/restricted_note.html", takes_context=True)
def restricted_note(context, committee, meeting=None):
    """To a member who does not see the committee's restricted records: the same note on
    every page of the committee, whether or not anything is hidden (never how much); and
    on an executive session's page, that its full record is not theirs. Read from the
    reader's scope, known already: no query."""
    scope = access.scope_for(context["request"].user)
    uncleared = scope.has(Cap.VIEW, committee.pk) and not scope.has(
        Cap.VIEW_RESTRICTED, committee.pk
    )
    executive = meeting is not None and meeting.kind == "executive"
    return {"uncleared": uncleared, "executive": uncleared and executive}


@register.filter(expects_localtime=True)
def as_date(value, name: str) -> str:
    """A date or time the reader's way, with a weekday or a time zone where the page
    wants one (Django's format names have neither): ``{{ meeting.starts_at|as_date:"when" }}``
    reads "Tuesday, December 8, 2026, 7:00 PM EST" and "martes, 8 de diciembre de 2026,
    19:00 EST". The names are ``documents.PATTERNS``; each language's catalogue writes them.
    Django's format names are read too (``|as_date:"DATE_FORMAT"``), as its ``date``
    filter reads them; either way each value is written once per process and language."""
    return documents.written(value, name)
