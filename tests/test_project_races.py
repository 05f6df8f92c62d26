"""Real concurrency on PostgreSQL: double clicks on "Join the project", and a lead who leaves the
community while a community lead names someone else.

Each thread has its own database connection, as each request would. Every thread must end with
a result or a domain refusal: an IntegrityError, a deadlock or any other exception is a failure.
"""

from collections import Counter

import pytest

from activities import services
from activities.models import ProjectMember
from membership import services as membership

from .activity_factories import ProjectFactory
from .factories import MembershipFactory, PersonFactory
from .test_rsvp_races import run_together

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.usefixtures("transactional_db", "django_db_serialized_rollback"),
]


def kinds_of(results: list[object]) -> Counter:
    return Counter(type(result).__name__ for result in results)


def test_many_clicks_on_join_make_one_place(community):
    project = ProjectFactory(community=community, active=True)
    walter = MembershipFactory(community=community).person

    results = run_together(
        [lambda: services.join_project(project=project, person=walter) for _ in range(8)]
    )

    assert kinds_of(results) == {"ProjectMember": 1, "AlreadyTakingPart": 7}
    assert ProjectMember.objects.filter(project=project, left_at__isnull=True).count() == 1


def test_many_people_join_at_once_and_each_gets_a_place(community):
    project = ProjectFactory(community=community, active=True)
    people = [MembershipFactory(community=community).person for _ in range(10)]

    results = run_together(
        [
            lambda person=person: services.join_project(project=project, person=person)
            for person in people
        ]
    )

    assert kinds_of(results) == {"ProjectMember": 10}
    assert project.participants.count() == 10


def test_a_lead_leaving_while_another_is_named_ends_with_a_lead_who_is_core(community):
    carl = PersonFactory()
    MembershipFactory(person=carl, community=community, kind="core")
    lena = PersonFactory()
    MembershipFactory(person=lena, community=community, kind="core", is_lead=True)
    dana = PersonFactory()
    MembershipFactory(person=dana, community=community, kind="core")
    project = ProjectFactory(community=community, lead=carl, active=True)

    def leave_and_release():
        membership.leave(person=carl, community=community)
        # What the receiver does once the leave commits.
        return services.release_project_leads(person=carl, community=community)

    results = run_together(
        [leave_and_release, lambda: services.update_project(project=project, by=lena, lead=dana)]
    )

    assert not [result for result in results if isinstance(result, Exception)], results
    project.refresh_from_db()
    # Whichever came first, Dana leads it: never someone who left, and never nobody.
    assert project.lead_id == dana.pk
