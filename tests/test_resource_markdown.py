"""A resource's description is Markdown: it renders on the resource page, and nothing in it, nor
in its title, tags or link, runs: no script, no event handler, no javascript: link."""

import pytest

from .activity_factories import ResourceFactory
from .factories import MembershipFactory
from .test_markdown import elements

pytestmark = pytest.mark.django_db

HOSTILE = (
    "Read **this** first.\n\n"
    '<script>alert("description")</script>\n\n'
    "<img src=x onerror=alert(1)>\n\n"
    "[click me](javascript:alert(document.cookie)) and "
    "[the wiki](https://wiki.ucl.ac.uk/finance)\n"
)


@pytest.fixture
def resource_page(community, client_for, staff):
    resource = ResourceFactory(
        community=community,
        title='<script>alert("title")</script>',
        description=HOSTILE,
    )
    resource.tags.create(name='<img src=x onerror="alert(2)">')
    return client_for(staff).get(f"/resources/{resource.pk}/").content.decode()


def main(html: str) -> str:
    return html[html.index("<main") : html.index("</main>")]


def test_the_description_renders_as_markdown(resource_page):
    assert "<strong>this</strong>" in resource_page
    assert (
        '<a href="https://wiki.ucl.ac.uk/finance" rel="nofollow noopener noreferrer">the wiki</a>'
        in resource_page
    )


def test_no_script_event_handler_or_javascript_link_reaches_the_page(resource_page):
    found = elements(main(resource_page))

    assert "script" not in {tag for tag, _ in found}
    assert not [attrs for _, attrs in found if any(name.startswith("on") for name in attrs)]
    assert not [attrs for _, attrs in found if "javascript:" in attrs.get("href", "").lower()]
    assert "&lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt;" in resource_page


def test_the_library_list_shows_hostile_titles_tags_and_descriptions_as_text(
    community, client_for, staff
):
    resource = ResourceFactory(
        community=community, title="<b onmouseover=alert(1)>Bold</b>", description=HOSTILE
    )
    resource.tags.create(name="<svg onload=alert(1)>")

    html = client_for(staff).get("/resources/").content.decode()

    found = elements(main(html))
    assert not [attrs for _, attrs in found if any(name.startswith("on") for name in attrs)]
    assert not {"svg", "script", "img", "b"} & {tag for tag, _ in found}
    # The description's summary is its text, without the Markdown's marks.
    assert "Read this first." in html


def test_a_link_resource_with_a_javascript_url_is_refused_by_the_form(community, client_for, staff):
    MembershipFactory(person=staff, community=community)
    response = client_for(staff).post(
        f"/communities/{community.slug}/resources/new/",
        {"title": "Trap", "kind": "link", "url": "javascript:alert(1)"},
    )

    assert response.status_code == 200
    assert "Enter a web address starting https://" in response.content.decode()
