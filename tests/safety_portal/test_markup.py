"""Rows and menus written in Python read, byte for byte, as Django writes them."""

import pytest
from django.template import engines
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy

from safety_portal import markup

ROW = '<tr data-x="{x}"><td>{text}</td><td>{html}</td><td>{n}</td></tr>\n'
AWKWARD = [
    "Siobhan O'Brien",
    '<script>alert("x")</script> & co',
    "Fire drill · señal",
    gettext_lazy("Overdue"),
    None,
    42,
]


@pytest.mark.parametrize("value", AWKWARD)
def test_rows_write_what_format_html_join_writes(value):
    values = [
        {"x": value, "text": value, "html": mark_safe("<b>kept</b>"), "n": 7},
        {"x": "plain", "text": "", "html": format_html("<i>{}</i>", value), "n": value},
    ]
    written = markup.rows(ROW, values)
    assert written == format_html_join("", ROW, values)
    assert isinstance(written, SafeString)
    assert "<script>" not in written
    assert "<b>kept</b>" in written


def test_no_rows_write_nothing():
    assert markup.rows(ROW, []) == ""


MENU = engines["django"].from_string(
    '{% for value, label in choices %}<option value="{{ value }}"'
    "{% if chosen == value %} selected{% endif %}>{{ label }}</option>{% endfor %}"
)
CHOICES = [(1, "Ana O'Neil"), (2, "<b>Bo</b> & Co"), (30, "Cy")]


@pytest.mark.parametrize("chosen", [None, 2, 30, "2", ""])
def test_options_write_what_the_template_wrote(chosen):
    written = markup.options(CHOICES, chosen)
    assert written == MENU.render({"choices": CHOICES, "chosen": chosen})
    assert written.count(" selected") == (1 if chosen in (2, 30) else 0)


def test_options_mark_the_chosen_word_among_words():
    written = markup.options([("open", "Open"), ("done", "Done")], "done")
    assert written == (
        '<option value="open">Open</option><option value="done" selected>Done</option>'
    )
