"""One small programme with an object of every kind, for the access matrix and the fuzz tests.

Personas (the matrix's roles): anonymous; `staff`, an outsider who belongs to nothing; `sponsor`
of Planning; `head` (the CoP administrators group); `superuser`; and `flag_only`, an account
with `is_staff` set some other way, which must get nowhere in the admin.

Objects belong to others: Mo's membership, RSVP, resources (one hidden), calendar token,
interest and proposal (which Lena supports); Lena leads Data and Insight and hosts its
sessions; Human Resources is another sponsor's area.
"""

from dataclasses import dataclass
from datetime import timedelta

from allauth.socialaccount.models import SocialAccount
from axes.models import AccessAttempt
from django.apps import apps
from django.contrib.auth.models import Group
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from activities.models import CalendarFeed
from communities.models import Community, ProgrammeContact
from membership.models import HEAD_OF_COPS_GROUP, Person

from .activity_factories import (
    AnnouncementFactory,
    ProjectFactory,
    ProjectMemberFactory,
    ResourceFactory,
    RsvpFactory,
    SessionFactory,
)
from .factories import (
    CommunityFactory,
    EmailFactory,
    InterestFactory,
    MembershipFactory,
    PersonFactory,
    PracticeAreaFactory,
)
from .proposal_factories import ProposalFactory, SupportFactory

ROLES = ["anonymous", "staff", "sponsor", "head", "superuser", "flag_only"]


@dataclass
class World:
    people: dict[str, Person | None]
    community: Community
    other_community: Community
    preparing: Community
    area_slug: str
    other_area_slug: str
    ids: dict[str, object]


def build_world() -> World:
    """Make the programme; every id the matrix's addresses need is in `World.ids`."""
    sponsor = PersonFactory(email="sam.sponsor@ucl.ac.uk", full_name="Sam Sponsor")
    other_sponsor = PersonFactory(email="hana.hr@ucl.ac.uk", full_name="Hana Sponsor")
    head = PersonFactory(email="daniela@ucl.ac.uk", full_name="Daniela Head")
    head.groups.add(Group.objects.get(name=HEAD_OF_COPS_GROUP))
    head.refresh_from_db()
    superuser = Person.objects.create_superuser(
        email="root@ucl.ac.uk", password="correct horse battery staple", full_name="Site Admin"
    )
    staff = PersonFactory(email="alice@ucl.ac.uk", full_name="Alice Adams")
    flag_only = PersonFactory(email="flag@ucl.ac.uk", full_name="Flag Only", is_staff=True)
    lena = PersonFactory(email="lena@ucl.ac.uk", full_name="Lena Lead")
    mo = PersonFactory(email="mo@ucl.ac.uk", full_name="Mo Member")

    planning = PracticeAreaFactory(name="Planning", slug="planning", sponsor=sponsor)
    hr = PracticeAreaFactory(name="Human Resources", slug="human-resources", sponsor=other_sponsor)
    community = CommunityFactory(
        name="Data and Insight", slug="data-and-insight", practice_area=planning
    )
    other = CommunityFactory(name="Appraisals", slug="appraisals", practice_area=hr)
    preparing = CommunityFactory(
        name="Strategy", slug="strategy", practice_area=planning, status=Community.Status.PREPARING
    )
    lead_membership = MembershipFactory(person=lena, community=community, kind="core", is_lead=True)
    membership = MembershipFactory(person=mo, community=community, kind="core")
    MembershipFactory(person=mo, community=other, kind="wider")
    interest = InterestFactory(person=mo, community=preparing)

    session = SessionFactory(community=community, host=lena)
    past = SessionFactory(
        community=community,
        host=lena,
        starts_at=timezone.now() - timedelta(days=2),
        ends_at=timezone.now() - timedelta(days=2) + timedelta(hours=1),
    )
    rsvp = RsvpFactory(session=session, person=mo)
    RsvpFactory(session=past, person=mo)
    announcement = AnnouncementFactory(community=community, author=lena)
    project = ProjectFactory(community=community, lead=lena)
    project_member = ProjectMemberFactory(project=project, person=mo)
    resource = ResourceFactory(community=community, author=mo)
    document = ResourceFactory(community=community, author=mo, pdf=True)
    hidden = ResourceFactory(community=community, author=mo, hidden=True)
    feed = CalendarFeed.objects.create(person=mo)
    proposal = ProposalFactory(name="Research Data Management", proposer=mo, practice_area=planning)
    SupportFactory(proposal=proposal, person=lena)
    email = EmailFactory(recipient=mo, to_address=mo.email)
    contact = ProgrammeContact.objects.create(
        name="Daniela Head", role="Head of CoPs", email="cops@ucl.ac.uk"
    )
    attempt = AccessAttempt.objects.create(
        username="mo@ucl.ac.uk",
        ip_address="127.0.0.1",
        user_agent="test",
        path_info="/accounts/login/",
        get_data="",
        post_data="",
        http_accept="text/html",
        failures_since_start=1,
    )
    social = SocialAccount.objects.create(user=mo, provider="ucl", uid="mo-subject", extra_data={})
    task = DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="outbox.tasks.send_email",
        backend_name="default",
        run_after=timezone.now(),
        exception_class_path="",
        traceback="",
    )
    reconfirmation = apps.get_model("membership", "Reconfirmation").objects.create(
        membership=membership, step=1, round_started_at=timezone.now() - timedelta(days=365)
    )
    history_version = community.history.order_by("history_id").first()
    membership_version = membership.history.order_by("history_id").first()
    area_version = planning.history.order_by("history_id").first()

    return World(
        people={
            "anonymous": None,
            "staff": staff,
            "sponsor": sponsor,
            "head": head,
            "superuser": superuser,
            "flag_only": flag_only,
        },
        community=community,
        other_community=other,
        preparing=preparing,
        area_slug=planning.slug,
        other_area_slug=hr.slug,
        ids={
            "community": community.pk,
            "area": planning.pk,
            "membership": membership.pk,
            "lead_membership": lead_membership.pk,
            "interest": interest.pk,
            "person": mo.pk,
            "superuser": superuser.pk,
            "session": session.pk,
            "past_session": past.pk,
            "rsvp": rsvp.pk,
            "announcement": announcement.pk,
            "project": project.pk,
            "project_member": project_member.pk,
            "resource": resource.pk,
            "document": document.pk,
            "hidden": hidden.pk,
            "token": feed.token,
            "email": email.pk,
            "contact": contact.pk,
            "reconfirmation": reconfirmation.pk,
            "proposal": proposal.pk,
            "attempt": attempt.pk,
            "social": social.pk,
            "task": task.pk,
            "group": Group.objects.get(name=HEAD_OF_COPS_GROUP).pk,
            "community_version": history_version.pk,
            "membership_version": membership_version.pk,
            "area_version": area_version.pk,
        },
    )
