"""Whole pages for anonymous visitors: served without a query, never stale, never personal.

`/`, `/communities/` and community pages are cached whole for visitors with no session and no
messages cookie (communities/page_cache.py), under the catalogue's or the community's version.
"""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import path

from activities import services as activity_services
from communities.models import ProgrammeContact
from communities.page_cache import messages_cookie_name, plan_for
from membership import services

from .activity_factories import SessionFactory
from .factories import CommunityFactory, MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db

PAGES = ["/", "/communities/", "/communities/data-and-insight/"]


def queries_for(client, url, **kwargs) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **kwargs)
    return len(queries), response


def card(text: str, slug: str) -> str:
    """One community's card on the list."""
    match = re.search(
        rf'<article class="community-card" aria-labelledby="community-{slug}">'
        r"(.*?)</article>",
        text,
        re.S,
    )
    return match.group(1) if match else ""


# Served from the cache ----------------------------------------------------------------------


@pytest.mark.parametrize("url", PAGES)
def test_a_second_anonymous_visit_asks_the_database_nothing(
    client, community, url, django_assert_num_queries
):
    first = client.get(url)
    with django_assert_num_queries(0):
        second = client.get(url)

    assert first.status_code == second.status_code == 200
    assert second.content == first.content
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert second["X-Frame-Options"] == "DENY"
    assert "Cookie" in second["Vary"]


@pytest.mark.parametrize("url", PAGES)
def test_anonymous_pages_set_no_cookie_and_hold_no_nonce_token_or_inline_script(
    client, community, url
):
    for response in (client.get(url), client.get(url)):  # built, then from the cache
        assert not response.cookies
        assert "Set-Cookie" not in response
        assert "nonce" not in response.text
        assert "nonce-" not in response["Content-Security-Policy"]
        assert "csrfmiddlewaretoken" not in response.text
        scripts = re.findall(r"<script\b[^>]*>", response.text)
        assert scripts
        assert all("src=" in tag for tag in scripts)


def test_the_list_is_cached_for_each_practice_area_and_status_that_exists(
    client, community, django_assert_num_queries
):
    area = community.practice_area.slug
    for query in (
        f"?practice_area={area}",
        "?status=launched",
        f"?q=&practice_area={area}&status=",  # what the filter form sends
    ):
        client.get(f"/communities/{query}")
        with django_assert_num_queries(0):
            response = client.get(f"/communities/{query}")
        assert "Data and Insight" in response.text


@pytest.mark.parametrize(
    "query",
    [
        "?q=data",  # free text is never a key
        "?practice_area=nowhere",
        "?status=dormant",
        "?status=launched&status=closed",
        "?utm_source=newsletter",
    ],
)
def test_text_searches_and_filters_that_do_not_exist_are_never_cached(client, community, query):
    client.get(f"/communities/{query}")
    count, response = queries_for(client, f"/communities/{query}")

    assert count > 0
    assert response.status_code == 200


def test_only_the_filter_forms_own_spelling_of_an_address_is_a_key(rf, community):
    # The page repeats its address (the sign-in link), so each spelling would be a page of its
    # own: only the usual one is kept.
    assert plan_for(rf.get("/communities/?status=launched")) is not None
    assert plan_for(rf.get("/communities/?status=%6Caunched")) is None
    assert plan_for(rf.get("/communities/?status=launched", HTTP_HOST="localhost")) != plan_for(
        rf.get("/communities/?status=launched")
    )


def test_community_pages_with_a_query_string_are_not_cached(rf, client, community):
    # (Counting queries cannot tell: the page's own parts are cached whatever its address.)
    address = "/communities/data-and-insight/?from=newsletter"

    assert plan_for(rf.get(address)) is None
    assert plan_for(rf.get("/communities/data-and-insight/")) is not None
    assert client.get(address).status_code == 200


def test_an_unknown_community_is_not_found_and_not_cached(client, community):
    assert client.get("/communities/no-such-thing/").status_code == 404
    count, response = queries_for(client, "/communities/no-such-thing/")

    assert response.status_code == 404
    assert count > 0


# Never personal ------------------------------------------------------------------------------


