"""Cache versions: what each kind of write bumps, and that a flushed cache never goes back.

The catalogue version keys the list, the home page and the reports; each community's version
keys its page. A write must bump what it changes, and nothing more: an RSVP in one community
must not empty every cached page at term start.
"""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from activities import services as activity_services
from communities.models import ProgrammeContact
from communities.versions import (
    bump_catalogue,
    bump_community,
    catalogue_version,
    community_version,
    community_versions,
)
from membership import services

from .activity_factories import RsvpFactory, SessionFactory
from .factories import (
    CommunityFactory,
    MembershipFactory,
    PersonFactory,
    PracticeAreaFactory,
)

pytestmark = pytest.mark.django_db


class Versions:
    """The catalogue's version and those of `communities`, before and after a write."""

    def __init__(self, *communities):
        self.communities = communities
        self.before = self.read()

    def read(self) -> tuple[int, ...]:
        return (catalogue_version(), *(community_version(c.pk) for c in self.communities))

    def bumped(self) -> tuple[bool, ...]:
        return tuple(now != then for now, then in zip(self.read(), self.before, strict=True))


def test_a_version_starts_from_the_clock_so_a_flushed_cache_never_goes_back(community):
    first = community_version(community.pk)
    bump_community(community.pk)
    bumped = community_version(community.pk)
    cache.clear()

    assert first > 10**15  # microseconds since 1970, not 1
    assert bumped > first
    assert community_version(community.pk) > bumped


def test_a_bump_inside_a_transaction_happens_now_and_again_after_commit(
    django_capture_on_commit_callbacks,
):
    before = catalogue_version()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        bump_catalogue()
        during = catalogue_version()

    assert during > before  # a read later in the same transaction already misses
    assert len(callbacks) == 1
    assert catalogue_version() > during  # and a page built before the commit is left behind


def test_a_bump_of_a_version_never_read_starts_it_afresh(community):
    bump_community(community.pk)

    assert community_version(community.pk) > 10**15


def test_several_communities_versions_are_read_together(community, other_community):
    versions = community_versions([community.pk, other_community.pk])

    assert versions == {
        community.pk: community_version(community.pk),
        other_community.pk: community_version(other_community.pk),
    }


def test_joining_bumps_the_catalogue_and_that_community_only(staff, community, other_community):
    versions = Versions(community, other_community)

    services.join(person=staff, community=community, kind="core")

    assert versions.bumped() == (True, True, False)


@pytest.mark.parametrize("write", ["leave", "kind", "interest", "close", "launch"])
def test_every_membership_change_bumps_the_catalogue_and_its_community(
    write, staff, community, preparing_community, other_community
):
    MembershipFactory(person=staff, community=community, kind="core")
    target = preparing_community if write in {"interest", "launch"} else community
    versions = Versions(target, other_community)

    if write == "leave":
        services.leave(person=staff, community=community)
    elif write == "kind":
        services.change_kind(person=staff, community=community, kind="wider")
    elif write == "interest":
        services.register_interest(person=staff, community=preparing_community)
    elif write == "close":
        services.close_community(community=community)
    else:
        services.launch_community(community=preparing_community)

    assert versions.bumped() == (True, True, False)


def test_switching_core_bumps_both_communities(staff, community, other_community):
    MembershipFactory(person=staff, community=community, kind="core")
    versions = Versions(community, other_community)

    services.join(person=staff, community=other_community, kind="core", switch_core=True)

    assert versions.bumped() == (True, True, True)


def test_an_rsvp_bumps_only_its_own_community(staff, community, other_community):
    MembershipFactory(person=staff, community=community)
    session = SessionFactory(community=community)
    versions = Versions(community, other_community)

    activity_services.rsvp(session=session, person=staff)

    assert versions.bumped() == (False, True, False)


