"""factory_boy factories for test data.

MembershipFactory writes rows directly: use it to set up history (past joins and leaves);
use `membership.services` for the behaviour under test.
"""

import factory
from django.utils import timezone

from communities.models import Community, PracticeArea
from membership.models import Interest, Membership, Person


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@ucl.ac.uk")
    full_name = factory.Faker("name", locale="en_GB")
    department = "Finance"
    job_title = "Analyst"
    password = factory.django.Password("correct horse battery staple")


class PracticeAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PracticeArea

    name = factory.Sequence(lambda n: f"Practice area {n}")
    slug = factory.Sequence(lambda n: f"practice-area-{n}")
    sponsor = None


class CommunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Community

    name = factory.Sequence(lambda n: f"Community {n}")
    slug = factory.Sequence(lambda n: f"community-{n}")
    practice_area = factory.SubFactory(PracticeAreaFactory)
    status = Community.Status.LAUNCHED
    summary = "A community for testing."


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    person = factory.SubFactory(PersonFactory)
    community = factory.SubFactory(CommunityFactory)
    kind = Membership.Kind.WIDER
    joined_at = factory.LazyFunction(timezone.now)


class InterestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interest

    person = factory.SubFactory(PersonFactory)
    community = factory.SubFactory(CommunityFactory, status=Community.Status.PREPARING)


class EmailFactory(factory.django.DjangoModelFactory):
    """An outbox email, pending and due unless told otherwise."""

    class Meta:
        model = "outbox.Email"

    to_address = factory.Sequence(lambda n: f"reader{n}@ucl.ac.uk")
    kind = "closure_notice"
    subject = factory.Sequence(lambda n: f"Community {n} has closed")
    body_text = "Your community has closed."
    # Looked up at each call, so a test that moves the clock moves these too.
    created_at = factory.LazyFunction(lambda: timezone.now())
    next_attempt_at = factory.LazyFunction(lambda: timezone.now())
