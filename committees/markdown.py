"""Markdown written by members, rendered through an allow-list sanitiser.

Python-Markdown turns text into HTML; nh3 (the Rust ``ammonia`` sanitiser) then
keeps only the tags, attributes and link schemes listed here. Script, event
handlers, styles and ``javascript:`` links never survive.
"""

import markdown as markdown_lib
import nh3
from django.utils.safestring import SafeString, mark_safe

TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "strong", "em", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}}
URL_SCHEMES = {"http", "https", "mailto"}


def render(text: str) -> SafeString:
    html = markdown_lib.markdown(text or "", extensions=["tables", "sane_lists"])
    clean = nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
    return mark_safe(clean)  # noqa: S308 - sanitised above by an allow-list
