"""Members' Markdown is rendered through an allow-list: nothing active survives."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from committees.markdown import render

ATTACKS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<div onclick="alert(1)">x</div>',
    '<svg onload="alert(1)"></svg>',
    '<iframe src="https://evil.example"></iframe>',
    '<p style="background:url(javascript:alert(1))">x</p>',
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<a href="&#106;avascript:alert(1)">x</a>',
]


def _dangerous(html: str) -> list[str]:
    found = []
    if re.search(r"<\s*(script|iframe|svg|img|style|object|embed)", html, re.I):
        found.append("tag")
    if re.search(r"\son\w+\s*=", html, re.I):
        found.append("handler")
    if re.search(r"href\s*=\s*\"\s*(javascript|data|vbscript):", html, re.I):
        found.append("scheme")
    if re.search(r"style\s*=", html, re.I):
        found.append("style")
    return found


def test_known_attacks_are_neutralised():
    for attack in ATTACKS:
        assert _dangerous(render(attack)) == [], attack


def test_ordinary_minutes_keep_their_shape():
    html = render("## Decisions\n\n- Rekey **east** doors\n- See [plan](https://example.org)\n")
    assert "<h2>Decisions</h2>" in html and "<strong>east</strong>" in html
    assert '<a href="https://example.org" rel="noopener noreferrer nofollow">plan</a>' in html


pieces = st.sampled_from(
    ATTACKS
    + ["<", ">", '"', "'", "=", "javascript:", "on", "error", "load", "script", "a", "href",
       "[", "](", ")", "\n", " ", "**", "`", "&#", "x", "<a ", "<p ", "/>", "</a>"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(pieces | st.text(max_size=5), max_size=30).map("".join))
def test_nothing_active_survives_any_mix(text):
    assert _dangerous(render(text)) == []
