"""Who gets what at every address: one table, every URL pattern in the project, six roles.

The table's answers, per role (anonymous, staff, sponsor, head, superuser, flag_only):
- `200`; `403`; `404`; `405` (a GET to an address that takes a button's POST);
- `signin`: a redirect to the portal's sign-in page; `admin`: to the admin's sign-in page;
- `302`: any other redirect (the admin's short object address, a page that moved).

`staff` belongs to nothing (the outsider); `sponsor` sponsors Planning but not Human
Resources; `flag_only` has `is_staff` set outside the Head's group, and must get nowhere in the
admin. Objects belong to others (see `access_world`): Mo's membership, RSVP and resources (one
hidden), Mo's calendar token, Lena's sessions and project.

A pattern with no row fails `test_every_url_pattern_has_a_row`, so a new URL cannot be left out.
Django admin's generic model pages (list, add, change, history, delete, and the short object
address) get their rows from `ADMIN_MODELS`, one line per registered model.

The same sweep checks that no GET changes state (row counts of every table before and after each
request), and `test_every_post_without_a_csrf_token_is_refused` posts to every pattern without a
token.
"""

import re
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client

from .access_world import ROLES, build_world
from .url_walk import admin_models, all_routes

EVERYONE = "200 200 200 200 200 200"
SIGNED_IN = "signin 200 200 200 200 200"
HEAD_ONLY = "signin 403 403 200 200 403"  # the community's leads too, who are not a role here
BUTTON = "405 405 405 405 405 405"
ADMIN_ONLY = "admin admin admin 200 200 admin"


@dataclass(frozen=True)
class Row:
    route: str
    address: str
    answers: str
    why: str = ""


