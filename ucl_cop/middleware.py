"""Site-wide middleware."""

from django.core.exceptions import BadRequest
from django.shortcuts import render

from .views import bad_request


class MethodNotAllowedMiddleware:
    """Render a friendly 405 page. Django has no handler405: `require_POST` and friends return a
    bare, empty HttpResponseNotAllowed, which this replaces, keeping its Allow header."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 405 or response.content:
            return response
        friendly = render(request, "405.html", status=405)
        friendly["Allow"] = response.get("Allow", "")
        return friendly


NUL = "\x00"


def _holds_nul(data) -> bool:
    """Whether a QueryDict (its keys or any of its values) holds a NUL byte."""
    return any(NUL in key or any(NUL in value for value in values) for key, values in data.lists())


class RefuseNulBytesMiddleware:
    """Answer a friendly 400 to a request with a NUL byte in its path, query string, headers
    (cookies included) or form fields, before any of it reaches the database.

    PostgreSQL refuses NUL in text, so such a value failed as a 500 wherever it reached a query
    (an admin filter, a search, a session cookie); no page of the portal has a use for one.

    The path, query string and headers are checked as the request comes in. A form's body is
    checked the moment it is read: just before the view, as the CSRF check reads it (so a view
    that writes before reading its form, such as sign-out, never runs); for a view exempt from
    that check, when the view reads it, which lets an upload view put its size limit in front
    of the parser first (`activities.upload_limit`).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            NUL in request.path_info
            or _holds_nul(request.GET)
            or any(
                NUL in value
                for key, value in request.META.items()
                if key.startswith("HTTP_") and isinstance(value, str)
            )
            # A quoted cookie may spell NUL as \000, which Django decodes.
            or any(NUL in key or NUL in value for key, value in request.COOKIES.items())
        ):
            return bad_request(request)
        self._check_body_when_read(request)
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method == "POST" and not getattr(view_func, "csrf_exempt", False):
            request.POST  # noqa: B018 (reading the body checks it)
        return None

    @staticmethod
    def _check_body_when_read(request) -> None:
        # Django parses the body once, in `_load_post_and_files`, the first time `request.POST`
        # or `request.FILES` is read; a BadRequest raised there becomes the 400 page.
        load = request._load_post_and_files

        def load_then_check():
            load()
            names = (upload.name or "" for upload in request._files.values())
            if _holds_nul(request._post) or any(NUL in name for name in names):
                raise BadRequest("A form field holds a NUL byte.")

        request._load_post_and_files = load_then_check
