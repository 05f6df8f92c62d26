"""Site-wide pages: home, content pages, health checks and the friendly error pages."""

from django.db import DatabaseError, connection
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache


def home(request):
    """Render the home page."""
    return render(request, "home.html")


def about(request):
    """Render what a community of practice is, and who to contact."""
    return render(request, "about.html")


def membership_criteria(request):
    """Render the seed's core vs wider criteria table."""
    return render(request, "membership_criteria.html")


def accessibility(request):
    """Render the accessibility statement."""
    return render(request, "accessibility.html")


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
    except DatabaseError:
        return HttpResponse("database unavailable", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")


def bad_request(request, exception=None):
    return render(request, "400.html", status=400)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # Rendered without the request, so no context processor touches the database, which may be
    # what failed.
    return HttpResponseServerError(loader.get_template("500.html").render())
