"""factory_boy factories for proposals and their support.

They write rows directly: use them to set up a programme's proposals; use `proposals.services`
for the behaviour under test.
"""

import factory

from proposals.models import Proposal, Support

from .factories import PersonFactory, PracticeAreaFactory


class ProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Proposal

    name = factory.Sequence(lambda n: f"Proposed community {n}")
    practice_area = factory.SubFactory(PracticeAreaFactory)
    purpose = "Colleagues who manage research data across faculties."
    why_now = "New funder rules start next year."
    would_lead = False
    proposer = factory.SubFactory(PersonFactory)


class SupportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Support

    proposal = factory.SubFactory(ProposalFactory)
    person = factory.SubFactory(PersonFactory)
