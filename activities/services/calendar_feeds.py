"""The address of a person's own calendar feed: made when the person asks for it (a button, so
that showing a page never writes), and reset on request."""

from typing import NamedTuple

from django.db import transaction

from membership.models import Person

from ..models import CalendarFeed, new_calendar_token


class FeedAddress(NamedTuple):
    feed: CalendarFeed
    is_new: bool  # the person had no address before


def calendar_feed_of(*, person: Person) -> CalendarFeed | None:
    """The person's calendar feed, if they have asked for one (reads only)."""
    return CalendarFeed.objects.filter(person=person).first()


def reset_calendar_token(*, person: Person) -> FeedAddress:
    """Give the person's feed a new token, making the feed if they had none: the old address
    stops working (404) at once."""
    with transaction.atomic():
        feed = CalendarFeed.objects.select_for_update().filter(person=person).first()
        if feed is None:
            feed, made = CalendarFeed.objects.get_or_create(person=person)
            return FeedAddress(feed, is_new=made)
        feed.token = new_calendar_token()
        feed.save(update_fields=["token"])
    return FeedAddress(feed, is_new=False)