def test_scheduling_and_cancelling_a_session_bump_only_its_community(
    staff, community, other_community
):
    MembershipFactory(person=staff, community=community, kind="core")
    versions = Versions(community, other_community)
    starts = timezone.now() + timedelta(days=3)

    session = activity_services.schedule_session(
        community=community,
        by=staff,
        title="Dashboards at lunch",
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
        location="Room 1",
    )
    assert versions.bumped() == (False, True, False)

    versions = Versions(community, other_community)
    activity_services.cancel_session(session=session, by=staff)
    assert versions.bumped() == (False, True, False)


@pytest.mark.parametrize("write", ["announcement", "project", "resource"])
def test_what_a_community_makes_bumps_only_that_community(write, staff, community, other_community):
    MembershipFactory(person=staff, community=community, kind="core", is_lead=True)
    versions = Versions(community, other_community)

    if write == "announcement":
        activity_services.post_announcement(
            community=community, author=staff, subject="Hello", body="Hi", audience="all"
        )
    elif write == "project":
        activity_services.propose_project(
            community=community, by=staff, title="Glossary", aim="One list of terms"
        )
    else:
        activity_services.add_resource(
            community=community,
            author=staff,
            title="Checklist",
            kind="tool",
            url="https://example.org/checklist",
        )

    assert versions.bumped() == (False, True, False)


def test_marking_attendance_and_hiding_a_resource_bump_though_they_use_update(
    staff, community, other_community
):
    from .activity_factories import ResourceFactory

    MembershipFactory(person=staff, community=community, kind="core", is_lead=True)
    session = SessionFactory(community=community, past=True, host=staff)
    going = RsvpFactory(session=session)
    resource = ResourceFactory(community=community)

    versions = Versions(community, other_community)
    activity_services.mark_attendance(session=session, by=staff, attended_rsvp_ids={going.pk})
    assert versions.bumped() == (False, True, False)

    versions = Versions(community, other_community)
    activity_services.hide_resource(resource=resource, by=staff)
    assert versions.bumped() == (False, True, False)


def test_editing_a_community_bumps_the_catalogue_and_that_community(community, other_community):
    versions = Versions(community, other_community)

    community.summary = "Numbers that help decide"
    community.save()

    assert versions.bumped() == (True, True, False)


def test_editing_a_practice_area_bumps_the_catalogue_and_its_communities():
    area = PracticeAreaFactory()
    mine, theirs = CommunityFactory(practice_area=area), CommunityFactory()
    versions = Versions(mine, theirs)

    area.name = "Planning and Insight"
    area.save()

    assert versions.bumped() == (True, True, False)


def test_the_programme_contact_shown_in_every_footer_bumps_everything(community, other_community):
    versions = Versions(community, other_community)

    ProgrammeContact.objects.create(name="Daniela", email="d@ucl.ac.uk")

    assert versions.bumped() == (True, True, True)


def test_renaming_a_person_bumps_every_page_that_may_name_them(community, other_community):
    person = PersonFactory(full_name="Lena Lead")
    versions = Versions(community, other_community)

    person.full_name = "Lena Leader"
    person.save()

    assert versions.bumped() == (True, True, True)


def test_a_new_department_bumps_only_the_catalogue(community):
    person = PersonFactory(department="Finance")
    versions = Versions(community)

    person.department = "Estates"
    person.save()

    assert versions.bumped() == (True, False)


def test_signing_in_or_saving_a_person_unchanged_bumps_nothing(client, staff, community):
    versions = Versions(community)

    client.force_login(staff)  # saves last_login only
    staff.save()  # nothing changed

    assert versions.bumped() == (False, False)


def test_ending_a_reconfirmation_round_bumps_the_catalogue(community):
    from membership.models import Reconfirmation
    from membership.services.rounds import Outcome, close_rounds

    membership = MembershipFactory(community=community, kind="core")
    Reconfirmation.objects.create(
        membership=membership, step=1, round_started_at=timezone.now() - timedelta(days=400)
    )
    versions = Versions(community)

    close_rounds([membership.pk], Outcome.CONFIRMED)

    assert versions.bumped()[0]
