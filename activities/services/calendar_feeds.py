"""The address of a person's own calendar feed: made on first asking, reset on request."""

from django.db import transaction

from membership.models import Person

from ..models import CalendarFeed, new_calendar_token


def calendar_feed_for(*, person: Person) -> CalendarFeed:
    """The person's calendar feed, made on first asking (get_or_create settles a race)."""
    feed, _ = CalendarFeed.objects.get_or_create(person=person)
    return feed


def reset_calendar_token(*, person: Person) -> CalendarFeed:
    """Give the person's feed a new token: the old address stops working (404) at once."""
    with transaction.atomic():
        feed = CalendarFeed.objects.select_for_update().filter(person=person).first()
        if feed is None:
            return CalendarFeed.objects.create(person=person)
        feed.token = new_calendar_token()
        feed.save(update_fields=["token"])
    return feed
