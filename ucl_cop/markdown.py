"""The one way the portal turns Markdown into HTML.

Session descriptions and announcements are written by staff and shown to everyone, so the
HTML they become must not run anything. Two layers keep it inert:

1. markdown-it-py in CommonMark mode with raw HTML off: a `<script>` typed into the text is
   escaped and shown as text, and links with `javascript:`, `vbscript:`, `file:` or `data:`
   URLs are not made.
2. nh3 then keeps only an allow-list of tags and attributes, only http, https and mailto
   URLs (and relative ones), and gives every link `rel="nofollow noopener noreferrer"`.

Headings are demoted (by default `#` becomes `<h3>`) so that text written with `#` headings sits
under the page's own `<h1>` and section `<h2>` instead of competing with them.
"""

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

ALLOWED_TAGS = frozenset(
    {
        "p",
        "br",
        "hr",
        "strong",
        "em",
        "code",
        "pre",
        "blockquote",
        "ul",
        "ol",
        "li",
        "a",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
    }
)
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
ALLOWED_URL_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow noopener noreferrer"

# The level a `#` heading becomes, unless the caller says otherwise.
TOP_HEADING_LEVEL = 3

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
# Pictures are not allowed (they would load from anywhere): `![text](url)` stays a plain link.
_markdown.disable("image")


def render_markdown(text: str, *, top_heading: int = TOP_HEADING_LEVEL) -> SafeString:
    """Return `text` as sanitised HTML, safe to put in a page as it is.

    `top_heading` is the level that a `#` heading becomes (2 to 6); deeper headings follow it,
    and none goes below `<h6>`.
    """
    if not text or not text.strip():
        return mark_safe("")
    shift = min(max(top_heading, 2), 6) - 1
    env: dict = {}
    tokens = _markdown.parse(text, env)
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(int(token.tag[1]) + shift, 6)}"
    html = _markdown.renderer.render(tokens, _markdown.options, env)
    cleaned = nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(ALLOWED_URL_SCHEMES),
        link_rel=LINK_REL,
        strip_comments=True,
    )
    # Safe because nh3 has just removed everything outside the allow-lists.
    return mark_safe(cleaned)
