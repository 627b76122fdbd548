"""A row's address by its id: the same address ``reverse`` gives, at a fraction of the cost."""

import pytest
from django.template import engines
from django.urls import NoReverseMatch, get_resolver, resolve, reverse, set_script_prefix
from django.urls.converters import IntConverter
from django.utils import translation

from safety_portal.paths import has_addresses_per_language, path_to


def _names_taking_ids(count: int = 1):
    """Every named pattern of the site whose arguments are ``count`` integer ids."""
    root = get_resolver()
    resolvers = [("", root)] + [(f"{ns}:", sub) for ns, (_p, sub) in root.namespace_dict.items()]
    found = set()
    for prefix, resolver in resolvers:
        for name, shapes in resolver.reverse_dict.lists():
            for _bits, _pattern, _defaults, converters in shapes:
                kinds = list(converters.values())
                ids = all(isinstance(kind, IntConverter) for kind in kinds)
                if isinstance(name, str) and len(kinds) == count and ids:
                    found.add(prefix + name)
    return sorted(found)


def test_every_page_of_one_record_gets_the_address_reverse_gives():
    names = _names_taking_ids()
    assert len(names) > 50
    assert {"followups:action_item", "incidents:drill", "meetings:list"} <= set(names)
    for name in names:
        for pk in (1, 42, 1234567):
            assert path_to(name, pk) == reverse(name, args=[pk]), name


def test_every_page_of_a_record_within_another_gets_the_address_reverse_gives():
    names = _names_taking_ids(2)
    assert {"committees:member_change", "committees:member_remove"} <= set(names)
    for name in names:
        for ids in ((1, 2), (42, 42), (1234567, 9)):
            assert path_to(name, *ids) == reverse(name, args=ids), name


def test_the_address_follows_the_script_prefix_and_the_language():
    try:
        set_script_prefix("/district-portal/")
        assert path_to("meetings:meeting", 7) == "/district-portal/committees/meetings/7/"
    finally:
        set_script_prefix("/")
    assert path_to("meetings:meeting", 7) == "/committees/meetings/7/"
    with translation.override("es"):
        assert path_to("meetings:meeting", 7) == reverse("meetings:meeting", args=[7])


def test_a_pattern_that_takes_no_single_id_is_refused():
    with pytest.raises(NoReverseMatch):
        path_to("portal:mine", 3)
    with pytest.raises(NoReverseMatch):
        path_to("incidents:drill_report", 3)
    with pytest.raises(NoReverseMatch):
        path_to("followups:action_item", 3, 4)
    with pytest.raises(ValueError):
        path_to("followups:action_item")


def test_the_visibility_badge_speaks_the_readers_language_each_time():
    badge = engines["django"].from_string("{% load portal %}{% visibility_badge 'restricted' %}")
    with translation.override("en"):
        english = badge.render({})
    with translation.override("es"):
        spanish = badge.render({})
    with translation.override("en"):
        again = badge.render({})
    assert "Visibility:" in english and "Visibilidad:" in spanish
    assert again == english
    assert 'class="badge badge-restricted"' in spanish


def test_only_the_public_pages_have_an_address_in_each_language():
    assert has_addresses_per_language(resolve(reverse("public:district", args=["westport"])))
    with translation.override("es"):
        spanish = reverse("public:building", args=["westport", "staples-high"])
        assert spanish.startswith("/es/public/")
        assert has_addresses_per_language(resolve(spanish))
    for private in (reverse("today"), reverse("home"), reverse("login")):
        assert not has_addresses_per_language(resolve(private))
    assert not has_addresses_per_language(None)  # nothing matched: a page not found