def test_a_visitor_with_a_session_cookie_is_not_served_the_cached_page(client, community):
    client.get(community.get_absolute_url())
    client.cookies[settings.SESSION_COOKIE_NAME] = "a-session-that-is-not-there"

    count, response = queries_for(client, community.get_absolute_url())

    assert count > 0  # the session was looked up
    assert response.status_code == 200


def test_signed_in_people_get_their_own_page(client, client_for, staff, community):
    client.get("/")
    client.get(community.get_absolute_url())

    home = client_for(staff).get("/")
    page = client_for(staff).get(community.get_absolute_url())

    assert "Signed in as Alice Adams" in home.text
    assert 'action="/communities/data-and-insight/join/"' in page.text


def test_a_message_waiting_in_its_cookie_is_shown_not_the_cached_page(client, community):
    client.get(community.get_absolute_url())
    # An anonymous action: the message waits in the messages cookie.
    client.post("/communities/data-and-insight/join/", {"kind": "core"})
    assert client.cookies[messages_cookie_name()].value

    response = client.get(community.get_absolute_url())

    assert "Please sign in first" in response.text
    count, again = queries_for(client, community.get_absolute_url())
    assert "Please sign in first" not in again.text  # shown once; the cookie is gone
    assert count == 0  # and the visitor is anonymous again


def _sets_a_cookie(request):
    response = HttpResponse("<p>Hello</p>")
    response.set_cookie("seen", "yes")
    return response


urlpatterns = [path("communities/", _sets_a_cookie, name="community-list")]


def test_a_response_that_sets_a_cookie_is_never_stored(client, settings):
    settings.ROOT_URLCONF = __name__

    client.get("/communities/")
    client.cookies.clear()
    again = client.get("/communities/")

    assert again.cookies["seen"].value == "yes"  # built again: a replay would not set it


# Never stale --------------------------------------------------------------------------------


def _warm(client, *urls):
    for url in urls:
        client.get(url)
        count, _ = queries_for(client, url)
        assert count == 0, url


def test_a_join_shows_at_once_on_the_list_the_page_and_the_home_page(client, staff, community):
    _warm(client, *PAGES)

    services.join(person=staff, community=community, kind="core")

    assert "<strong>1</strong> core member" in card(
        client.get("/communities/").text, community.slug
    )
    assert "1 core, 0 wider" in client.get(community.get_absolute_url()).text


WRITES = [
    "leave",
    "switch",
    "kind",
    "interest",
    "close",
    "launch",
    "community edit",
    "area edit",
    "contact edit",
    "session scheduled",
    "session cancelled",
    "rsvp",
    "announcement",
    "resource",
    "project",
]


