"""Members' Markdown is rendered through an allow-list: nothing active survives."""

import html as html_lib
import re
from html.parser import HTMLParser

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


class _Inspector(HTMLParser):
    """Reads the rendered HTML as a browser would: real tags and attributes, not text."""

    ACTIVE_TAGS = {"script", "iframe", "svg", "img", "style", "object", "embed", "math"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.ACTIVE_TAGS:
            self.found.append(f"tag {tag}")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"handler {name}")
            if name == "style":
                self.found.append("style")
            if name in {"href", "src"} and value:
                scheme = re.sub(r"[\x00-\x20]", "", html_lib.unescape(value)).lower()
                if scheme.startswith(("javascript:", "data:", "vbscript:")):
                    self.found.append(f"scheme in {name}")


def _dangerous(html: str) -> list[str]:
    inspector = _Inspector()
    inspector.feed(html)
    inspector.close()
    return inspector.found


def test_known_attacks_are_neutralised():
    for attack in ATTACKS:
        assert _dangerous(render(attack)) == [], attack


def test_the_inspector_sees_what_a_browser_would_run():
    # The check itself can fail: raw attacks are found, escaped text is not.
    assert _dangerous('<img src=x onerror="alert(1)">') == ["tag img", "handler onerror"]
    assert _dangerous('<a href="&#106;avascript:alert(1)">x</a>') == ["scheme in href"]
    assert _dangerous("&lt;img onerror=alert(1)&gt;") == []


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