# fmt: off
TABLE = [
    # Content pages, health and the catalogue: everyone.
    Row("", "/", EVERYONE),
    Row("about/", "/about/", EVERYONE),
    Row("membership/", "/membership/", EVERYONE),
    Row("accessibility/", "/accessibility/", EVERYONE),
    Row("privacy/", "/privacy/", EVERYONE),
    Row("search/", "/search/?q=data", EVERYONE),
    Row("find/", "/find/?department=Finance", EVERYONE),
    Row("healthz/", "/healthz/", EVERYONE),
    Row("readyz/", "/readyz/", EVERYONE),
    Row("communities/", "/communities/", EVERYONE),
    Row("communities/<slug:slug>/", "/communities/data-and-insight/", EVERYONE),
    Row("communities/<slug:slug>/", "/communities/no-such-community/", "404 404 404 404 404 404"),
    # A person's own memberships change only through buttons: a GET explains that.
    Row("communities/<slug:slug>/join/", "/communities/data-and-insight/join/", BUTTON),
    Row("communities/<slug:slug>/kind/", "/communities/data-and-insight/kind/", BUTTON),
    Row("communities/<slug:slug>/leave/", "/communities/data-and-insight/leave/", BUTTON),
    Row("communities/<slug:slug>/interest/", "/communities/strategy/interest/", BUTTON),
    Row("communities/<slug:slug>/interest/withdraw/", "/communities/strategy/interest/withdraw/",
        BUTTON),
    Row("communities/<slug:slug>/members/", "/communities/data-and-insight/members/", SIGNED_IN),
    Row("communities/<slug:slug>/members/", "/communities/data-and-insight/members/?format=csv",
        HEAD_ONLY, "the CSV is for the leads and the Head"),
    Row("communities/<slug:slug>/edit/", "/communities/data-and-insight/edit/", HEAD_ONLY),
    Row("communities/<slug:slug>/contact/", "/communities/data-and-insight/contact/", SIGNED_IN),
    Row("me/", "/me/", SIGNED_IN),
    Row("reconfirm/<str:token>/", "/reconfirm/not-a-token/", "404 404 404 404 404 404",
        "a token the portal did not sign"),
    # Sessions and calendars.
    Row("events/", "/events/", EVERYONE),
    Row("communities/<slug:slug>/sessions/new/", "/communities/data-and-insight/sessions/new/",
        HEAD_ONLY, "core members and leads of the community, and the Head"),
    Row("communities/<slug:slug>/calendar.ics", "/communities/data-and-insight/calendar.ics",
        EVERYONE),
    Row("communities/<slug:slug>/announcements/new/",
        "/communities/data-and-insight/announcements/new/", HEAD_ONLY),
    Row("sessions/<int:pk>/", "/sessions/{session}/", EVERYONE),
    Row("sessions/<int:pk>/", "/sessions/999999/", "404 404 404 404 404 404"),
    Row("sessions/<int:pk>/edit/", "/sessions/{session}/edit/", HEAD_ONLY,
        "Lena's session: the host, the leads and the Head"),
    Row("sessions/<int:pk>/cancel/", "/sessions/{session}/cancel/", BUTTON),
    Row("sessions/<int:pk>/rsvp/", "/sessions/{session}/rsvp/", BUTTON),
    Row("sessions/<int:pk>/rsvp/cancel/", "/sessions/{session}/rsvp/cancel/", BUTTON),
    Row("sessions/<int:pk>/attendance/", "/sessions/{past_session}/attendance/", HEAD_ONLY),
    Row("sessions/<int:pk>/calendar.ics", "/sessions/{session}/calendar.ics", EVERYONE),
    Row("calendar/<str:token>.ics", "/calendar/{token}.ics", EVERYONE,
        "Mo's token is the key to Mo's feed, whoever holds it"),
    Row("calendar/<str:token>.ics", "/calendar/not-a-token.ics", "404 404 404 404 404 404"),
    Row("me/calendar/reset/", "/me/calendar/reset/", BUTTON),
    # Projects: core members propose and lead them, so not even the Head proposes one.
    Row("communities/<slug:slug>/projects/new/", "/communities/data-and-insight/projects/new/",
        "signin 403 403 403 403 403"),
    Row("projects/<int:pk>/", "/projects/{project}/", EVERYONE),
    Row("projects/<int:pk>/join/", "/projects/{project}/join/", BUTTON),
    Row("projects/<int:pk>/leave/", "/projects/{project}/leave/", BUTTON),
    Row("projects/<int:pk>/edit/", "/projects/{project}/edit/", HEAD_ONLY,
        "Lena's project: its lead, the community's leads and the Head"),
    # The resource library: signed in; members add; a hidden one is not there for others.
    Row("communities/<slug:slug>/resources/", "/communities/data-and-insight/resources/",
        SIGNED_IN),
    Row("communities/<slug:slug>/resources/new/", "/communities/data-and-insight/resources/new/",
        "signin 403 403 403 403 403", "members of the community only; the Head is not one"),
    Row("resources/", "/resources/", SIGNED_IN),
    Row("resources/<int:pk>/", "/resources/{resource}/", SIGNED_IN),
    Row("resources/<int:pk>/", "/resources/{hidden}/", "signin 404 404 200 200 404",
        "a hidden resource: its author, the leads and the Head"),
    Row("resources/<int:pk>/edit/", "/resources/{resource}/edit/", HEAD_ONLY,
        "Mo's resource: Mo and the Head"),
    Row("resources/<int:pk>/edit/", "/resources/{hidden}/edit/", "signin 404 404 200 200 404"),
    Row("resources/<int:pk>/delete/", "/resources/{resource}/delete/", BUTTON),
    Row("resources/<int:pk>/hide/", "/resources/{resource}/hide/", BUTTON),
    Row("resources/<int:pk>/file/", "/resources/{document}/file/", SIGNED_IN),
    Row("resources/<int:pk>/file/", "/resources/{resource}/file/", "signin 404 404 404 404 404",
        "a link has no file"),
    Row("me/settings/", "/me/settings/", SIGNED_IN),
    # Proposed communities and questions to the Head: signed-in staff; Mo, the proposer, edits.
    Row("communities/propose/", "/communities/propose/", SIGNED_IN),
    Row("communities/propose/", "/communities/propose/?name=Research", SIGNED_IN,
        "the second step: similar names, then the form"),
    Row("proposals/", "/proposals/", SIGNED_IN),
    Row("proposals/<int:pk>/", "/proposals/{proposal}/", SIGNED_IN),
    Row("proposals/<int:pk>/", "/proposals/999999/", "signin 404 404 404 404 404"),
    Row("proposals/<int:pk>/support/", "/proposals/{proposal}/support/", BUTTON),
    Row("proposals/<int:pk>/support/withdraw/", "/proposals/{proposal}/support/withdraw/", BUTTON),
    Row("proposals/<int:pk>/edit/", "/proposals/{proposal}/edit/", "signin 403 403 403 403 403",
        "Mo's proposal: Mo alone, while it is open; not even the Head"),
    Row("proposals/<int:pk>/withdraw/", "/proposals/{proposal}/withdraw/", BUTTON),
    Row("contact/", "/contact/", SIGNED_IN),
    Row("me/data/", "/me/data/", SIGNED_IN, "each person's own data, as JSON"),
    # Reports: the sponsor of the area, the Head and superusers.
    Row("reports/", "/reports/", "signin 403 200 200 200 403"),
    Row("reports/<slug:slug>/", "/reports/planning/", "signin 403 200 200 200 403"),
    Row("reports/<slug:slug>/", "/reports/human-resources/", "signin 403 404 200 200 403",
        "another sponsor's area is not there for this sponsor"),
    Row("reports/<slug:slug>/export/", "/reports/planning/export/?table=members",
        "signin 403 200 200 200 403"),
    Row("reports/<slug:slug>/export/", "/reports/human-resources/export/",
        "signin 403 404 200 200 403"),
    # Signing in, out, resets and invitations.
    Row("accounts/login/", "/accounts/login/", EVERYONE),
    Row("accounts/password_reset/", "/accounts/password_reset/", EVERYONE),
    Row("accounts/password_reset/done/", "/accounts/password_reset/done/", EVERYONE),
    Row("accounts/reset/<uidb64>/<token>/", "/accounts/reset/abc/not-a-token/", EVERYONE,
        "the page says the link has expired"),
    Row("accounts/invitation/<uidb64>/<token>/", "/accounts/invitation/abc/not-a-token/",
        EVERYONE),
    Row("accounts/inactive/", "/accounts/inactive/", "403 403 403 403 403 403"),
    Row("accounts/oidc/<str:provider_id>/login/", "/accounts/oidc/ucl/login/",
        "404 404 404 404 404 404", "single sign-on is off (AUTH_MODE=local)"),
    Row("accounts/oidc/<str:provider_id>/login/callback/", "/accounts/oidc/ucl/login/callback/",
        "404 404 404 404 404 404"),
    Row("accounts/oidc/signup/", "/accounts/oidc/signup/", "403 403 403 403 403 403",
        "no account for that UCL sign-in"),
    Row("accounts/oidc/cancelled/", "/accounts/oidc/cancelled/", EVERYONE),
    Row("accounts/logout/", "/accounts/logout/", EVERYONE, "a page with a sign-out button"),
    Row("accounts/password_change/", "/accounts/password_change/", SIGNED_IN),
    Row("accounts/password_change/done/", "/accounts/password_change/done/", SIGNED_IN),
    Row("accounts/reset/done/", "/accounts/reset/done/", EVERYONE),
    # The admin: the Head and superusers; everyone else is sent to the admin's sign-in page,
    # the flag-only account included, at the index as everywhere.
    Row("admin/", "/admin/", ADMIN_ONLY),
    Row("admin/login/", "/admin/login/", "200 200 200 302 302 200"),
    Row("admin/logout/", "/admin/logout/", "302 302 302 405 405 302"),
    Row("admin/password_change/", "/admin/password_change/", ADMIN_ONLY),
    Row("admin/password_change/done/", "/admin/password_change/done/", ADMIN_ONLY),
    Row("admin/autocomplete/", "/admin/autocomplete/", "admin admin admin 403 403 admin",
        "without a field to complete"),
    Row("admin/autocomplete/",
        "/admin/autocomplete/?app_label=membership&model_name=membership&field_name=person"
        "&term=mo", ADMIN_ONLY),
    Row("admin/jsi18n/", "/admin/jsi18n/", ADMIN_ONLY),
    Row("admin/r/<path:content_type_id>/<path:object_id>/", "/admin/r/1/1/",
        "admin admin admin 404 404 admin"),
    Row("admin/^(?P<app_label>auth|django_tasks_database|axes|socialaccount|outbox|communities"
        "|membership|activities|proposals)/$", "/admin/membership/", ADMIN_ONLY),
    Row("admin/(?P<url>.*)$", "/admin/no/such/page/", "admin admin admin 404 404 admin"),
    Row("admin/communities/community/<path:object_id>/launch/",
        "/admin/communities/community/{preparing}/launch/", ADMIN_ONLY, "a confirmation page"),
    Row("admin/communities/community/<path:object_id>/close/",
        "/admin/communities/community/{community}/close/", ADMIN_ONLY),
    Row("admin/communities/community/<path:object_id>/reopen/",
        "/admin/communities/community/{community}/reopen/", "admin admin admin 302 302 admin"),
    Row("admin/communities/community/<path:object_id>/leads/",
        "/admin/communities/community/{community}/leads/", ADMIN_ONLY),
    Row("admin/communities/community/<path:object_id>/leads/appoint/",
        "/admin/communities/community/{community}/leads/appoint/",
        "admin admin admin 405 405 admin"),
    Row("admin/communities/community/<path:object_id>/leads/stand-down/",
        "/admin/communities/community/{community}/leads/stand-down/",
        "admin admin admin 405 405 admin"),
    Row("admin/communities/community/^([^/]+)/history/([^/]+)/$",
        "/admin/communities/community/{community}/history/{community_version}/", ADMIN_ONLY),
    Row("admin/communities/practicearea/^([^/]+)/history/([^/]+)/$",
        "/admin/communities/practicearea/{area}/history/{area_version}/", ADMIN_ONLY),
    Row("admin/proposals/proposal/<path:object_id>/accept/",
        "/admin/proposals/proposal/{proposal}/accept/", ADMIN_ONLY,
        "a confirmation page with the community's name, summary and area"),
    Row("admin/proposals/proposal/<path:object_id>/decline/",
        "/admin/proposals/proposal/{proposal}/decline/", ADMIN_ONLY, "asks for the reason"),
    Row("admin/membership/membership/^([^/]+)/history/([^/]+)/$",
        "/admin/membership/membership/{membership}/history/{membership_version}/", ADMIN_ONLY),
    Row("admin/membership/membership/export/<str:scope>/",
        "/admin/membership/membership/export/active/", ADMIN_ONLY),
    Row("admin/membership/membership/export/<str:scope>/",
        "/admin/membership/membership/export/everything/", "admin admin admin 404 404 admin"),
    Row("admin/membership/membership/<path:object_id>/end/",
        "/admin/membership/membership/{membership}/end/", ADMIN_ONLY,
        "Mo's membership: a confirmation page"),
    Row("admin/membership/membership/import/", "/admin/membership/membership/import/",
        ADMIN_ONLY),
    Row("admin/membership/membership/process_import/",
        "/admin/membership/membership/process_import/", "admin admin admin 405 405 admin"),
    Row("admin/membership/person/import/", "/admin/membership/person/import/", ADMIN_ONLY),
    Row("admin/membership/person/process_import/", "/admin/membership/person/process_import/",
        "admin admin admin 405 405 admin"),
    Row("admin/membership/person/export/", "/admin/membership/person/export/", ADMIN_ONLY),
    Row("admin/membership/person/<path:object_id>/anonymise/",
        "/admin/membership/person/{person}/anonymise/", ADMIN_ONLY,
        "Mo: a page that says what anonymising does, and asks"),
    Row("admin/membership/person/<path:object_id>/change/",
        "/admin/membership/person/{superuser}/change/", ADMIN_ONLY,
        "the Head sees a superuser's page read-only (test_admin_pages checks it cannot change)"),
]

