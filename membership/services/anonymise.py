"""Anonymising a person who has left UCL: the Head's answer to their right to be forgotten.

What they did stays, so every count and past month's report stays true: their memberships (and
their history), interests, RSVPs, project places, the sessions they hosted and what they wrote
or shared. What says who they were goes: their name, department, job title and address, their
sign-in, every session and sign-in record, the admin's log entries about them, the emails to
them (and their name in emails to others), and whatever the apps above hold only for them,
which each app forgets on `membership.signals.person_anonymised`.

All of it happens in one transaction on the locked person row, the signal's receivers included,
so a failure anywhere leaves the person exactly as they were. One admin log entry records the
act, by the Head, with no name in it.
"""

import secrets
from dataclasses import dataclass

from django.contrib.admin.models import CHANGE, LogEntry
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from communities.models import PracticeArea, ProgrammeContact

from ..models import FORMER_MEMBER, Membership, Person
from ..signals import person_anonymised
from .errors import MembershipError
from .locks import lock_person
from .memberships import set_lead
from .traces import FormerIdentity, erase_traces

# Addresses under .invalid never receive mail (RFC 2606), and the outbox queues nothing for one.
ANONYMISED_DOMAIN = "anonymised.invalid"
LOG_MESSAGE = "Anonymised"


class CannotAnonymise(MembershipError):
    """Anonymising this person is refused: `message` says why."""

    code = "cannot_anonymise"


class AlreadyAnonymised(CannotAnonymise):
    code = "already_anonymised"


@dataclass(frozen=True)
class Anonymisation:
    """What anonymising did: the leads stepped down and sponsorships ended (by community and
    area name, which are not personal), and how many traces of each kind were erased."""

    person: Person
    stepped_down_from: tuple[str, ...]
    no_longer_sponsoring: tuple[str, ...]
    erased: dict[str, int]


def anonymised_address() -> str:
    """A new address for an anonymised person: random, so it says nothing of who they were
    (not even their id), and unique like every address."""
    return f"former-member-{secrets.token_hex(12)}@{ANONYMISED_DOMAIN}"


def anonymise_person(
    *, person: Person, by: Person, remove_resources: bool = False
) -> Anonymisation:
    """Anonymise `person`, who has left UCL, as `by` (the Head or a superuser) asked.

    Refused unless `by` is the Head (her group) or a superuser, and only a superuser may
    anonymise a superuser. Refused for someone already anonymised, for `by` themselves (the
    admin would lock them out mid-click; another of the Head's team can do it), and while the
    programme contact shown on every page uses their address (the Head changes that first).
    The resources they shared stay, shown as a former member's, unless `remove_resources`.
    """
    if not (by.is_superuser or by.is_head_of_cops):
        raise CannotAnonymise("Only the Head of Communities of Practice can anonymise someone.")
    if person.pk == by.pk:
        raise CannotAnonymise(
            "You cannot anonymise yourself: ask another member of the Head's team or a superuser."
        )
    with transaction.atomic():
        locked = lock_person(person)
        if locked.is_anonymised:
            raise AlreadyAnonymised("This person has already been anonymised.")
        if locked.is_superuser and not by.is_superuser:
            raise CannotAnonymise("Only a superuser can anonymise a superuser.")
        named = Q(email__iexact=locked.email)
        if locked.full_name.strip():
            named |= Q(name__iexact=locked.full_name.strip())
        if ProgrammeContact.objects.filter(named).exists():
            raise CannotAnonymise(
                "The programme contact shown on every page names this person or uses their "
                "address. Change the programme contact first, then anonymise them."
            )
        former = FormerIdentity(pk=locked.pk, email=locked.email, full_name=locked.full_name)
        stepped_down = _step_down_as_lead(locked)
        areas = _stop_sponsoring(locked)
        _replace_identity(locked)
        # Inside the transaction (see membership.signals): a receiver's failure undoes it all.
        person_anonymised.send(sender=Person, person=locked, remove_resources=remove_resources)
        erased = erase_traces(former)
        LogEntry.objects.log_actions(
            user_id=by.pk,
            queryset=[locked],
            action_flag=CHANGE,
            change_message=LOG_MESSAGE + ("; resources removed" if remove_resources else ""),
        )
    person.refresh_from_db()
    return Anonymisation(
        person=person, stepped_down_from=stepped_down, no_longer_sponsoring=areas, erased=erased
    )


def _step_down_as_lead(person: Person) -> tuple[str, ...]:
    """A community is not led by a nobody: each lead role ends through `set_lead`, as the Head
    would stand them down (the membership itself stays, so the counts do)."""
    leading = list(
        Membership.objects.active()
        .filter(person=person, is_lead=True)
        .select_related("person", "community")
        .order_by("pk")
    )
    for membership in leading:
        set_lead(membership=membership, is_lead=False)
    return tuple(membership.community.name for membership in leading)


def _stop_sponsoring(person: Person) -> tuple[str, ...]:
    """A practice area whose sponsor left shows "TBC" until the Head names the next one."""
    areas = list(PracticeArea.objects.filter(sponsor=person).order_by("name"))
    for area in areas:
        area.sponsor = None
        area.save(update_fields=["sponsor"])  # saved one by one, so its history records it
    return tuple(area.name for area in areas)


def _replace_identity(person: Person) -> None:
    """Nothing left that says who they were, and no way in: a random address that receives no
    mail, no password, no roles, switched off and out of every list."""
    person.full_name = FORMER_MEMBER
    person.department = ""
    person.job_title = ""
    person.email = anonymised_address()
    person.set_unusable_password()
    person.is_active = False
    person.hidden_from_lists = True
    person.is_superuser = False
    person.is_staff = False
    person.last_login = None
    person.anonymised_at = timezone.now()
    person.save()
    person.groups.clear()
    person.user_permissions.clear()
