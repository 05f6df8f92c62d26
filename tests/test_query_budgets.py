"""Each main page asks the database a fixed number of questions, at two sizes of data (issue 17).

Every page is counted twice, from an empty cache (cold) and straight after (warm), first with a
small programme and then with one five times larger: more communities in every practice area,
more people, memberships, past members, interests, sessions with RSVPs, announcements, projects
and resources, in the page's own community too. The counts must be the same at both sizes (a
query per row, an N+1, shows up as a difference), and equal to the numbers below, so a new
query on any page fails here. They include the session, the signed-in person and the footer's
contact (cached, so cold only).

Warm, an anonymous page comes whole from the page cache (no query at all). A signed-in page
still reads its session from the database unless a shared cache holds sessions (REDIS_URL:
`cached_db`), which saves one query. These tests run inside a transaction, where the cached
user and roles are never used (membership.person_cache), so they count the user and roles
queries too; committed requests with Redis skip those as well (tests/test_signed_in_queries.py
counts that case).

`scripts/bench` counts the same pages in the same way on the seeded demo data.
"""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from membership.models import Interest, Membership

from .activity_factories import (
    AnnouncementFactory,
    ProjectFactory,
    ProjectMemberFactory,
    ResourceFactory,
    RsvpFactory,
    SessionFactory,
)
from .factories import CommunityFactory, PersonFactory, PracticeAreaFactory

pytestmark = pytest.mark.django_db

SMALL, LARGER = 1, 5  # units of data; the larger programme has five times as much

# (cold, warm) queries per page, the same at both sizes, with sessions in the database. The
# numbers before issue 17's caches were (3, 2), (9, 8), (20, 19), (10, 9), (15, 14), (9, 8)
# and (8, 7).
EXPECTED = {
    "anonymous /communities/": (3, 0),
    "anonymous community page": (10, 0),
    "signed-in community page": (14, 3),
    "/me/": (14, 3),
    "sponsor report": (18, 3),
    "/reports/ (the Head)": (9, 3),
    "/events/ (signed in)": (8, 5),
}
SESSIONS_IN_CACHE = settings.SESSION_ENGINE == "django.contrib.sessions.backends.cached_db"


def expected(name: str) -> tuple[int, int]:
    cold, warm = EXPECTED[name]
    if SESSIONS_IN_CACHE and not name.startswith("anonymous"):
        warm -= 1  # the session comes from the shared cache once it is warm
    return cold, warm


class Programme:
    """The pages' people and community, and `grow(units)` to add more of everything."""

    def __init__(self, sponsor, sponsored_area, head):
        self.sponsor, self.area, self.head = sponsor, sponsored_area, head
        self.other_area = PracticeAreaFactory()
        self.community = CommunityFactory(practice_area=sponsored_area)
        self.elsewhere = [
            CommunityFactory(practice_area=sponsored_area),
            CommunityFactory(practice_area=self.other_area),
        ]
        self.preparing = CommunityFactory(practice_area=self.other_area, status="preparing")
        self.leads = PersonFactory.create_batch(2)
        for lead in self.leads:
            self._member(lead, self.community, "core", is_lead=True)
        # The member: core here, wider in two more, waiting for one, going to a session and
        # taking part in a project, so every section of /me/ has something in it.
        self.member = PersonFactory()
        self._member(self.member, self.community, "core")
        for community in self.elsewhere:
            self._member(self.member, community, "wider")
        Interest.objects.create(person=self.member, community=self.preparing)
        session = SessionFactory(community=self.community, host=self.leads[0])
        RsvpFactory(session=session, person=self.member)
        project = ProjectFactory(community=self.community, lead=self.leads[0], active=True)
        ProjectMemberFactory(project=project, person=self.member)
        self.units = 0

    @staticmethod
    def _member(person, community, kind, **fields):
        return Membership.objects.create(
            person=person,
            community=community,
            kind=kind,
            joined_at=timezone.now() - timedelta(days=60),
            **fields,
        )

    def grow(self, units: int) -> None:
        """Add `units` units of data; each is a few communities and the people in them."""
        for _ in range(units):
            self.units += 1
            communities = [
                CommunityFactory(practice_area=self.area),
                CommunityFactory(practice_area=self.other_area),
            ]
            preparing = CommunityFactory(practice_area=self.area, status="preparing")
            people = PersonFactory.create_batch(8, department=f"Department {self.units % 5}")
            for index, person in enumerate(people):
                # Core in a new community or in the page's own; wider in the page's own or in
                # a new one: the page's community grows too.
                core = communities[index % 2] if index % 3 else self.community
                self._member(person, core, "core", is_lead=index < 2 and core != self.community)
                wider = self.community if core != self.community else communities[0]
                self._member(person, wider, "wider")
                Interest.objects.create(person=person, community=preparing)
            past = PersonFactory()
            Membership.objects.create(
                person=past,
                community=self.community,
                kind="wider",
                joined_at=timezone.now() - timedelta(days=90),
                ended_at=timezone.now() - timedelta(days=30),
            )
            for community in (self.community, communities[0]):
                session = SessionFactory(community=community, host=people[0])
                for person in people[:4]:
                    RsvpFactory(session=session, person=person)
                SessionFactory(community=community, host=people[1], past=True)
                AnnouncementFactory(community=community, author=people[0])
                project = ProjectFactory(community=community, lead=people[0], active=True)
                ProjectMemberFactory(project=project, person=people[2])
                ResourceFactory(community=community, author=people[1])


def _signed_in(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def _pages(programme: Programme) -> dict:
    member = _signed_in(programme.member)
    community = programme.community.get_absolute_url()
    return {
        "anonymous /communities/": (Client(), "/communities/"),
        "anonymous community page": (Client(), community),
        "signed-in community page": (member, community),
        "/me/": (member, "/me/"),
        "sponsor report": (_signed_in(programme.sponsor), f"/reports/{programme.area.slug}/"),
        "/reports/ (the Head)": (_signed_in(programme.head), "/reports/"),
        "/events/ (signed in)": (member, "/events/"),
    }


def _count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return len(queries)


def _cold_and_warm(client: Client, url: str) -> tuple[int, int]:
    cache.clear()
    cold = _count(client, url)
    return cold, _count(client, url)


@pytest.fixture
def world(sponsor, sponsored_area, head):
    return Programme(sponsor, sponsored_area, head)


@pytest.mark.parametrize("name", EXPECTED)
def test_a_pages_queries_are_fixed_and_do_not_grow_with_the_data(world, name):
    world.grow(SMALL)
    client, url = _pages(world)[name]
    small = _cold_and_warm(client, url)
    world.grow(LARGER - SMALL)
    large = _cold_and_warm(client, url)

    assert large == small, f"{name}: (cold, warm) queries grew from {small} to {large}"
    assert small == expected(name), f"{name}: (cold, warm) queries are {small}"


def test_the_larger_programme_really_is_larger(world):
    """The pages above do see more rows at the larger size (so equal counts mean something)."""
    world.grow(SMALL)
    small = Membership.objects.filter(community=world.community).count()
    world.grow(LARGER - SMALL)
    large = Membership.objects.filter(community=world.community).count()
    response = Client().get("/communities/")

    assert large >= small * 3
    assert response.text.count('class="community-card"') == 4 + 3 * LARGER
