"""/me/data/: everything the portal holds about the person asking, as one JSON download.

The wiring layer asks each app that holds personal data for its part (`personal_data(person)`
in the app's selectors); the apps decide what is theirs to give, and this view only puts the
parts together. Other people appear in it by community, session or project, never by name.
"""

import json

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET

from accounts import selectors as accounts
from activities import selectors as activities
from membership import selectors as membership
from outbox import selectors as outbox
from proposals import selectors as proposals

# Each app's part, under a heading of its own, in the order a person reads them.
PARTS = (
    ("membership", membership.personal_data),
    ("activities", activities.personal_data),
    ("proposals", proposals.personal_data),
    ("sign_in", accounts.personal_data),
    ("emails", outbox.personal_data),
)


def collect(person) -> dict:
    """The whole download for `person`, as a dict of plain values."""
    data = {
        "about": (
            "Everything the UCL Communities of Practice portal holds about you, as of "
            "generated_at. The privacy notice at /privacy/ says why it holds it and for how long."
        ),
        "generated_at": timezone.now().isoformat(),
    }
    for name, part in PARTS:
        data[name] = part(person)
    return data


@require_GET
@login_required
def my_data(request: HttpRequest) -> HttpResponse:
    """Return everything the portal holds about the signed-in person, as a JSON attachment."""
    body = json.dumps(collect(request.user), indent=2, ensure_ascii=False)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="my-cop-portal-data-{stamp}.json"'
    # It names the person throughout: no shared cache may keep it, nor the browser's disk.
    patch_cache_control(response, private=True, no_store=True)
    return response
