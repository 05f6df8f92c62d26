"""factory_boy factories for sessions, RSVPs and announcements.

They write rows directly: use them to set up the scene (a full session, a past one, people
already going); use `activities.services` for the behaviour under test.
"""

from datetime import timedelta

import factory
from django.utils import timezone

from activities.models import Announcement, Rsvp, Session

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
