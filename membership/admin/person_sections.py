"""A person's memberships and interests, shown read-only on their page in the admin.

Read-only fields rather than inlines: memberships change only through `membership.services`
(the memberships admin), and the person's form posts exactly what it did before.
"""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from ..models import Interest, Membership, Person
from .columns import short_date as _date


class PersonSectionsAdmin:
    """A PersonAdmin mixin: `memberships_list` and `interests_list`, for its fieldsets."""

    person_sections = ["memberships_list", "interests_list"]

    @admin.display(description="memberships")
    def memberships_list(self, person: Person):
        if not person.pk:
            return "–"
        memberships = (
            Membership.objects.filter(person=person)
            .select_related("community")
            .order_by("ended_at", "-joined_at")
        )
        rows = format_html_join(
            "",
            '<tr><th scope="row"><a href="{}">{}</a></th><td>{}</td><td>{}</td>'
            "<td>{}</td><td>{}</td></tr>",
            (
                (
                    reverse("admin:membership_membership_change", args=[m.pk]),
                    m.community.name,
                    m.get_kind_display() + (", lead" if m.is_lead else ""),
                    _date(m.joined_at),
                    _date(m.ended_at) if m.ended_at else "Active",
                    _date(m.confirmed_at),
                )
                for m in memberships
            ),
        )
        add = reverse("admin:membership_membership_add")
        if not rows:
            return format_html('None. <a href="{}">Add a membership</a>', add)
        return format_html(
            '<table class="person-section"><thead><tr><th scope="col">Community</th>'
            '<th scope="col">Kind</th><th scope="col">Joined</th><th scope="col">Ended</th>'
            '<th scope="col">Core confirmed</th></tr></thead><tbody>{}</tbody></table>'
            '<p><a href="{}">Add a membership</a></p>',
            rows,
            add,
        )

    @admin.display(description="interests")
    def interests_list(self, person: Person):
        if not person.pk:
            return "–"
        interests = (
            Interest.objects.filter(person=person)
            .select_related("community")
            .order_by("-created_at")
        )
        rows = format_html_join(
            "",
            '<tr><th scope="row">{}</th><td>{}</td><td>{}</td><td>{}</td></tr>',
            (
                (
                    i.community.name,
                    i.community.get_status_display(),
                    _date(i.created_at),
                    _date(i.notified_at) if i.notified_at else "Not yet",
                )
                for i in interests
            ),
        )
        if not rows:
            return "None."
        return format_html(
            '<table class="person-section"><thead><tr><th scope="col">Community</th>'
            '<th scope="col">Its status</th><th scope="col">Registered</th>'
            '<th scope="col">Told of its launch</th></tr></thead><tbody>{}</tbody></table>',
            rows,
        )
