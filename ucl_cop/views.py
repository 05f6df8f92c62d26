"""Site-wide pages: home, content pages, health checks and the friendly error pages."""

import sys

from django.db import DatabaseError, connection
from django.db.models import Count, Q
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache

from communities.models import Community

from . import retention
from .home import dashboard
from .signin import previous_sign_in
from .unavailable import (
    database_found_unavailable,
    is_database_unavailable,
    service_unavailable,
)


def home(request):
    """Render what a community of practice is and the programme at a glance; for signed-in
    staff, also their communities, sessions, what is new since they last signed in, and
    suggestions. Only reads: the previous sign-in comes from the session."""
    visible = Community.objects.visible()
    totals = visible.aggregate(
        launched=Count("pk", filter=Q(status=Community.Status.LAUNCHED)),
        preparing=Count("pk", filter=Q(status=Community.Status.PREPARING)),
        areas=Count("practice_area", distinct=True),
    )
    communities = visible.select_related("practice_area").order_by("practice_area__name", "name")
    context = {"totals": totals, "communities": communities}
    if request.user.is_authenticated:
        context.update(dashboard(request.user, previous_sign_in(request)))
    return render(request, "home.html", context)


def about(request):
    """Render what a community of practice is, and who to contact."""
    return render(request, "about.html")


def membership_criteria(request):
    """Render the seed's core vs wider criteria table."""
    return render(request, "membership_criteria.html")


def accessibility(request):
    """Render the accessibility statement."""
    return render(request, "accessibility.html")


def privacy(request):
    """Render the privacy notice, with the retention periods the portal really applies."""
    return render(request, "privacy.html", {"retention": retention.periods()})


@never_cache
def healthz(request):
    """Liveness: the process answers. Touches nothing else."""
    return HttpResponse("ok", content_type="text/plain")


@never_cache
def readyz(request):
    """Readiness: 200 when the database answers a query, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        if is_database_unavailable(error):
            database_found_unavailable()
        return HttpResponse("database unavailable", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")


def bad_request(request, exception=None):
    return render(request, "400.html", status=400)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def csrf_failure(request, reason=""):
    """Render a friendly 403 when a form's security token is missing or out of date."""
    return render(request, "403_csrf.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # Rendered without the request, so no context processor touches the database, which may be
    # what failed. Django calls this while handling the error, so sys.exc_info() is the error:
    # a database out of reach outside a view (where the middleware did not see it) gets the
    # friendly 503 as well.
    if is_database_unavailable(sys.exc_info()[1]):
        return service_unavailable()
    return HttpResponseServerError(loader.get_template("500.html").render())
