"""The member directory: /communities/<slug>/members/, for signed-in staff.

Each member's name, job title, department, core or wider, lead, and member since; leads first.
People who chose "hide me from lists" are left out of the list and the CSV, but counted. Email
addresses are shown only to the Head and superusers. The community's leads and the Head can
download the same list as CSV, through the portal's one CSV writer.
"""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import cache_control

from communities.models import Community
from ucl_cop.csv_export import csv_response

from . import permissions, selectors

PAGE_SIZE = 50


class DirectoryForm(forms.Form):
    """What the directory's search form sends. Anything unexpected falls back to the default."""

    q = forms.CharField(label="Search by name", required=False, max_length=100)
    sort = forms.ChoiceField(
        label="Sort by",
        required=False,
        choices=[
            ("name", "Name"),
            ("department", "Department"),
            ("since", "Newest members first"),
        ],
    )

    def wanted(self) -> tuple[str, str]:
        """The search words and the sort, each "" or the default when it was not valid."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return data.get("q", "").strip(), data.get("sort") or "name"


def _get_community(slug: str) -> Community:
    community = Community.objects.select_related("practice_area").filter(slug=slug).first()
    if community is None:
        raise Http404("No community has that address.")
    return community


def _csv(community: Community, members, *, with_email: bool):
    header = ["Name", "Job title", "Department", "Membership", "Lead", "Member since"]
    if with_email:
        header.append("Email")

    def rows():
        for membership in members.iterator(chunk_size=500):
            person = membership.person
            row = [
                person.full_name,
                person.job_title,
                person.department,
                membership.get_kind_display().lower(),
                membership.is_lead,
                timezone.localdate(membership.joined_at),
            ]
            if with_email:
                row.append(person.email)
            yield row

    return csv_response(f"{community.slug}-members.csv", header, rows())


# Names (and, for the Head, addresses): kept by neither a shared cache nor the browser's disk.
@cache_control(private=True, no_store=True)
@login_required
def member_directory(request, slug: str):
    """Render the community's members, searched, sorted and paged at 50 (GET); with
    `?format=csv`, the same list as a CSV download for the community's leads and the Head
    (403 for anyone else)."""
    community = _get_community(slug)
    form = DirectoryForm(request.GET)
    q, sort = form.wanted()
    members = selectors.directory(community, q=q, sort=sort)
    with_email = permissions.can_see_email_addresses(request.user)
    # The CSV is for the Head (who sees email addresses) and the community's leads; asking
    # "the Head?" once saves a query on every visit.
    can_download = with_email or permissions.is_lead_of(request.user, community)
    if request.GET.get("format") == "csv":
        if not can_download:
            raise PermissionDenied(
                "Only the community's leads and the Head of Communities of Practice can "
                "download its member list."
            )
        return _csv(community, members, with_email=with_email)
    page = Paginator(members, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "membership/directory.html",
        {
            "community": community,
            "form": form,
            "q": q,
            "sort": sort,
            "page": page,
            "counts": selectors.directory_counts(community),
            "with_email": with_email,
            "can_download": can_download,
            "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2),
        },
    )
