"""A proposed community in a real browser, from idea to a community in preparation.

Priya proposes "Research Data Stewards" (the name is checked for similar ones first); Sam, who
was about to propose much the same, finds her proposal among the similar ones and says "I would
join this"; Priya asks the Head a question; the Head finds the proposal on her to-do list,
accepts it with a summary of her own, and the community appears in preparation with 2 people
interested. Every page is checked with axe (site.check), and its HTML by the Nu checker
(test_html_valid.py). The new pages are photographed at 1280 and 390 px wide (and checked at
320 px for sideways scrolling) under test-artifacts/screens/e2e/.
"""

import re

import pytest
from django.contrib.auth.models import Group

from communities.models import Community, ProgrammeContact
from membership.models import HEAD_OF_COPS_GROUP, Interest
from outbox.models import Email
from proposals.models import Proposal, Support
from tests.factories import PersonFactory

pytestmark = pytest.mark.e2e

WIDTHS = {1280: 800, 390: 844, 320: 640}


@pytest.fixture
def people(programme):
    ProgrammeContact.objects.filter(pk=ProgrammeContact.current().pk).update(
        email="cops-head@ucl.ac.uk"
    )
    priya = PersonFactory(
        email="priya@ucl.ac.uk", full_name="Priya Proposer", department="Research Services"
    )
    sam = PersonFactory(email="sam@ucl.ac.uk", full_name="Sam Supporter", department="Library")
    head = PersonFactory(email="daniela@ucl.ac.uk", full_name="Daniela Head")
    head.groups.add(Group.objects.get(name=HEAD_OF_COPS_GROUP))
    head.refresh_from_db()
    return priya, sam, head


def photograph(site, name: str) -> None:
    """The page at each width, checked with axe at each; 320 px (WCAG reflow) must not scroll
    sideways."""
    page = site.page
    for width, height in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": height})
        scroll = page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= width, f"{page.url} scrolls sideways at {width} px ({scroll} px wide)"
        site.check(f"{name}-{width}" if width != 320 else None)
    page.set_viewport_size({"width": 1280, "height": 800})


def photograph_wide(site, name: str) -> None:
    """An admin list: at 1280 px, where the Head works on it, and 390 px."""
    for width, height in ((1280, 800), (390, 844)):
        site.page.set_viewport_size({"width": width, "height": height})
        site.check(f"{name}-{width}")
    site.page.set_viewport_size({"width": 1280, "height": 800})


def message(page) -> str:
    return page.locator(".messages").inner_text()