# Django admin's generic pages of each registered model, for the Head and for a superuser:
# the list, add, change, history and delete pages, and the short object address (a redirect).
# Everyone else is sent to the admin's sign-in page. `id` names the object in `access_world`.
ADMIN_MODELS = {
    # model:                              (id,               head,                    superuser)
    "auth/group":                         ("group",          "403 403 403 403 403 302", "200 200 200 200 200 302"),  # noqa: E501
    "django_tasks_database/dbtaskresult": ("task",           "403 403 403 403 403 302", "200 403 200 200 403 302"),  # noqa: E501
    "axes/accessattempt":                 ("attempt",        "403 403 403 403 403 302", "200 403 200 200 200 302"),  # noqa: E501
    "socialaccount/socialaccount":        ("social",         "403 403 403 403 403 302", "200 200 200 200 200 302"),  # noqa: E501
    "outbox/email":                       ("email",          "200 403 200 200 403 302", "200 403 200 200 403 302"),  # noqa: E501
    "communities/practicearea":           ("area",           "200 200 200 200 403 302", "200 200 200 200 200 302"),  # noqa: E501
    "communities/programmecontact":       ("contact",        "302 403 200 200 403 302", "302 403 200 200 403 302"),  # noqa: E501
    "communities/community":              ("community",      "200 200 200 200 403 302", "200 200 200 200 403 302"),  # noqa: E501
    "membership/membership":              ("membership",     "200 200 200 200 403 302", "200 200 200 200 403 302"),  # noqa: E501
    "membership/interest":                ("interest",       "200 403 200 200 403 302", "200 403 200 200 403 302"),  # noqa: E501
    "membership/reconfirmation":          ("reconfirmation", "200 403 200 200 403 302", "200 403 200 200 403 302"),  # noqa: E501
    "membership/person":                  ("person",         "200 200 200 200 403 302", "200 200 200 200 200 302"),  # noqa: E501
    "activities/project":                 ("project",        "200 403 200 200 403 302", "200 403 200 200 403 302"),  # noqa: E501
    "activities/projectmember":           ("project_member", "200 403 200 200 403 302", "200 403 200 200 403 302"),  # noqa: E501
    "activities/resource":                ("resource",       "200 403 200 200 403 302", "200 403 200 200 403 302"),  # noqa: E501
    "activities/session":                 ("session",        "200 403 200 200 403 302", "200 403 200 200 403 302"),  # noqa: E501
    "activities/rsvp":                    ("rsvp",           "200 403 200 200 403 302", "200 403 200 200 403 302"),  # noqa: E501
    "activities/announcement":            ("announcement",   "200 403 200 200 403 302", "200 403 200 200 403 302"),  # noqa: E501
    "proposals/proposal":                 ("proposal",       "200 403 200 200 403 302", "200 403 200 200 403 302"),  # noqa: E501
}
# fmt: on
ADMIN_PAGES = ["", "add/", "{id}/change/", "{id}/history/", "{id}/delete/", "{id}/"]
ADMIN_PATTERNS = [
    "",
    "add/",
    "<path:object_id>/change/",
    "<path:object_id>/history/",
    "<path:object_id>/delete/",
    "<path:object_id>/",
]


