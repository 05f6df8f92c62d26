"""Malformed admin input is a bad request (400), not a server error.

Django's admin trusts a few request parameters that only its own pages write, and fails with a
500 when they are typed by hand: an empty `_to_field`, a selected row's id that is not an id,
or a date-drill-down year too large for a date. `guard_admin_views` wraps every admin view
(after the sign-in check, so a visitor still goes to sign in first) and refuses those
requests before the admin reads them. NUL bytes are refused earlier, for the whole site, by
`ucl_cop.middleware.RefuseNulBytesMiddleware`.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib.admin import AdminSite, ModelAdmin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.options import TO_FIELD_VAR
from django.core.exceptions import BadRequest
from django.http import HttpRequest

from communities.admin_inputs import could_be_id

# The parts of a date the admin's drill-down builds a `datetime` from, and their ranges.
DATE_PARTS = {"year": range(1, 10_000), "month": range(1, 13), "day": range(1, 32)}


def _refuse_empty_to_field(request: HttpRequest) -> None:
    # The admin checks `_to_field` only when it is non-empty, then looks up the field "".
    if TO_FIELD_VAR in request.GET and not request.GET[TO_FIELD_VAR]:
        raise BadRequest("An empty _to_field names no field.")
    if request.method == "POST" and TO_FIELD_VAR in request.POST and not request.POST[TO_FIELD_VAR]:
        raise BadRequest("An empty _to_field names no field.")


def _refuse_malformed_selection(request: HttpRequest, model_admin: ModelAdmin) -> None:
    """Every selected row's id must be one the primary key could hold."""
    if request.method != "POST":
        return
    pk = model_admin.model._meta.pk
    for value in request.POST.getlist(ACTION_CHECKBOX_NAME):
        if not could_be_id(pk, value):
            raise BadRequest(f"“{value}” is not the id of a row.")


def _refuse_impossible_dates(request: HttpRequest, model_admin: ModelAdmin) -> None:
    """The date drill-down's year, month and day must be whole numbers a calendar has."""
    if not model_admin.date_hierarchy:
        return
    for part, allowed in DATE_PARTS.items():
        for value in request.GET.getlist(f"{model_admin.date_hierarchy}__{part}"):
            value = value.strip()
            if not (value.isdecimal() and len(value) <= 5 and int(value) in allowed):
                raise BadRequest(f"“{value}” is not a {part}.")


def guard(view: Callable) -> Callable:
    """Refuse malformed admin parameters before `view` reads them."""
    model_admin = getattr(view, "__self__", None)

    @wraps(view)
    def guarded(request: HttpRequest, *args, **kwargs):
        _refuse_empty_to_field(request)
        if isinstance(model_admin, ModelAdmin):
            _refuse_malformed_selection(request, model_admin)
            _refuse_impossible_dates(request, model_admin)
        return view(request, *args, **kwargs)

    return guarded


def guard_admin_views(site: AdminSite) -> None:
    """Make `site.admin_view` guard each view it wraps (model admins wrap theirs per request)."""
    admin_view = site.admin_view

    def guarded_admin_view(view: Callable, cacheable: bool = False) -> Callable:
        return admin_view(guard(view), cacheable)

    site.admin_view = guarded_admin_view
