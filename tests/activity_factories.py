"""factory_boy factories for sessions, RSVPs and announcements.

They write rows directly: use them to set up the scene (a full session, a past one, people
already going); use `activities.services` for the behaviour under test.
"""

from datetime import timedelta

import factory
from django.utils import timezone

from activities.models import Announcement, Rsvp, Session

from . import sample_files
from .factories import CommunityFactory, PersonFactory


def in_a_week():
    # Whole seconds at noon in a week's time: calendars and emails show minutes, not microseconds.
    return (timezone.now() + timedelta(days=7)).replace(minute=0, second=0, microsecond=0)


class SessionFactory(factory.django.DjangoModelFactory):
    """A scheduled lunch-and-learn next week, an hour long, in a room, with no capacity limit."""

    class Meta:
        model = Session

    community = factory.SubFactory(CommunityFactory)
    title = factory.Sequence(lambda n: f"Lunch and learn {n}")
    description = "Bring your lunch and your questions."
    starts_at = factory.LazyFunction(in_a_week)
    ends_at = factory.LazyAttribute(lambda session: session.starts_at + timedelta(hours=1))
    location = "Room G01, 90 Tottenham Court Road"
    capacity = None
    host = factory.SubFactory(PersonFactory)
    created_by = factory.SelfAttribute("host")

    class Params:
        # SessionFactory(past=True): it was held last week.
        past = factory.Trait(
            starts_at=factory.LazyFunction(lambda: in_a_week() - timedelta(days=14))
        )
        cancelled = factory.Trait(status=Session.Status.CANCELLED)


class RsvpFactory(factory.django.DjangoModelFactory):
    """Someone going to a session."""

    class Meta:
        model = Rsvp

    session = factory.SubFactory(SessionFactory)
    person = factory.SubFactory(PersonFactory)
    status = Rsvp.Status.GOING
    # Looked up at each call, so rows made one after another queue in that order.
    created_at = factory.LazyFunction(lambda: timezone.now())


class AnnouncementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Announcement

    community = factory.SubFactory(CommunityFactory)
    author = factory.SubFactory(PersonFactory)
    subject = factory.Sequence(lambda n: f"News from the community {n}")
    body = "Our next session is **on Thursday**."
    audience = Announcement.Audience.ALL
    created_at = factory.LazyFunction(lambda: timezone.now())


class ProjectFactory(factory.django.DjangoModelFactory):
    """A proposed project, led by whoever proposed it. Give `lead` a core membership of the
    community when the rules about leads matter."""

    class Meta:
        model = "activities.Project"

    community = factory.SubFactory(CommunityFactory)
    title = factory.Sequence(lambda n: f"Shared dashboard standards {n}")
    aim = "Agree **one way** to build dashboards across the community."
    status = "proposed"
    lead = factory.SubFactory(PersonFactory)
    created_by = factory.SelfAttribute("lead")
    created_at = factory.LazyFunction(lambda: timezone.now())

    class Params:
        active = factory.Trait(
            status="active", started_on=factory.LazyFunction(lambda: timezone.localdate())
        )
        completed = factory.Trait(
            status="completed",
            started_on=factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30)),
            completed_on=factory.LazyFunction(lambda: timezone.localdate()),
            outcome="A template every dashboard now uses.",
        )


class ProjectMemberFactory(factory.django.DjangoModelFactory):
    """Someone taking part in a project."""

    class Meta:
        model = "activities.ProjectMember"

    project = factory.SubFactory(ProjectFactory)
    person = factory.SubFactory(PersonFactory)
    joined_at = factory.LazyFunction(lambda: timezone.now())


class ResourceFactory(factory.django.DjangoModelFactory):
    """A link shared in a community's library. `ResourceFactory(pdf=True)` shares a small PDF
    instead, stored through the default storage as the services store files."""

    class Meta:
        model = "activities.Resource"

    community = factory.SubFactory(CommunityFactory)
    title = factory.Sequence(lambda n: f"Month-end checklist {n}")
    kind = "tool"
    description = "The steps we follow, **in order**."
    url = "https://ucl.sharepoint.com/sites/finance/checklist"
    author = factory.SubFactory(PersonFactory)
    created_at = factory.LazyFunction(lambda: timezone.now())
    updated_at = factory.SelfAttribute("created_at")

    class Params:
        pdf = factory.Trait(
            url="",
            file=factory.django.FileField(
                filename="resources/test/checklist.pdf",
                data=sample_files.pdf(),
            ),
            file_name="Month-end checklist.pdf",
            file_type="application/pdf",
            file_size=factory.LazyAttribute(lambda resource: resource.file.size),
        )