def test_a_proposal_becomes_a_community_in_preparation_with_its_supporters_interested(site, people):
    priya, sam, head = people
    page = site.page

    # Priya finds the way from the list of communities, and checks the name first.
    site.sign_in_with_cookie(priya)
    site.visit("/communities/")
    page.get_by_role("link", name="Propose a community").click()
    page.get_by_role("heading", name="Propose a community", level=1).wait_for()
    photograph(site, "propose-step-1")
    page.get_by_label("Name of the community you have in mind").fill("Research Data Stewards")
    page.get_by_role("button", name="Check for similar communities").click()
    page.get_by_text("No community or open proposal has a similar name. Go ahead.").wait_for()
    photograph(site, "propose-step-2")

    # Nothing chosen: the form says what is missing and keeps what was typed.
    page.get_by_role("button", name="Propose the community").click()
    page.get_by_text("Say what the practice is, and who does it.").first.wait_for()
    site.check("propose-errors")

    page.get_by_label("Practice area", exact=True).select_option(label="Planning")
    page.get_by_label("What is the practice, and who does it?").fill(
        "Staff who look after research data across faculties: data stewards, managers and "
        "the librarians who help them."
    )
    page.get_by_label("Why now?").fill("Funders ask for data management plans from next year.")
    page.get_by_label("Yes, I would help lead it").check()
    page.get_by_role("button", name="Propose the community").click()
    page.wait_for_url(re.compile(r"/proposals/\d+/$"))
    assert "Research Data Stewards is proposed." in message(page)
    proposal = Proposal.objects.get()
    assert proposal.proposer == priya
    assert proposal.would_lead
    assert "1 person, the proposer included" in page.get_by_role("main").inner_text()
    photograph(site, "proposal-proposer")

    # The proposer may edit it, and is asked before withdrawing it.
    page.get_by_role("link", name="Edit the proposal").click()
    page.get_by_role("heading", name="Edit the proposal", level=1).wait_for()
    photograph(site, "proposal-edit")
    page.get_by_role("link", name="Cancel").click()
    page.get_by_role("button", name="Withdraw it").click()
    page.get_by_role("heading", name="Withdraw “Research Data Stewards”?").wait_for()
    photograph(site, "proposal-withdraw-confirm")
    page.get_by_role("link", name="Cancel and keep it open").click()
    assert Proposal.objects.get().status == "open"

    # Priya asks the Head a question from the about page.
    site.visit("/about/")
    page.get_by_role("link", name="Ask the Head of CoPs a question").click()
    page.get_by_role("heading", name="Ask the Head of Communities of Practice").wait_for()
    assert "cops-head@ucl.ac.uk" not in page.get_by_role("main").inner_text()
    photograph(site, "contact-head")
    page.get_by_label("Your question or suggestion").fill("Could it span two practice areas?")
    page.get_by_role("button", name="Send to the Head").click()
    assert "Your message is on its way" in message(page)
    assert Email.objects.get(kind="question_to_head").reply_to == ["priya@ucl.ac.uk"]
    site.check("contact-head-sent")

    # Sam was about to propose much the same, and finds Priya's proposal instead.
    page.context.clear_cookies()
    site.sign_in_with_cookie(sam)
    site.visit("/communities/propose/")
    page.get_by_label("Name of the community you have in mind").fill("research data")
    page.get_by_role("button", name="Check for similar communities").click()
    similar = page.get_by_role("region", name="Similar to “research data”")
    assert "Open it to say “I would join this”" in similar.inner_text()
    photograph(site, "propose-similar")
    similar.get_by_role("link", name="Research Data Stewards").click()
    page.wait_for_url(site.url(f"/proposals/{proposal.pk}/"))
    assert "Priya Proposer" in page.get_by_role("main").inner_text()
    photograph(site, "proposal-before-support")
    page.get_by_role("button", name="I would join this").click()
    assert "you are counted among those who would join Research Data Stewards" in message(page)
    assert Support.objects.filter(proposal=proposal, person=sam).exists()
    assert "2 people, the proposer included" in page.get_by_role("main").inner_text()
    assert "Sam Supporter" not in page.get_by_role("main").inner_text()  # names: the Head only
    site.check("proposal-supported")
    site.visit("/proposals/")
    assert "2 would join" in page.get_by_role("main").inner_text()
    photograph(site, "proposal-list")

    # The Head finds it on her to-do list, and accepts it with a summary of her own.
    page.context.clear_cookies()
    site.sign_in_with_cookie(head)
    site.visit("/admin/")
    todo = page.get_by_role("region", name="What needs you")
    assert "Proposed communities to review: 1" in todo.inner_text()
    site.check("admin-dashboard")
    site.visit("/admin/proposals/proposal/?status__exact=open")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    photograph_wide(site, "admin-proposal-list")
    site.visit("/admin/")
    todo.get_by_role("link", name="Research Data Stewards").click()
    page.get_by_text("Sam Supporter").wait_for()
    photograph(site, "admin-proposal")
    page.get_by_role("link", name="Decline…").click()
    page.get_by_label("Why it is declined").wait_for()
    photograph(site, "admin-decline")
    page.go_back()
    page.get_by_role("link", name="Accept…").click()
    assert page.get_by_label("Community name").input_value() == "Research Data Stewards"
    photograph(site, "admin-accept")
    page.get_by_label("Summary").fill("For everyone who looks after research data.")
    page.get_by_role("button", name="Yes, accept").click()
    page.get_by_text("Research Data Stewards is now a community in preparation").wait_for()
    said = page.locator(".messagelist").inner_text()  # the admin's messages
    assert "2 people are registered as interested" in said
    assert "Prospective lead: Priya Proposer (priya@ucl.ac.uk)" in said
    assert "From a staff proposal" in page.get_by_role("main").inner_text()
    photograph(site, "admin-community")

    community = Community.objects.get(name="Research Data Stewards")
    assert community.status == Community.Status.PREPARING
    assert community.summary == "For everyone who looks after research data."
    assert set(Interest.objects.filter(community=community).values_list("person", flat=True)) == {
        priya.pk,
        sam.pk,
    }

    # Anyone sees it in preparation, with the 2 people behind it interested.
    page.context.clear_cookies()
    site.visit("/communities/?status=preparing")
    card = page.get_by_role("article", name="Research Data Stewards")
    assert "2 people registered interest" in card.inner_text()
    assert "Preparations underway" in card.inner_text()
    site.check("list-preparing")
    card.get_by_role("link", name="Research Data Stewards").click()
    page.get_by_role("heading", name="Research Data Stewards", level=1).wait_for()
    site.check("community-page")

    # Priya's proposal now links to its community.
    site.sign_in_with_cookie(priya)
    site.visit(f"/proposals/{proposal.pk}/")
    assert "Research Data Stewards is now being prepared" in page.get_by_role("main").inner_text()
    photograph(site, "proposal-accepted")
