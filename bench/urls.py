"""The portal's URLs plus two bare views, the floors each page is measured against.

`/bench/ok/` goes through every middleware and returns "ok"; `/bench/user/` also loads the
signed-in person (the session, then the user), as every signed-in page must. Both answer GET and
POST: the join and leave cycle is measured against POSTs to `/bench/user/` with the same cookies
and CSRF tokens, so both sides pass the same CSRF check.
"""

from django.http import HttpResponse
from django.urls import include, path

from ucl_cop.urls import handler400, handler403, handler404, handler500


def ok(request):
    return HttpResponse("ok", content_type="text/plain")


def user(request):
    # Reading the id loads the session and the person, and says whether a sign-in worked.
    person_id = request.user.pk if request.user.is_authenticated else "anonymous"
    return HttpResponse(f"ok {person_id}", content_type="text/plain")


urlpatterns = [
    path("bench/ok/", ok),
    path("bench/user/", user),
    path("", include("ucl_cop.urls")),
]

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]
