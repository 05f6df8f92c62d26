"""The community's practice on other apps' pages, as inclusion tags: `{% load practice %}`.

Projects:
- `{% community_projects community %}`: the community's open projects and its completed ones,
  with "Propose a project" for its active core members;
- `{% my_projects user %}`: the projects I lead or take part in, for /me/.

Resources:
- `{% community_resources community %}`: the latest resources of its library, how many it
  holds, and "Add a resource" for its members;
- `{{ content_type|resource_file_kind }}`: "PDF", "Word document" and so on.

The community page and /me/ stay in `membership`, which never imports `activities`: the tags
reach into it from the template instead. Each tag asks a fixed number of queries.

The community's sections are cached under its version (communities.fragments), once per answer
to "may this person propose / add here?" (and, for resources, "signed in?"): a cached visit asks
only those questions.
"""

from django import template
from django.db.models import Count, Window
from django.template.loader import render_to_string

from communities import fragments

from .. import permissions, project_selectors, uploads
from ..models import Resource

register = template.Library()

# Projects --------------------------------------------------------------------------------------

# The community page shows this many completed projects; the rest stay on their own pages.
COMPLETED_PROJECTS_ON_COMMUNITY_PAGE = 5


@register.simple_tag(takes_context=True)
def community_projects(context, community, user=None, membership=permissions.UNREAD) -> str:
    """The community's projects: open ones (active, then proposed) with their lead or "needs a
    lead" and how many take part, and the latest completed ones; "Propose a project" for those
    who may. `user` defaults to the page's signed-in person; `membership`, their active
    membership here when the page has read it (None: not a member), saves a query."""
    user = user if user is not None else context.get("user")
    can_propose = user is not None and permissions.can_propose_project(
        user, community, membership=membership
    )

    def build() -> tuple[str, None]:
        open_projects, completed = project_selectors.community_projects(community)
        completed = list(completed[: COMPLETED_PROJECTS_ON_COMMUNITY_PAGE + 1])
        html = render_to_string(
            "activities/project_community_list.html",
            {
                "community": community,
                "open_projects": list(open_projects),
                "completed": completed[:COMPLETED_PROJECTS_ON_COMMUNITY_PAGE],
                "more_completed": len(completed) > COMPLETED_PROJECTS_ON_COMMUNITY_PAGE,
                "can_propose": can_propose,
            },
        )
        return html, None

    return fragments.community_fragment(
        "projects", community, (can_propose,), build, request=context.get("request")
    )


@register.inclusion_tag("activities/project_my_list.html", takes_context=True)
def my_projects(context, user) -> dict:
    """The projects I lead or take part in, open ones first, each with my part in it. Tells
    /me/'s cache which communities they are in (communities.fragments)."""
    projects = list(project_selectors.my_projects(user))
    fragments.shows_communities(context.get("request"), {p.community_id for p in projects})
    return {"projects": projects, "user": user}


# Resources -------------------------------------------------------------------------------------

# The community page shows this many of the latest resources; its library has the rest.
RESOURCES_ON_COMMUNITY_PAGE = 5


@register.simple_tag(takes_context=True)
def community_resources(context, community, user=None, membership=permissions.UNREAD) -> str:
    """The community's latest resources that are not hidden, with how many its library holds
    and "Add a resource" for its members. Titles are for signed-in staff (the library is); an
    anonymous visitor sees the count and a way to sign in. `user` defaults to the page's
    signed-in person. One query for a visitor, two for someone signed in."""
    user = user if user is not None else context.get("user")
    signed_in = bool(user is not None and user.is_authenticated)
    can_add = signed_in and permissions.can_add_resource(user, community, membership=membership)

    def build() -> tuple[str, None]:
        visible = Resource.objects.visible().filter(community=community)
        if signed_in:
            # The total rides along on each row (a window over the whole library, counted
            # before the slice), so the list and its count are one query.
            latest = list(
                visible.select_related("author")
                .annotate(library_size=Window(Count("pk")))
                .order_by("-created_at", "-pk")[:RESOURCES_ON_COMMUNITY_PAGE]
            )
            total = latest[0].library_size if latest else 0
        else:
            latest, total = [], visible.count()
        html = render_to_string(
            "activities/resource_community_list.html",
            {
                "community": community,
                "resources": latest,
                "total": total,
                "signed_in": signed_in,
                "can_add": can_add,
            },
        )
        return html, None

    return fragments.community_fragment(
        "resources", community, (signed_in, can_add), build, request=context.get("request")
    )


@register.filter
def resource_file_kind(content_type: str) -> str:
    """What a resource's detected file type is called: "PDF", "Word document"."""
    return uploads.describe_type(content_type)
