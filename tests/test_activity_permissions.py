"""Who may schedule, manage sessions and post announcements: the permission functions."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from activities.permissions import can_manage, can_post_announcement, can_schedule

from .activity_factories import SessionFactory
from .factories import MembershipFactory, PersonFactory


@pytest.fixture
def people(community, staff, head, superuser):
    """Everyone the rules tell apart, by role in `community`."""
    wider = staff
    MembershipFactory(person=wider, community=community, kind="wider")
    core = PersonFactory(full_name="Carl Core")
    MembershipFactory(person=core, community=community, kind="core")
    lead = PersonFactory(full_name="Lena Lead")
    MembershipFactory(person=lead, community=community, kind="core", is_lead=True)
    host = PersonFactory(full_name="Hana Host")
    MembershipFactory(person=host, community=community, kind="wider")
    former_lead = PersonFactory(full_name="Fred Former")
    MembershipFactory(
        person=former_lead,
        community=community,
        kind="core",
        joined_at=timezone.now() - timedelta(days=60),
        ended_at=timezone.now() - timedelta(days=1),
    )
    elsewhere_lead = PersonFactory(full_name="Ella Elsewhere")
    MembershipFactory(
        person=elsewhere_lead, community=SessionFactory().community, kind="core", is_lead=True
    )
    return {
        "anonymous": AnonymousUser(),
        "outsider": PersonFactory(full_name="Olly Outsider"),
        "wider": wider,
        "core": core,
        "lead": lead,
        "host": host,
        "former core": former_lead,
        "lead elsewhere": elsewhere_lead,
        "head": head,
        "superuser": superuser,
        "inactive head": PersonFactory(is_active=False, is_superuser=True),
    }


def allowed(people, check) -> set[str]:
    return {role for role, person in people.items() if check(person)}


def test_core_members_leads_and_the_head_schedule_sessions(people, community):
    assert allowed(people, lambda person: can_schedule(person, community)) == {
        "core",
        "lead",
        "head",
        "superuser",
    }


def test_in_a_community_still_in_preparation_only_the_head_schedules(people, preparing_community):
    assert allowed(people, lambda person: can_schedule(person, preparing_community)) == {
        "head",
        "superuser",
    }


def test_nobody_schedules_in_a_closed_community(people, closed_community):
    assert allowed(people, lambda person: can_schedule(person, closed_community)) == set()


def test_the_host_leads_and_the_head_manage_a_session(people, community):
    session = SessionFactory(community=community, host=people["host"])

    assert allowed(people, lambda person: can_manage(person, session)) == {
        "host",
        "lead",
        "head",
        "superuser",
    }


def test_leads_and_the_head_post_announcements(people, community, closed_community):
    assert allowed(people, lambda person: can_post_announcement(person, community)) == {
        "lead",
        "head",
        "superuser",
    }
    assert allowed(people, lambda person: can_post_announcement(person, closed_community)) == set()