def admin_rows() -> list[Row]:
    rows = []
    for model, (key, head, superuser) in ADMIN_MODELS.items():
        for page, pattern, head_answer, superuser_answer in zip(
            ADMIN_PAGES, ADMIN_PATTERNS, head.split(), superuser.split(), strict=True
        ):
            answers = f"admin admin admin {head_answer} {superuser_answer} admin"
            address = f"/admin/{model}/{page.replace('{id}', '{' + key + '}')}"
            rows.append(Row(f"admin/{model}/{pattern}", address, answers))
    return rows


def every_row() -> list[Row]:
    return TABLE + admin_rows()


# Checking answers ---------------------------------------------------------------------------


def answer(response) -> str:
    if response.status_code in {301, 302}:
        location = response["Location"]
        if location.startswith("/accounts/login/?next="):
            return "signin"
        if location.startswith("/admin/login/?next="):
            return "admin"
        return "302"
    return str(response.status_code)


def addresses(world) -> dict[str, object]:
    return {**world.ids, "preparing": world.preparing.pk}


def client_as(world, role: str, **kwargs) -> Client:
    client = Client(**kwargs)
    if person := world.people[role]:
        client.force_login(person)
    return client


def table_names() -> list[str]:
    """Every table Django manages, each once."""
    names = {
        model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    }
    return sorted(names & set(connection.introspection.table_names()))


