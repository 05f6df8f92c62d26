"""Downloading a resource's file: for signed-in staff who may see the resource, always as a
download, never shown in the browser.

The file goes out under its sanitised name with the type its content showed when it was shared
(not whatever its name or its uploader's browser said), `nosniff` so no browser second-guesses
that type, and a sandboxing policy in case one ever displays it. A file missing from storage is
a friendly 404; storage out of reach is a friendly 503. Neither is ever a server error.
"""

import logging

from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from .resources import get_resource, sign_in_to_see_resource

logger = logging.getLogger(__name__)


@require_safe
@sign_in_to_see_resource
def resource_file(request, pk: int):
    """Send a resource's file as a download, never to be shown in the browser: under its
    sanitised name, with the type found when it was checked, and nosniff."""
    resource = get_resource(pk, request.user)
    if not resource.file:
        raise Http404("This resource is a link, not a file.")
    storage = resource.file.storage
    try:
        if not storage.exists(resource.file.name):
            logger.error("The file of resource %s is missing from storage.", resource.pk)
            raise Http404("The file is missing.")
        handle = storage.open(resource.file.name, "rb")
    except Http404:
        raise
    except Exception:
        # Object storage out of reach: a page that says so, not a server error.
        logger.exception("Could not read the file of resource %s.", resource.pk)
        return render(
            request, "activities/resource_unavailable.html", {"resource": resource}, status=503
        )
    content_type = resource.file_type or "application/octet-stream"
    if content_type.startswith("text/"):
        content_type += "; charset=utf-8"
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=resource.file_name or "file",
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    # Were it ever shown rather than saved, it could run nothing and load nothing.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    patch_cache_control(response, private=True, no_store=True)
    return response
