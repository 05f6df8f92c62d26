"""Site-wide middleware."""

from django.shortcuts import render


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
