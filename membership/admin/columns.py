"""Short list columns, so the admin's lists fit a 1280 px screen: dates without the time."""

from django.contrib import admin
from django.utils.formats import date_format
from django.utils.timezone import localtime


def short_date(moment) -> str:
    """“3 Feb 2025”, in London time, or – for none."""
    return date_format(localtime(moment), "j M Y") if moment else "–"


class MembershipDateColumns:
    """A memberships admin mixin: `joined` and `ended` as dates, sortable."""

    @admin.display(description="joined", ordering="joined_at")
    def joined(self, membership) -> str:
        return short_date(membership.joined_at)

    @admin.display(description="ended", ordering="ended_at")
    def ended(self, membership) -> str:
        return short_date(membership.ended_at)

    def get_list_display(self, request):
        # Active memberships (the list's default) have not ended: no column of dashes.
        columns = super().get_list_display(request)
        if request.GET.get("state", "active") == "active":
            return [column for column in columns if column != "ended"]
        return columns
