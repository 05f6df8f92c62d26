"""Who is asking: the client's address and the account name that lockouts and limits count by."""

import ipaddress

from django.conf import settings
from django.http import HttpRequest

from membership.models import normalize_address


def client_address(request: HttpRequest) -> str:
    """The client's IP address (django-axes' AXES_CLIENT_IP_CALLABLE, and the reset limits).

    Behind a proxy, `CLIENT_IP_HEADER` names the header the proxy sets. A list, as in
    X-Forwarded-For, is read from the right: the last entry is the one our proxy added, and the
    entries before it are whatever the client chose to send. Without the setting, or when the
    header holds no address, it is REMOTE_ADDR.
    """
    if settings.CLIENT_IP_HEADER:
        key = "HTTP_" + settings.CLIENT_IP_HEADER.upper().replace("-", "_")
        candidate = request.META.get(key, "").split(",")[-1].strip()
        try:
            return str(ipaddress.ip_address(candidate))
        except ValueError:
            pass
    return request.META.get("REMOTE_ADDR", "")


def username_for_lockout(request: HttpRequest, credentials: dict | None) -> str:
    """The account a sign-in attempt names (django-axes' AXES_USERNAME_CALLABLE).

    Sign-in ignores case, so the lockout must too, or changing the case of one letter would
    give an attacker 10 more tries.
    """
    field = settings.AXES_USERNAME_FORM_FIELD
    username = (credentials or {}).get(field) or request.POST.get(field, "")
    return normalize_address(username)
