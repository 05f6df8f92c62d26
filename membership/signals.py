"""What happens to memberships and communities, told to the apps above this one.

`membership` never imports a higher app. Instead it sends these signals after the change has
committed (never for a change that rolled back), and a higher app connects receivers in its
`AppConfig.ready()`. Every path that changes a membership (the pages, the admin, imports,
reconfirmation) goes through `membership.services`, which sends them.

Arguments, besides `sender` (the model class):
- `membership_joined`: `membership`.
- `membership_ended`: `membership`, `reason` ("left", "switched" or "community_closed").
- `core_moved`: `person`, `previous` (the old core membership, now wider or ended) and
  `current` (the new core membership).
- `kind_changed`: `membership`, `old_kind`, `new_kind` (core to wider or back).
- `community_launched`: `community`.
- `community_closed`: `community`, `membership_ids` (the memberships the closure ended).
- `person_anonymised`: `person` (already anonymised, in memory and in the database) and
  `remove_resources` (whether the Head chose to remove what they shared). Unlike the others it
  is sent INSIDE the anonymising transaction, with plain `send()`: a receiver that fails rolls
  the whole anonymisation back, so nobody is ever left half-anonymised. Receivers therefore do
  only database work on rows, and schedule file deletions with `transaction.on_commit`.
"""

import logging

from django.db import transaction
from django.dispatch import Signal

logger = logging.getLogger(__name__)

membership_joined = Signal()
membership_ended = Signal()
core_moved = Signal()
kind_changed = Signal()
community_launched = Signal()
community_closed = Signal()
# Sent inside the transaction (see above): each app forgets its part of the person, or nothing.
person_anonymised = Signal()


def send_after_commit(signal: Signal, sender: type, **kwargs) -> None:
    """Send `signal` once the current transaction commits.

    A receiver that fails is logged, not raised: the change it reacts to has already committed,
    and the person who made it should not see an error for another app's follow-up work.
    """

    def send() -> None:
        for receiver, result in signal.send_robust(sender=sender, **kwargs):
            if isinstance(result, Exception):
                logger.error("Receiver %r of a membership signal failed", receiver, exc_info=result)

    transaction.on_commit(send)