def row_counts(tables: list[str]) -> dict[str, int]:
    """Every table's row count, in one query."""
    quote = connection.ops.quote_name
    counts = ", ".join(f"(SELECT COUNT(*) FROM {quote(name)})" for name in tables)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {counts}")
        return dict(zip(tables, cursor.fetchone(), strict=True))


def changed(before: dict[str, int], after: dict[str, int]) -> dict[str, tuple[int, int]]:
    return {name: (before[name], after[name]) for name in before if before[name] != after[name]}


# The tests ----------------------------------------------------------------------------------


def test_every_url_pattern_has_a_row(db):
    covered = {row.route for row in every_row()}
    missing = [route for route in all_routes() if route not in covered]
    assert missing == [], "Add a row to the access table for each new URL pattern"


def test_every_registered_admin_model_has_a_row(db):
    assert sorted(ADMIN_MODELS) == sorted(admin_models())


def test_every_row_names_a_real_pattern_and_six_answers(db):
    routes = set(all_routes())
    for row in every_row():
        assert row.route in routes, row
        assert len(row.answers.split()) == len(ROLES), row


@pytest.mark.parametrize("role", ROLES)
def test_each_address_answers_each_role_as_the_table_says_and_no_get_writes(db, role):
    world = build_world()
    client = client_as(world, role)
    ids = addresses(world)
    tables = table_names()
    wrong, writes = [], []
    for row in every_row():
        expected = row.answers.split()[ROLES.index(role)]
        address = row.address.format(**ids)
        before = row_counts(tables)
        got = answer(client.get(address))
        if got != expected:
            wrong.append(f"{address}: expected {expected}, got {got}")
        if difference := changed(before, row_counts(tables)):
            writes.append(f"{address}: {difference}")
    assert wrong == []
    assert writes == []


