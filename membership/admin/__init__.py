"""The Head of CoPs' admin, by what she manages.

- `people`: staff, their imports and invitations, and who helps run the programme;
- `communities` (with `leads`): a community's details, its launch, closure and reopening;
- `memberships`: adding, changing and ending memberships, and the read-only interests;
- `imports`, `resources`, `exports`: files in and out; `forms` and `words`: shared pieces;
- `guards`: malformed admin parameters are a 400, never a 500.

Every write to memberships and interests goes through `membership.services`, once per change.
"""

from django.contrib import admin
from django.http import HttpRequest

from . import communities, memberships, people
from .guards import guard_admin_views

__all__ = ["communities", "memberships", "people"]


def head_of_cops_or_superuser(request: HttpRequest) -> bool:
    """Admin access is the Head's role (her group) or a superuser's, never the flag alone.

    `is_staff` follows the group, but an account given the flag some other way (the shell, an
    old fixture) must not get in.
    """
    user = request.user
    return user.is_active and (user.is_superuser or user.is_head_of_cops)


admin.site.has_permission = head_of_cops_or_superuser
# Before the URLconf is read: the site's own views are wrapped when its URLs are built.
guard_admin_views(admin.site)
