"""A leaver with a trace in every corner of the portal, for the anonymising and /me/data/ tests.

Zebedee Quarrington-Smythe leads Data and Insight, is a wider member of Events Management,
sponsors their practice area, registered interest in Widening Participation, hosts a session,
goes to and attended others, wrote an announcement, leads a project and takes part in another,
shared a link and a file, proposed a community, and has a calendar feed, emails to him and about
him, sessions, sign-in attempts, a single sign-on link, admin log entries, a background task and
an import preview. Nobody else's data mentions his name or address except where the portal put it.
"""

from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from axes.models import AccessAttempt, AccessFailureLog
from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from activities.models import AnnouncementOptOut, CalendarFeed
from communities.models import Community
from membership import emails, services
from membership.models import Membership, Person

from .activity_factories import (
    AnnouncementFactory,
    ProjectFactory,
    ProjectMemberFactory,
    ResourceFactory,
    RsvpFactory,
    SessionFactory,
)
from .factories import CommunityFactory, MembershipFactory, PersonFactory, PracticeAreaFactory
from .proposal_factories import ProposalFactory, SupportFactory

NAME = "Zebedee Quarrington-Smythe"
EMAIL = "zq.smythe@ucl.ac.uk"
LOCAL_PART = "zq.smythe"
DEPARTMENT = "Zoological Quantitative Unit"
JOB_TITLE = "Principal Quizmaster"
PASSWORD = "correct horse battery staple"


@dataclass
class Leaver:
    person: Person
    head: Person
    colleague: Person
    lead_community: Community
    wider_community: Community
    area_slug: str
    feed_token: str
    signed_in: list[Client] = field(default_factory=list)
    file_name: str = ""


def build_leaver_world(head: Person) -> Leaver:
    """Make the leaver and everything around him; returns handles the tests need."""
    zeb = PersonFactory(
        email=EMAIL, full_name=NAME, department=DEPARTMENT, job_title=JOB_TITLE, password=PASSWORD
    )
    colleague = PersonFactory(email="cara.colleague@ucl.ac.uk", full_name="Cara Colleague")
    area = PracticeAreaFactory(name="Operations", slug="operations", sponsor=zeb)
    lead_community = CommunityFactory(
        name="Data and Insight", slug="data-and-insight", practice_area=area
    )
    wider_community = CommunityFactory(
        name="Events Management", slug="events-management", practice_area=area
    )
    preparing = CommunityFactory(
        name="Widening Participation",
        slug="widening-participation",
        status="preparing",
        practice_area=area,
    )
    # Through the services, so the history, emails and log entries are the real ones.
    services.join(person=zeb, community=lead_community, kind="core", is_lead=True)
    services.join(person=colleague, community=lead_community, kind="core", is_lead=True)
    services.join(person=zeb, community=wider_community, kind="wider")
    services.register_interest(person=zeb, community=preparing)
    MembershipFactory(community=wider_community, kind="core", is_lead=True)
    for _ in range(3):
        MembershipFactory(community=wider_community, kind="wider")

    SessionFactory(community=lead_community, host=zeb, title="Zeb's session on dashboards")
    theirs = SessionFactory(community=lead_community, host=colleague)
    held = SessionFactory(community=lead_community, host=colleague, past=True)
    RsvpFactory(session=theirs, person=zeb)
    RsvpFactory(session=held, person=zeb, attended=True)
    AnnouncementFactory(community=lead_community, author=zeb, subject="Dashboards next week")
    project = ProjectFactory(community=lead_community, lead=zeb, title="Dashboard standards")
    ProjectMemberFactory(project=project, person=colleague)
    others = ProjectFactory(community=lead_community, lead=colleague, title="Data glossary")
    ProjectMemberFactory(project=others, person=zeb)
    ResourceFactory(community=lead_community, author=zeb, title="Zeb's checklist link")
    document = ResourceFactory(community=lead_community, author=zeb, pdf=True, title="Zeb's PDF")
    feed = CalendarFeed.objects.create(person=zeb)
    proposal = ProposalFactory(proposer=zeb, name="Dashboard Builders", would_lead=True)
    SupportFactory(proposal=proposal, person=colleague)
    AnnouncementOptOut.objects.create(person=zeb, community=wider_community)

    # Emails to him (with a reset link), about him to the Head, and from him to the leads.
    emails.queue_password_reset(person=zeb)
    lead_membership = Membership.objects.get(person=zeb, community=lead_community)
    emails.queue_lead_stepped_down(membership=lead_membership)
    services.contact_leads(
        community=wider_community, sender=zeb, message=f"Hello, this is {NAME} ({EMAIL})."
    )

    # Sign-in traces: two sessions, failed attempts, a single sign-on link, a reset task.
    signed_in = []
    for _ in range(2):
        client = Client()
        client.force_login(zeb)
        signed_in.append(client)
    AccessAttempt.objects.create(
        username=EMAIL,
        ip_address="10.0.0.7",
        user_agent="Firefox",
        path_info="/accounts/login/",
        get_data="",
        post_data=f"username={EMAIL}&password=********",
        http_accept="text/html",
        failures_since_start=2,
    )
    AccessFailureLog.objects.create(
        username=EMAIL, ip_address="10.0.0.7", user_agent="Firefox", path_info="/accounts/login/"
    )
    SocialAccount.objects.create(
        user=zeb,
        provider="ucl",
        uid="entra-subject-zeb",
        extra_data={"name": NAME, "email": EMAIL, "preferred_username": EMAIL},
    )
    EmailAddress.objects.create(user=zeb, email=EMAIL, verified=True, primary=True)
    DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {"email": EMAIL}},
        task_path="membership.tasks.send_password_reset",
        backend_name="default",
        run_after=timezone.now() - timedelta(minutes=5),
        exception_class_path="",
        traceback="",
    )

    # The admin's log: the Head changed his record and his membership.
    LogEntry.objects.log_actions(
        user_id=head.pk, queryset=[zeb], action_flag=CHANGE, change_message="Changed job title."
    )
    LogEntry.objects.log_actions(
        user_id=head.pk, queryset=[lead_membership], action_flag=CHANGE, change_message="Lead."
    )
    # An import preview waiting for the Head's confirmation, listing him.
    folder = Path(settings.IMPORT_PREVIEW_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / ("a" * 32)).write_text(f"email,full_name\n{EMAIL},{NAME}\n")

    return Leaver(
        person=zeb,
        head=head,
        colleague=colleague,
        lead_community=lead_community,
        wider_community=wider_community,
        area_slug=area.slug,
        feed_token=feed.token,
        signed_in=signed_in,
        file_name=document.file.name,
    )
