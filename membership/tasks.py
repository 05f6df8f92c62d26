"""Background work: the programme's emails, queued through django.tasks.

Services queue these with `transaction.on_commit`, so nobody is emailed about a change that
rolled back. In development the immediate backend runs them in the request; in production
django-tasks-db's worker runs them in a second process.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMultiAlternatives
from django.tasks import task, task_backends
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from communities.models import Community, ProgrammeContact

from . import services
from .models import HEAD_OF_COPS_GROUP, Interest, Membership, Person

logger = logging.getLogger(__name__)

NOTICE_RETRY_DELAY = timedelta(minutes=10)
NOTICE_MAX_ATTEMPTS = 5


def send_templated_email(*, to: list[str], template: str, context: dict) -> None:
    """Send `emails/<template>` as plain text with an HTML alternative."""
    context = {"site_url": settings.SITE_URL, "contact": ProgrammeContact.current(), **context}
    subject = " ".join(render_to_string(f"emails/{template}_subject.txt", context).split())
    message = EmailMultiAlternatives(
        subject=subject, body=render_to_string(f"emails/{template}.txt", context), to=to
    )
    message.attach_alternative(render_to_string(f"emails/{template}.html", context), "text/html")
    message.send()


def head_of_cops_addresses() -> list[str]:
    """Everyone in the CoP administrators group, or the published contact if nobody is."""
    group = Group.objects.filter(name=HEAD_OF_COPS_GROUP).first()
    addresses = (
        list(group.user_set.filter(is_active=True).values_list("email", flat=True)) if group else []
    )
    if not addresses and (contact := ProgrammeContact.current()):
        addresses = [contact.email]
    return addresses


class NoticesFailed(Exception):
    """Some notices could not be sent; they are retried where the backend allows."""


def retry_later(task, *, attempt: int, **kwargs) -> bool:
    """Queue `task` again after NOTICE_RETRY_DELAY, up to NOTICE_MAX_ATTEMPTS in all.

    Only a backend that can defer (the database worker) can wait; the immediate backend would
    retry at once against the same failing server, so there the failure is only logged.
    """
    if not task_backends["default"].supports_defer or attempt >= NOTICE_MAX_ATTEMPTS:
        return False
    task.using(run_after=timezone.now() + NOTICE_RETRY_DELAY).enqueue(attempt=attempt + 1, **kwargs)
    return True


@task()
def notify_interested_of_launch(*, community_id: int, attempt: int = 1) -> int:
    """Email everyone interested in a newly launched community, once each.

    A failed send leaves that interest pending. Where the backend can defer (the database
    worker) the task re-enqueues itself for the rest, up to NOTICE_MAX_ATTEMPTS times;
    otherwise they wait for the Head's "Resend pending launch notices".
    """
    community = Community.objects.get(pk=community_id)
    if community.status != Community.Status.LAUNCHED:
        # Closed (or reopened) before a retry ran: telling people to join would mislead them.
        logger.info("Launch notices for %s not sent: it is no longer launched", community.name)
        return 0

    def send(interest: Interest) -> None:
        send_templated_email(
            to=[interest.person.email],
            template="launch_notice",
            context={"person": interest.person, "community": community},
        )

    sent, failed = services.deliver_launch_notices(community=community, send=send)
    if failed:
        retry_later(notify_interested_of_launch, attempt=attempt, community_id=community_id)
        raise NoticesFailed(
            f"{failed} launch notice(s) for {community.name} failed (attempt {attempt}); "
            "they stay pending."
        )
    return sent


@task()
def notify_members_of_closure(
    *, community_id: int, membership_ids: list[int], attempt: int = 1
) -> int:
    """Tell the members whose memberships ended that their community has closed.

    Sends that fail are retried, for those members only, as launch notices are.
    """
    community = Community.objects.get(pk=community_id)
    memberships = Membership.objects.filter(pk__in=membership_ids).select_related("person")
    sent, failed = 0, []
    for membership in memberships:
        try:
            send_templated_email(
                to=[membership.person.email],
                template="closure_notice",
                context={"person": membership.person, "community": community},
            )
            sent += 1
        except Exception:
            logger.exception("Closure notice to %s failed", membership.person.email)
            failed.append(membership.pk)
    if failed:
        retry_later(
            notify_members_of_closure,
            attempt=attempt,
            community_id=community_id,
            membership_ids=failed,
        )
        raise NoticesFailed(
            f"{len(failed)} closure notice(s) for {community.name} failed (attempt {attempt})."
        )
    return sent


@task()
def notify_head_of_lead_change(*, membership_id: int) -> None:
    """Tell the Head of CoPs that a lead stopped being a lead because their core moved."""
    membership = Membership.objects.select_related("person", "community").get(pk=membership_id)
    send_templated_email(
        to=head_of_cops_addresses(),
        template="lead_stepped_down",
        context={"membership": membership},
    )


def password_set_link(person: Person) -> str:
    """An absolute link to Django's password-reset confirm page, valid for one use.

    Django's PasswordResetForm skips people whose password is unusable, which is every
    imported member of staff, so the invitation builds the same token and link itself.
    """
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(person.pk)),
            "token": default_token_generator.make_token(person),
        },
    )
    return f"{settings.SITE_URL}{path}"


@task()
def send_invitations(*, person_ids: list[int]) -> int:
    """Invite people to set a password and sign in; a failed send is logged and skipped."""
    sent = 0
    for person in Person.objects.filter(pk__in=person_ids, is_active=True):
        try:
            send_templated_email(
                to=[person.email],
                template="invitation",
                context={
                    "person": person,
                    "link": password_set_link(person),
                    "valid_days": settings.PASSWORD_RESET_TIMEOUT // (24 * 60 * 60),
                },
            )
            sent += 1
        except Exception:
            logger.exception("Invitation to %s failed", person.email)
    return sent