@pytest.mark.parametrize("write", WRITES)
def test_every_kind_of_write_shows_on_the_next_anonymous_visit(
    write,
    client,
    staff,
    head,
    community,
    other_community,
    preparing_community,
    django_capture_on_commit_callbacks,
):
    lead = PersonFactory(full_name="Lena Lead")
    MembershipFactory(person=lead, community=community, kind="core", is_lead=True)
    MembershipFactory(person=staff, community=community, kind="core")
    session = SessionFactory(community=community, title="Dashboards at lunch", capacity=10)
    ProgrammeContact.objects.create(name="Daniela Head", email="d@ucl.ac.uk")
    pages = [*PAGES, other_community.get_absolute_url(), preparing_community.get_absolute_url()]
    _warm(client, *pages)

    def page(url=None) -> str:
        return client.get(url or community.get_absolute_url()).text

    def listed(slug=community.slug) -> str:
        return card(client.get("/communities/").text, slug)

    with django_capture_on_commit_callbacks(execute=True):
        if write == "leave":
            services.leave(person=staff, community=community)
        elif write == "switch":
            services.join(person=staff, community=other_community, kind="core", switch_core=True)
        elif write == "kind":
            services.change_kind(person=staff, community=community, kind="wider")
        elif write == "interest":
            services.register_interest(person=staff, community=preparing_community)
        elif write == "close":
            services.close_community(community=community)
        elif write == "launch":
            services.launch_community(community=preparing_community)
        elif write == "community edit":
            community.summary = "Numbers that help decide."
            community.save()
        elif write == "area edit":
            community.practice_area.name = "Insight and Planning"
            community.practice_area.save()
        elif write == "contact edit":
            contact = ProgrammeContact.objects.get()
            contact.name = "Dana Head"
            contact.save()
        elif write == "session scheduled":
            starts = session.starts_at + timedelta(days=1)
            activity_services.schedule_session(
                community=community,
                by=lead,
                title="Data quality clinic",
                starts_at=starts,
                ends_at=starts + timedelta(hours=1),
                location="Room 2",
            )
        elif write == "session cancelled":
            activity_services.cancel_session(session=session, by=lead)
        elif write == "rsvp":
            activity_services.rsvp(session=session, person=staff)
        elif write == "announcement":
            activity_services.post_announcement(
                community=community,
                author=lead,
                subject="Welcome to the spring term",
                body="Hi",
                audience="all",
            )
        elif write == "resource":
            activity_services.add_resource(
                community=community,
                author=staff,
                title="Checklist",
                kind="tool",
                url="https://example.org/checklist",
            )
        else:
            activity_services.propose_project(
                community=community, by=staff, title="Shared glossary", aim="One list"
            )

    if write == "leave":
        assert "1 core, 0 wider" in page()
        assert "<strong>1</strong> core member<" in listed()
    elif write == "switch":
        assert "1 core, 1 wider" in page()
        assert "1 core, 0 wider" in page(other_community.get_absolute_url())
    elif write == "kind":
        assert "1 core, 1 wider" in page()
        assert "<strong>1</strong> wider member<" in listed()
    elif write == "interest":
        assert "<strong>1</strong> person has registered interest" in page(
            preparing_community.get_absolute_url()
        )
        assert "<strong>1</strong> person registered interest" in listed(preparing_community.slug)
    elif write == "close":
        assert not listed()
        assert "This community has closed" in page()
    elif write == "launch":
        assert "Join this community" in page(preparing_community.get_absolute_url())
        assert "status-launched" in listed(preparing_community.slug)
    elif write == "community edit":
        assert "Numbers that help decide." in listed()
        assert "Numbers that help decide." in page()
    elif write == "area edit":
        assert "Insight and Planning" in client.get("/communities/").text
        assert "Insight and Planning" in client.get("/").text
        assert "Insight and Planning" in page()
    elif write == "contact edit":
        for url in pages:
            assert "Dana Head" in client.get(url).text, url
    elif write == "session scheduled":
        assert "Data quality clinic" in page()
    elif write == "session cancelled":
        assert "Dashboards at lunch" not in page()
    elif write == "rsvp":
        assert "9 of 10 places left" in page()
    elif write == "announcement":
        assert "Welcome to the spring term" in page()
    elif write == "resource":
        assert "Members have shared 1 resource" in page()
    else:
        assert "Shared glossary" in page()


def test_a_page_showing_a_session_coming_up_expires_when_it_starts_and_when_it_ends(
    client, clock, community
):
    starts = clock.now + timedelta(hours=2)
    SessionFactory(
        community=community,
        title="Dashboards",
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
    )
    url = community.get_absolute_url()
    assert "Held recently" not in client.get(url).text

    clock.travel(hours=1)
    assert queries_for(client, url)[0] == 0  # nothing has changed yet

    clock.travel(hours=1, minutes=1)  # it has started: the page is built again
    count, during = queries_for(client, url)
    assert count > 0
    assert "Held recently" not in during.text  # still coming up until it ends

    clock.travel(hours=1)  # it has ended
    after = client.get(url).text
    assert "Held recently" in after
    assert after.index("Held recently") < after.index("Dashboards")


def test_a_page_is_stored_only_under_the_community_it_shows(client, community):
    client.get("/communities/data-and-insight/")  # remembers the address as this community's
    community.slug = "data-insight"
    community.save()
    newcomer = CommunityFactory(name="Data Newcomers", slug="data-and-insight")

    first = client.get("/communities/data-and-insight/")
    MembershipFactory(community=newcomer, kind="core")
    second = client.get("/communities/data-and-insight/")

    assert "Data Newcomers" in first.text
    assert "1 core, 0 wider" in second.text
