"""Pages ask the database a fixed number of questions, however many communities and members.

The data: 30 communities in 6 practice areas, 200 people with a core membership each and 200
wider memberships, and registered interest. Counts include the session and user look-ups of
signed-in pages and the footer's contact (cached after the first request).

The community page's activities (its sessions, with "Schedule a session" for those who may, and
its announcements, with "Post an announcement") add seven to a signed-in visit: two lists of
sessions, the announcements, and two permission checks of two queries each. /me/ adds my
sessions and my calendar feed's address (made on the first visit).

The community's practice (issue 11) adds seven more to a signed-in visit, however many projects,
resources and members there are: its open and its completed projects and "may I propose one?"
(three); its latest resources, how many the library holds and "may I add one?" (three); and
"may I edit this page?" (one, the Head's group; none for a lead, whose membership the page has
already read). The page's leads, contact form and member count reuse what it already reads.
"""

import itertools

import pytest

from membership.models import Interest, Membership

from .factories import CommunityFactory, MembershipFactory, PersonFactory, PracticeAreaFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def big_programme(programme, sponsor):
    areas = [PracticeAreaFactory(sponsor=sponsor if n % 2 else None) for n in range(6)]
    launched = [CommunityFactory(practice_area=areas[n % 6], status="launched") for n in range(24)]
    preparing = [CommunityFactory(practice_area=areas[n % 6], status="preparing") for n in range(6)]
    people = PersonFactory.create_batch(200)
    Membership.objects.bulk_create(
        MembershipFactory.build(person=person, community=community, kind="core", is_lead=n < 24)
        for n, (person, community) in enumerate(zip(people, itertools.cycle(launched)))
    )
    Membership.objects.bulk_create(
        MembershipFactory.build(person=person, community=community, kind="wider")
        for person, community in zip(people, itertools.cycle(reversed(launched)))
        if community.pk % 24 != person.pk % 24
    )
    Interest.objects.bulk_create(
        Interest(person=person, community=community)
        for person, community in zip(people, itertools.cycle(preparing))
    )
    return launched, preparing, people


def test_the_anonymous_list_needs_at_most_four_queries(
    client, big_programme, django_assert_max_num_queries
):
    with django_assert_max_num_queries(4):
        response = client.get("/communities/")

    assert response.status_code == 200
    assert response.text.count('class="community-card"') == 39  # 30 + the seed's 9


def test_a_filtered_anonymous_list_needs_at_most_four_queries(
    client, big_programme, django_assert_max_num_queries
):
    with django_assert_max_num_queries(4):
        response = client.get("/communities/?practice_area=planning&status=launched&q=data")

    assert "Data and Insight" in response.text


def test_a_signed_in_members_community_page_needs_at_most_twenty_queries(
    client_for, big_programme, django_assert_max_num_queries
):
    _, _, people = big_programme
    person = people[0]  # a lead and core member of one community, wider elsewhere
    signed_in = client_for(person)
    community = Membership.objects.get(person=person, kind="core").community

    with django_assert_max_num_queries(20):
        response = signed_in.get(community.get_absolute_url())

    assert "one of its leads" in response.text
    assert "Change to wider member" in response.text


def test_a_signed_in_visitors_page_for_another_community_needs_at_most_twenty_one_queries(
    client_for, big_programme, django_assert_max_num_queries
):
    launched, preparing, people = big_programme
    signed_in = client_for(people[5])

    with django_assert_max_num_queries(21):
        other = signed_in.get(launched[20].get_absolute_url())
    with django_assert_max_num_queries(21):
        interested = signed_in.get(preparing[5].get_absolute_url())

    assert "we will ask what you would like to do with that membership first" in other.text
    assert "You have <strong>registered interest</strong>" in interested.text


def test_home_and_my_communities_need_few_queries(
    client, client_for, big_programme, django_assert_max_num_queries
):
    _, _, people = big_programme
    with django_assert_max_num_queries(4):
        client.get("/")
    signed_in = client_for(people[0])
    # The signed-in home: the glance (2), my communities, suggestions, my sessions, what is
    # new (2), the session, me, the footer's contact and report access; and the first page
    # after signing in renews the session (3, accounts.middleware).
    with django_assert_max_num_queries(14):
        home = signed_in.get("/")
    # 13: /me/ also lists my projects (issue 11), in one query; and a first visit asks which
    # communities the page shows, so later visits come from the cache (membership.cached_parts).
    with django_assert_max_num_queries(13):
        mine = signed_in.get("/me/")

    assert "Your communities" in home.text
    assert "My wider communities" in mine.text


def test_the_community_pages_queries_do_not_grow_with_its_practice(client_for, big_programme):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from .activity_factories import (
        AnnouncementFactory,
        ProjectFactory,
        ProjectMemberFactory,
        ResourceFactory,
        RsvpFactory,
        SessionFactory,
    )

    launched, _, people = big_programme
    busy, quiet = launched[3], launched[4]
    for n in range(12):
        session = SessionFactory(community=busy, host=people[n])
        RsvpFactory.create_batch(2, session=session)
    SessionFactory.create_batch(6, community=busy, past=True)
    for n in range(8):
        project = ProjectFactory(community=busy, lead=people[n], active=n % 2 == 0)
        ProjectMemberFactory.create_batch(3, project=project)
    ProjectFactory.create_batch(7, community=busy, completed=True)
    ResourceFactory.create_batch(12, community=busy)
    AnnouncementFactory.create_batch(8, community=busy)
    signed_in = client_for(people[5])
    signed_in.get(quiet.get_absolute_url())  # The first page after signing in renews the session.

    cold, warm = {}, {}
    for name, community in (("quiet", quiet), ("busy", busy)):
        cache.clear()  # the footer's contact and the page's cached sections, as after a write
        with CaptureQueriesContext(connection) as cold[name]:
            response = signed_in.get(community.get_absolute_url())
        with CaptureQueriesContext(connection) as warm[name]:
            signed_in.get(community.get_absolute_url())

    assert len(cold["busy"]) == len(cold["quiet"])
    # Cached, the sections cost only "may this person ...?": fewer, and still the same.
    assert len(warm["busy"]) == len(warm["quiet"]) < len(cold["busy"])
    assert response.text.count('class="resource-item') == 5
    assert response.text.count('class="announcement ') == 5
