"""/search/?q=: communities, upcoming sessions and (for signed-in staff) resources, together.

Each kind is searched with `communities.search` (full text on PostgreSQL, whole words on
SQLite) over its own fields, best match first, and shown in its own group. Resources are only
for signed-in staff, like the libraries themselves, and hidden ones never appear.
"""

from django import forms
from django.db.models import OuterRef, StringAgg, Subquery, TextField, Value
from django.db.models.functions import Coalesce
from django.shortcuts import render

from activities.models import Resource, ResourceTag, Session
from communities import search
from communities.models import Community

SHOWN = {"communities": 20, "sessions": 10, "resources": 10}

SESSION_FIELDS = search.Fields(
    weighted={
        "A": ("title",),
        "B": ("community__name",),
        "C": ("description",),
        "D": ("location",),
    },
    typo_fields=("title",),
)
RESOURCE_FIELDS = search.Fields(
    weighted={
        "A": ("title",),
        "B": ("tag_text",),
        "C": ("description",),
        "D": ("community__name",),
    },
    typo_fields=("title",),
)


class SearchForm(forms.Form):
    q = forms.CharField(label="Search for", max_length=100, required=False)


def _with_tag_text(resources):
    # One row per resource: the tags are folded into one text in a subquery, not joined.
    tags = (
        ResourceTag.objects.filter(resource=OuterRef("pk"))
        .order_by()
        .values("resource")
        .annotate(text=StringAgg("name", delimiter=Value(" ")))
        .values("text")
    )
    return resources.annotate(
        tag_text=Coalesce(Subquery(tags), Value(""), output_field=TextField())
    )


def _first(queryset, kind: str) -> tuple[list, bool]:
    """The first results of a kind, and whether there are more than are shown."""
    rows = list(queryset[: SHOWN[kind] + 1])
    return rows[: SHOWN[kind]], len(rows) > SHOWN[kind]


def site_search(request):
    """Render the search form and, for a query, its results grouped by kind."""
    form = SearchForm(request.GET)
    text = form.cleaned_data["q"].strip() if form.is_valid() else ""
    signed_in = request.user.is_authenticated
    context = {"form": form, "q": text, "signed_in": signed_in, "searched": bool(text)}
    if text and search.words(text):
        communities = search.communities(
            Community.objects.visible().select_related("practice_area"),
            text,
        )
        sessions = search.search(
            Session.objects.upcoming().select_related("community"), text, SESSION_FIELDS
        )
        context["communities"], context["more_communities"] = _first(
            search.ranked(communities, "name"), "communities"
        )
        context["sessions"], context["more_sessions"] = _first(
            search.ranked(sessions, "starts_at"), "sessions"
        )
        if signed_in:
            resources = search.search(
                _with_tag_text(Resource.objects.visible().select_related("community")),
                text,
                RESOURCE_FIELDS,
            )
            context["resources"], context["more_resources"] = _first(
                search.ranked(resources, "-created_at"), "resources"
            )
        found = [context["communities"], context["sessions"], context.get("resources") or []]
        context["total"] = sum(len(group) for group in found)
    elif text:
        context["no_words"] = True
    return render(request, "search.html", context)
