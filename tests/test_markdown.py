"""Markdown in descriptions and announcements: ordinary writing renders, nothing in it runs."""

from html.parser import HTMLParser

import pytest
from django.template import Context, Template
from django.utils.safestring import SafeString

from ucl_cop.markdown import render_markdown


def elements(html: str) -> list[tuple[str, dict[str, str]]]:
    """The real tags in `html` (not escaped text) with their attributes, as a browser sees them."""
    found: list[tuple[str, dict[str, str]]] = []

    class Collector(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, {name: value or "" for name, value in attrs}))

    Collector().feed(html)
    return found


def test_ordinary_markdown_renders_as_lists_links_and_emphasis():
    html = render_markdown(
        "Bring your *own* lunch and **questions**.\n\n"
        "- Dashboards\n- Data quality\n\n"
        "1. Welcome\n2. Demo\n\n"
        "Slides on [the wiki](https://wiki.ucl.ac.uk/data) or mail <data@ucl.ac.uk>.\n\n"
        "> Measure what matters.\n\n"
        "    SELECT 1;\n"
    )

    assert "<em>own</em>" in html
    assert "<strong>questions</strong>" in html
    assert "<ul>\n<li>Dashboards</li>\n<li>Data quality</li>\n</ul>" in html
    assert "<ol>\n<li>Welcome</li>" in html
    assert (
        '<a href="https://wiki.ucl.ac.uk/data" rel="nofollow noopener noreferrer">the wiki</a>'
        in html
    )
    assert '<a href="mailto:data@ucl.ac.uk" rel="nofollow noopener noreferrer">' in html
    assert "<blockquote>\n<p>Measure what matters.</p>\n</blockquote>" in html
    assert "<pre><code>SELECT 1;\n</code></pre>" in html


def test_the_result_is_marked_safe_for_templates():
    assert isinstance(render_markdown("Hello"), SafeString)
    assert render_markdown("") == ""


def test_a_script_tag_is_shown_as_text_not_run():
    html = render_markdown('Hello <script>alert("x")</script> world')

    assert [tag for tag, _ in elements(html)] == ["p"]
    assert "&lt;script&gt;" in html


def test_an_onerror_attribute_never_reaches_the_page():
    html = render_markdown("<img src=x onerror=alert(1)>\n\n<p onclick='alert(1)'>hi</p>")

    assert [tag for tag, _ in elements(html)] == ["p", "p"]
    assert all(not attributes for _, attributes in elements(html))
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


@pytest.mark.parametrize(
    "source",
    [
        "[click](javascript:alert(1))",
        "[click](JaVaScRiPt:alert(1))",
        "[click](&#106;avascript:alert(1))",
        "[click](vbscript:msgbox(1))",
        "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "<javascript:alert(1)>",
        '[click](https://ucl.ac.uk "x" onclick="alert(1)")',
        '<a href="javascript:alert(1)">click</a>',
    ],
)
def test_a_dangerous_link_is_inert(source):
    html = render_markdown(source)

    tags = elements(html)
    assert all(tag != "script" for tag, _ in tags)
    for _, attributes in tags:
        assert not [name for name in attributes if name.startswith("on")]
        href = attributes.get("href", "").strip().lower()
        assert not href.startswith(("javascript:", "vbscript:", "data:"))


def test_a_picture_is_not_loaded_from_elsewhere():
    html = render_markdown("![chart](https://tracker.example.com/pixel.png)")

    assert "<img" not in html
    assert 'href="https://tracker.example.com/pixel.png"' in html


def test_headings_sit_below_the_pages_own_headings():
    html = render_markdown("# Agenda\n\n## Part one\n\n###### Deep")

    assert "<h1" not in html
    assert "<h3>Agenda</h3>" in html
    assert "<h4>Part one</h4>" in html
    assert "<h6>Deep</h6>" in html


def test_the_template_filter_renders_and_sanitises():
    template = Template("{% load markdown %}{{ text|markdown }}|{{ text|markdown:2 }}")

    html = template.render(Context({"text": "# Hi\n\n*x* <script>alert(1)</script>"}))

    assert "<h3>Hi</h3>" in html
    assert "<h2>Hi</h2>" in html
    assert "<em>x</em>" in html
    assert "<script" not in html


def test_the_template_filter_treats_missing_text_as_empty():
    html = Template("{% load markdown %}[{{ text|markdown }}]").render(Context({"text": None}))

    assert html == "[]"