# CSRF: a POST without its token is refused everywhere ----------------------------------------

# Patterns that may take a POST without the CSRF token, and why. None today: even the upload
# views, exempt outside so they can limit the upload first, check the token inside.
CSRF_EXEMPT: dict[str, str] = {}


def csrf_addresses() -> dict[str, str]:
    """One address per pattern (the first row of each)."""
    first: dict[str, str] = {}
    for row in every_row():
        first.setdefault(row.route, row.address)
    return first


@pytest.mark.parametrize("role", ["staff", "head", "superuser"])
def test_every_post_without_a_csrf_token_is_refused(db, role):
    world = build_world()
    client = client_as(world, role, enforce_csrf_checks=True)
    ids = addresses(world)
    tables = table_names()
    before = row_counts(tables)
    accepted = []
    for route, address in csrf_addresses().items():
        if route in CSRF_EXEMPT:
            continue
        response = client.post(address.format(**ids), {"confirm": "1", "post": "yes"})
        if response.status_code != 403 or "That form has expired" not in response.text:
            accepted.append(f"{address}: {response.status_code}")
    assert accepted == []
    assert changed(before, row_counts(tables)) == {}


def test_the_csrf_exempt_patterns_are_real(db):
    assert set(CSRF_EXEMPT) <= set(all_routes())


