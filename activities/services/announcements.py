"""Announcements: news from a community's leads (or the Head), shown on its page and emailed.

An announcement and its emails are written in one transaction, one outbox row per recipient,
so either everyone in the audience is emailed once after commit or, if anything fails, nobody
is and no announcement shows. People choose, community by community, not to be emailed.
"""

from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.urls import reverse

from communities.models import Community, ProgrammeContact
from membership.models import Membership, Person
from outbox.services import queue_email, reference_to
from ucl_cop.markdown import render_markdown

from .. import permissions
from ..models import Announcement, AnnouncementOptOut
from .errors import ActivityError, NotAllowed
from .locks import lock_people_then_community

# Recipients are read from the database this many at a time, so a community of thousands
# never sits in memory at once.
RECIPIENT_BATCH_SIZE = 500


class CommunityClosed(ActivityError):
    """A closed community posts nothing: its memberships have all ended."""

    code = "community_closed"


def recipients(*, community: Community, audience: str) -> QuerySet[Person]:
    """The people an announcement to `audience` reaches: the community's active members (core
    members only for "core") who are active and have not opted out of its announcements."""
    members = Membership.objects.active().filter(community=community)
    if audience == Announcement.Audience.CORE:
        members = members.core()
    opted_out = AnnouncementOptOut.objects.filter(community=community).values("person")
    return (
        Person.objects.filter(is_active=True, pk__in=members.values("person"))
        .exclude(pk__in=opted_out)
        .order_by("pk")
    )


def opted_out_community_ids(person: Person) -> set[int]:
    """The communities whose announcements `person` has asked not to be emailed."""
    return set(AnnouncementOptOut.objects.filter(person=person).values_list("community", flat=True))


def audience_sizes(community: Community) -> dict[str, int]:
    """How many active members each audience names, in one query: {"all": n, "core": m}."""
    counts = (
        Membership.objects.active()
        .filter(community=community)
        .aggregate(all=Count("pk"), core=Count("pk", filter=Q(kind=Membership.Kind.CORE)))
    )
    return {Announcement.Audience.ALL: counts["all"], Announcement.Audience.CORE: counts["core"]}


def post_announcement(
    *, community: Community, author: Person, subject: str, body: str, audience: str
) -> Announcement:
    """Post an announcement to a community that is not closed, and email its audience.

    Only the community's active leads and the Head (or a superuser) may post; anyone else is
    refused with NotAllowed. The audience is "all" (every active member) or "core" (active core
    members). Each recipient gets one email after commit, reply-to the author; the author gets
    one only if they are in the audience; people who opted out of the community get none.
    The returned announcement's `emails_queued` says how many emails were queued.
    """
    with transaction.atomic():
        # With the author's row locked they cannot stop being a lead, and with the community's
        # it cannot close, until this commits.
        community = lock_people_then_community([author], community)
        if community.status == Community.Status.CLOSED:
            raise CommunityClosed(f"{community.name} has closed, so it cannot post announcements.")
        if not permissions.can_post_announcement(author, community):
            raise NotAllowed(
                f"Only the leads of {community.name} and the Head of Communities of Practice "
                "can post its announcements."
            )
        announcement = Announcement(
            community=community,
            author=author,
            subject=subject.strip(),
            body=body.strip(),
            audience=audience,
        )
        announcement.full_clean()
        announcement.save()
        announcement.emails_queued = _queue_emails(announcement)
    return announcement


def _queue_emails(announcement: Announcement) -> int:
    """Queue the announcement for each recipient, reading them in batches; return how many."""
    community = announcement.community
    context = {
        "announcement": announcement,
        "community": community,
        "author": announcement.author,
        "body_html": render_markdown(announcement.body),
        "core_only": announcement.audience == Announcement.Audience.CORE,
        "settings_url": f"{settings.SITE_URL}{reverse('me-settings')}",
        "contact": ProgrammeContact.current(),
    }
    about = reference_to(announcement)
    reply_to = [announcement.author.email]
    people = recipients(community=community, audience=announcement.audience)
    return sum(
        queue_email(
            to=person,
            kind="announcement",
            template="announcement",
            context={**context, "person": person},
            reply_to=reply_to,
            about=about,
        )
        is not None
        for person in people.iterator(chunk_size=RECIPIENT_BATCH_SIZE)
    )


def set_announcement_opt_outs(*, person: Person, communities_off: Iterable[Community]) -> None:
    """Make `communities_off` exactly the communities whose announcements `person` is not emailed.

    Opt-outs of communities not in the set are removed, so an opt-out from a community the
    person has left goes when they next save their settings.
    """
    wanted = {community.pk for community in communities_off}
    with transaction.atomic():
        # Two saves at once (two tabs) queue here, so the last one wins whole.
        Person.objects.select_for_update().get(pk=person.pk)
        current = opted_out_community_ids(person)
        AnnouncementOptOut.objects.filter(person=person, community__in=current - wanted).delete()
        AnnouncementOptOut.objects.bulk_create(
            AnnouncementOptOut(person=person, community_id=community_id)
            for community_id in sorted(wanted - current)
        )
