"""Sessions that last a working day from the last activity, without a write on every page."""

import time

from django.conf import settings
from django.contrib.auth import SESSION_KEY

REFRESHED_AT = "_session_refreshed_at"


class SessionRefreshMiddleware:
    """Renew a signed-in session's expiry at most every `SESSION_REFRESH_INTERVAL` seconds.

    Django renews the expiry only when a session is saved; SESSION_SAVE_EVERY_REQUEST would
    write the session (a database row) on every request. Marking it modified once a quarter of
    an hour costs one write and keeps anyone active signed in for `SESSION_COOKIE_AGE` after
    their last page. It must sit after the session middleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        # Only where the page already read the session (every page that shows who is signed
        # in does): reading it here would add "Vary: Cookie" and a query to health checks. Not
        # after a failed page either: Django saves no session then, and when the database is
        # out of reach (a 503) reading it again would only fail again.
        if response.status_code >= 500:
            return response
        if session is not None and session.accessed and session.get(SESSION_KEY) is not None:
            now = int(time.time())
            last = session.get(REFRESHED_AT, 0)
            if not isinstance(last, int) or now - last >= settings.SESSION_REFRESH_INTERVAL:
                session[REFRESHED_AT] = now  # marks the session modified: saved and renewed
        return response


def stamp_on_sign_in(sender, request, user, **kwargs) -> None:
    """Signing in saves the session anyway: stamp it then, so the next page need not."""
    if request is not None and hasattr(request, "session"):
        request.session[REFRESHED_AT] = int(time.time())
