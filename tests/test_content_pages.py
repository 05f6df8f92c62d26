"""The content pages: core vs wider criteria, about, and the accessibility statement."""

import re

import pytest

from communities.models import ProgrammeContact

pytestmark = pytest.mark.django_db


def test_the_criteria_table_is_an_accessible_table_of_the_seeds_text(client):
    response = client.get("/membership/")

    text = response.text
    assert response.status_code == 200
    assert "<caption>" in text
    cols = re.findall(r'<th scope="col"[^>]*>([\w ]+)</th>', text)
    assert cols == ["Core members", "Wider members"]
    rows = re.findall(r'<th scope="row"[^>]*>(\w+)</th>', text)
    assert rows == ["Identity", "Learning", "Engagement", "Activities", "Leadership"]
    assert (
        "You have a sense of professional identity, expertise in or a great enthusiasm for the "
        "practice area of the community." in text
    )
    assert (
        "You might want to attend lunch and learn sessions and/or contribute to a project, by "
        "participating in research or providing feedback/opinions." in text
    )
    assert (
        "You could see yourself now, or in the future becoming a leader of the community." in text
    )
    assert (
        "We recommend that staff become a core member of one community of practice at a time."
        in text
    )


def test_the_criteria_page_links_back_to_the_list(client):
    response = client.get("/membership/")

    assert 'href="/communities/">Browse communities' in response.text


def test_about_gives_wengers_traits_the_difference_and_ucls_purpose(client):
    response = client.get("/about/")

    text = response.text
    assert "<strong>Domain</strong> – An area of shared interest and competence" in text
    assert (
        "<strong>Practice</strong> – A shared body of knowledge, experiences, and techniques"
        in text
    )
    assert "<strong>Community</strong> – A group of individuals who care enough" in text
    assert "A CoP is different to a working group or a task force" in text
    assert (
        "The purpose of a CoP at UCL is to unite staff working in similar domains and functions "
        "to develop and professionalise individuals and practices." in text
    )


def test_about_shows_the_heads_contact_as_the_head_edits_it(client, programme):
    contact = ProgrammeContact.current()
    contact.email = "cop-head@ucl.ac.uk"
    contact.save()

    response = client.get("/about/")

    text = response.text.split('id="contact"')[1]
    assert "Daniela Bultoc" in text
    assert 'href="mailto:cop-head@ucl.ac.uk"' in text
    assert "+44 (0)203 108 8838" in text
    assert "Internal phone: 58838" in text


def test_about_still_reads_well_before_a_contact_is_entered(client):
    response = client.get("/about/")

    assert response.status_code == 200
    assert "Please contact the Head of Communities of Practice" in response.text


def test_the_accessibility_statement_follows_the_public_sector_form(client, programme):
    response = client.get("/accessibility/")

    text = response.text
    for heading in [
        "Compliance status",
        "Non-accessible content",
        "Feedback and contact information",
        "Enforcement procedure",
        "How we tested this website",
        "Preparation of this accessibility statement",
    ]:
        assert f"<h2>{heading}</h2>" in text
    assert "We know of no content on this website that is not accessible." in text
    assert "Equality and Human Rights Commission (EHRC)" in text
    assert "axe" in text
    assert "This statement was prepared on 29 November 2026." in text
    assert 'href="mailto:d.bultoc@ucl.ac.uk"' in text


@pytest.mark.parametrize(
    "url", ["/", "/communities/", "/membership/", "/about/", "/accessibility/"]
)
def test_browsing_needs_no_sign_in_and_has_no_inline_styles_or_scripts(client, programme, url):
    response = client.get(url)

    assert response.status_code == 200
    assert "style=" not in response.text
    assert "<style" not in response.text
    scripts = re.findall(r"<script[^>]*>", response.text)
    assert scripts
    # Files from 'self' only, and no nonce: these pages are cached whole for anonymous visitors.
    assert all("src=" in tag and "nonce=" not in tag for tag in scripts)


@pytest.mark.parametrize("url", ["/membership/", "/about/", "/accessibility/"])
def test_signed_in_staff_see_the_content_pages_too(client_for, staff, url):
    response = client_for(staff).get(url)

    assert response.status_code == 200
    assert "Signed in as Alice Adams" in response.text