def test_a_post_with_its_token_still_works(db):
    world = build_world()
    client = client_as(world, "staff", enforce_csrf_checks=True)
    page = client.get("/communities/data-and-insight/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)

    response = client.post(
        "/communities/data-and-insight/join/", {"kind": "wider", "csrfmiddlewaretoken": token}
    )

    assert response.status_code == 302
    assert world.people["staff"].memberships.filter(ended_at__isnull=True).count() == 1


# Buttons: who may press them, on objects that belong to others -------------------------------

# `done` is a redirect or page that is not a refusal (the action ran, or asked to confirm).
# A refusal (signin, 403, 404) writes nothing; those are checked on every row.
# fmt: off
POSTS = [
    Row("sessions/<int:pk>/cancel/", "/sessions/{session}/cancel/",
        "signin 403 403 done done 403", "Lena's session"),
    Row("sessions/<int:pk>/edit/", "/sessions/{session}/edit/", "signin 403 403 done done 403"),
    Row("sessions/<int:pk>/attendance/", "/sessions/{past_session}/attendance/",
        "signin 403 403 done done 403"),
    Row("communities/<slug:slug>/announcements/new/",
        "/communities/data-and-insight/announcements/new/", "signin 403 403 done done 403"),
    Row("communities/<slug:slug>/edit/", "/communities/data-and-insight/edit/",
        "signin 403 403 done done 403"),
    Row("projects/<int:pk>/edit/", "/projects/{project}/edit/", "signin 403 403 done done 403",
        "Lena's project"),
    Row("resources/<int:pk>/edit/", "/resources/{resource}/edit/", "signin 403 403 done done 403",
        "Mo's resource"),
    Row("resources/<int:pk>/delete/", "/resources/{resource}/delete/",
        "signin 403 403 done done 403"),
    Row("resources/<int:pk>/hide/", "/resources/{resource}/hide/", "signin 403 403 done done 403"),
    Row("resources/<int:pk>/delete/", "/resources/{hidden}/delete/", "signin 404 404 done done 404",
        "a hidden resource is not there for others"),
    Row("communities/<slug:slug>/resources/new/", "/communities/data-and-insight/resources/new/",
        "signin 403 403 403 403 403"),
    Row("communities/<slug:slug>/projects/new/", "/communities/data-and-insight/projects/new/",
        "signin 403 403 403 403 403"),
    Row("communities/<slug:slug>/sessions/new/", "/communities/data-and-insight/sessions/new/",
        "signin 403 403 done done 403"),
    Row("proposals/<int:pk>/edit/", "/proposals/{proposal}/edit/", "signin 403 403 403 403 403",
        "Mo's proposal"),
    Row("proposals/<int:pk>/withdraw/", "/proposals/{proposal}/withdraw/",
        "signin 403 403 403 403 403"),
    Row("proposals/<int:pk>/support/", "/proposals/{proposal}/support/",
        "signin done done done done done", "anyone signed in says they would join"),
    Row("admin/proposals/proposal/<path:object_id>/accept/",
        "/admin/proposals/proposal/{proposal}/accept/", "admin admin admin done done admin"),
    Row("admin/proposals/proposal/<path:object_id>/decline/",
        "/admin/proposals/proposal/{proposal}/decline/", "admin admin admin done done admin"),
]
# fmt: on
BUTTON_DATA = {"confirm": "1", "title": "Changed", "subject": "Hello", "body": "Hi"}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("row", POSTS, ids=lambda row: row.address)
def test_each_button_answers_each_role_as_the_table_says(db, row, role):
    world = build_world()
    client = client_as(world, role)
    tables = table_names()
    before = row_counts(tables)
    expected = row.answers.split()[ROLES.index(role)]

    got = answer(client.post(row.address.format(**addresses(world)), BUTTON_DATA))

    if expected == "done":
        assert got in {"200", "302"}
    else:
        assert got == expected
        assert changed(before, row_counts(tables)) == {}


def test_buttons_act_on_my_own_things_never_on_another_person_s(db):
    """Leaving, cancelling an RSVP, withdrawing interest and resetting a calendar address act on
    the person who presses them: an outsider pressing them changes nothing of Mo's."""
    from activities.models import CalendarFeed, Rsvp
    from membership.models import Interest, Membership

    world = build_world()
    client = client_as(world, "staff")
    ids = addresses(world)
    tables = table_names()

    client.post("/communities/data-and-insight/leave/", {"confirm": "1"})
    client.post("/sessions/{session}/rsvp/cancel/".format(**ids))
    client.post("/communities/strategy/interest/withdraw/")
    client.post("/projects/{project}/leave/".format(**ids))
    before = row_counts(tables)
    client.post("/me/calendar/reset/")

    assert Membership.objects.get(pk=ids["membership"]).ended_at is None
    assert Rsvp.objects.get(pk=ids["rsvp"]).status == Rsvp.Status.GOING
    assert Interest.objects.filter(pk=ids["interest"]).exists()
    assert CalendarFeed.objects.get(person_id=ids["person"]).token == ids["token"]
    # Only the outsider's own calendar address was made.
    assert changed(before, row_counts(tables)) == {"activities_calendarfeed": (1, 2)}
