"""Context for every page that depends on a person's role in the programme."""

from django.utils.functional import SimpleLazyObject

from .access import can_see_reports


def report_access(request):
    """`can_see_reports`, for the Reports link in the navigation.

    Lazy: asked only when a page shows the link (base.html does, for people signed in), so a
    page that never shows it asks nothing. The answer comes from the person's roles, read once
    per request and kept in the shared cache when there is one (membership.roles): no query on
    a warm signed-in page. Anonymous visitors cost nothing either way.
    """
    user = getattr(request, "user", None)
    if user is None:
        return {"can_see_reports": False}
    return {"can_see_reports": SimpleLazyObject(lambda: can_see_reports(user))}
