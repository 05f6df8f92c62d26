"""Property-based fuzzing: whatever a request holds, the portal answers 2xx, 3xx or 4xx, never a
500, and a request it refuses (4xx) writes nothing.

Hypothesis draws the values: long strings, any Unicode (right-to-left marks, emoji, combining
accents), NUL bytes, numbers out of range, malformed dates and ids, and now and then a real
value so a form gets past its first check. Every query parameter a page reads and every form
field is fuzzed, on the public pages and in the admin, as the roles that reach each one.

Fuzzing runs on PostgreSQL only (the `fuzz` marker; tests/conftest.py skips it on SQLite), where
NUL bytes and out-of-range numbers fail in the database rather than pass. `FUZZ_EXAMPLES` sets
the examples per test (default 150: the whole file takes under a minute); `FUZZ_RANDOM=1` draws
new examples each run instead of the same ones, to hunt for more.
"""

import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .access_world import build_world
from .test_access_matrix import addresses, changed, row_counts, table_names

pytestmark = [pytest.mark.fuzz, pytest.mark.django_db]

FUZZ = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "150")),
    deadline=None,
    database=None,
    derandomize=os.environ.get("FUZZ_RANDOM", "") != "1",
    print_blob=True,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)

# Values ---------------------------------------------------------------------------------------

unicode_text = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=40)
long_text = st.builds(
    lambda piece, times: piece * times,
    st.sampled_from(["a", "é", "😀", "\u202e", " ", "<b>", "'; --", "%"]),
    st.integers(min_value=200, max_value=20_000),
)
with_nul = st.builds(lambda before, after: f"{before}\x00{after}", unicode_text, unicode_text)
numbers = st.one_of(
    st.sampled_from(
        [
            "0",
            "-1",
            "2147483648",
            "9223372036854775808",
            "99999999999999999999999",
            "-99999999999999999999999",
            "1e309",
            "NaN",
            "inf",
            "1.5",
            "0x1F",
            "٣",  # an Arabic-Indic three: int() takes it, a database may not
            "１２",  # full-width digits
        ]
    ),
    st.integers().map(str),
)
dates = st.one_of(
    st.sampled_from(
        [
            "2025-02-30",
            "0000-01-01",
            "0001-01",
            "9999-12-31",
            "10000-01-01",
            "2025-13",
            "2025-00",
            "April 2026",
            "Smarch 2026",
            "2026-04-01T25:61",
            "-2025-01-01",
            "31/02/2025",
            "2026-03-29T01:30",  # the hour the London clocks skip
            "2026-10-25T01:30",  # the hour they repeat
        ]
    ),
    st.dates().map(str),
    st.datetimes().map(lambda moment: moment.isoformat(timespec="minutes")),
)
ids = st.sampled_from(["abc", "1 OR 1=1", "../..", "1,2", "1;", " 1", "1.0", "-5", "0", "%00"])
real = st.sampled_from(
    [
        "",
        "1",
        "2",
        "yes",
        "on",
        "core",
        "wider",
        "leave",
        "data-and-insight",
        "planning",
        "strategy",
        "tool",
        "all",
        "members",
        "csv",
        "name",
        "since",
        "learn",
        "https://ucl.sharepoint.com/sites/x",
        "alice@ucl.ac.uk",
    ]
)
value = st.one_of(unicode_text, long_text, with_nul, numbers, dates, ids, real)


def params(names: list[str]) -> st.SearchStrategy[dict[str, list[str]]]:
    """Some of `names` (and now and then a name of Hypothesis's own), each with one or more
    values."""
    name = st.one_of(st.sampled_from(names or ["q"]), unicode_text.filter(bool))
    return st.dictionaries(name, st.lists(value, min_size=1, max_size=2), max_size=6)


# Checking one request -------------------------------------------------------------------------


def check(client: Client, method: str, address: str, data, tables: list[str]) -> None:
    before = row_counts(tables)
    response = getattr(client, method)(address, data)
    status = response.status_code
    assert status < 500, f"{method.upper()} {address} {data!r} answered {status}"
    if method == "get" or status >= 400:
        assert changed(before, row_counts(tables)) == {}, (
            f"{method.upper()} {address} answered {status} and wrote"
        )


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def clients(world):
    """A signed-in client per persona that matters: Lena leads Data and Insight, Mo is a member
    (and the author of its resources)."""
    from membership.models import Person

    made = {"anonymous": Client()}
    people = {
        **{role: person for role, person in world.people.items() if person},
        "lena": Person.objects.get(email="lena@ucl.ac.uk"),
        "mo": Person.objects.get(email="mo@ucl.ac.uk"),
    }
    for role, person in people.items():
        made[role] = Client()
        made[role].force_login(person)
    return made


# Public pages: every query parameter ---------------------------------------------------------

PUBLIC_PAGES = {
    "/": [],
    "/communities/": ["q", "practice_area", "status", "page"],
    "/communities/data-and-insight/": [],
    "/communities/data-and-insight/members/": ["q", "sort", "page", "format"],
    "/communities/data-and-insight/resources/": ["q", "kind", "tag", "community", "page"],
    "/resources/": ["q", "kind", "tag", "community", "page"],
    "/events/": ["practice_area", "community", "page"],
    "/search/": ["q"],
    "/find/": ["department", "job_title", "wants", "topics"],
    "/reports/": [],
    "/reports/planning/": ["from", "to"],
    "/reports/planning/export/": ["table", "from", "to"],
    "/me/": [],
    "/me/settings/": [],
    "/sessions/{session}/": [],
    "/sessions/{past_session}/attendance/": [],
    "/projects/{project}/": [],
    "/resources/{resource}/": [],
    "/accounts/login/": ["next"],
    "/accounts/logout/": ["next"],
    "/accounts/password_reset/": [],
    "/communities/data-and-insight/calendar.ics": [],
    "/calendar/{token}.ics": [],
    "/communities/propose/": ["name"],
    "/proposals/": ["page"],
    "/proposals/{proposal}/": [],
    "/proposals/{proposal}/edit/": [],
    "/contact/": [],
}


@FUZZ
@given(
    role=st.sampled_from(["anonymous", "staff", "sponsor", "head", "lena"]),
    page_and_query=st.sampled_from(sorted(PUBLIC_PAGES)).flatmap(
        lambda page: st.tuples(st.just(page), params(PUBLIC_PAGES[page]))
    ),
)
def test_public_query_parameters_never_fail(world, clients, role, page_and_query):
    page, query = page_and_query
    check(clients[role], "get", page.format(**addresses(world)), query, table_names())


@FUZZ
@given(role=st.sampled_from(["anonymous", "staff", "mo"]), path_part=st.one_of(value, ids))
def test_addresses_with_odd_slugs_ids_and_tokens_never_fail(world, clients, role, path_part):
    from urllib.parse import quote

    part = quote(path_part, safe="")[:2000] or "x"
    for template in [
        "/communities/{}/",
        "/communities/{}/members/",
        "/reports/{}/",
        "/calendar/{}.ics",
        "/reconfirm/{}/",
        "/accounts/reset/{}/{}/",
        "/accounts/invitation/{}/set-password/",
    ]:
        check(clients[role], "get", template.format(part, part), {}, table_names())


# Public forms: every field -------------------------------------------------------------------

FORMS = {
    "/communities/data-and-insight/join/": ["kind", "confirm_switch", "previous"],
    "/communities/data-and-insight/kind/": ["kind", "confirm_switch", "confirm", "previous"],
    "/communities/data-and-insight/leave/": ["confirm"],
    "/communities/strategy/interest/": [],
    "/communities/strategy/interest/withdraw/": [],
    "/communities/data-and-insight/edit/": ["description", "how_we_meet", "online_space_url"],
    "/communities/data-and-insight/contact/": ["message"],
    "/communities/data-and-insight/sessions/new/": [
        "title",
        "description",
        "starts_at",
        "ends_at",
        "location",
        "online_url",
        "capacity",
        "host",
    ],
    "/sessions/{session}/edit/": [
        "title",
        "description",
        "starts_at",
        "ends_at",
        "location",
        "online_url",
        "capacity",
        "host",
    ],
    "/sessions/{session}/cancel/": ["confirm"],
    "/sessions/{session}/rsvp/": [],
    "/sessions/{session}/rsvp/cancel/": [],
    "/sessions/{past_session}/attendance/": ["attended"],
    "/communities/data-and-insight/announcements/new/": ["subject", "body", "audience"],
    "/communities/data-and-insight/projects/new/": ["title", "aim"],
    "/projects/{project}/edit/": ["title", "aim", "status", "outcome", "lead"],
    "/projects/{project}/join/": [],
    "/projects/{project}/leave/": [],
    "/resources/{resource}/edit/": ["title", "kind", "description", "tags", "url"],
    "/resources/{resource}/hide/": ["hidden"],
    "/resources/{document}/delete/": ["confirm"],
    "/me/settings/": [
        "hidden_from_lists",
        "lists_shown",
        "announcements_off",
        "announcements_shown",
        "announcements_on",
    ],
    "/me/calendar/reset/": [],
    "/reconfirm/not-a-token/": ["choice"],
    "/accounts/login/": ["username", "password", "next"],
    "/accounts/password_reset/": ["email"],
    "/accounts/logout/": ["next"],
    "/communities/propose/": [
        "name",
        "practice_area",
        "new_area",
        "purpose",
        "why_now",
        "would_lead",
        "checked_name",
    ],
    "/proposals/{proposal}/edit/": [
        "name",
        "practice_area",
        "new_area",
        "purpose",
        "why_now",
        "would_lead",
    ],
    "/proposals/{proposal}/support/": [],
    "/proposals/{proposal}/support/withdraw/": [],
    "/proposals/{proposal}/withdraw/": ["confirm"],
    "/contact/": ["message"],
}


@FUZZ
@given(
    role=st.sampled_from(["anonymous", "staff", "head", "lena", "mo"]),
    form_and_data=st.sampled_from(sorted(FORMS)).flatmap(
        lambda form: st.tuples(st.just(form), params(FORMS[form]))
    ),
)
def test_public_forms_never_fail_and_a_refusal_writes_nothing(world, clients, role, form_and_data):
    form, data = form_and_data
    check(clients[role], "post", form.format(**addresses(world)), data, table_names())


@FUZZ
@given(
    title=value,
    kind=st.one_of(value, st.sampled_from(["tool", "document", "story"])),
    tags=value,
    name=st.one_of(unicode_text, long_text),
    content=st.binary(max_size=3000),
)
def test_the_upload_form_never_fails(world, clients, title, kind, tags, name, content):
    data = {
        "title": title,
        "kind": kind,
        "tags": tags,
        "description": "",
        "file": SimpleUploadedFile(file_name(name), content),
    }
    check(
        clients["mo"], "post", "/communities/data-and-insight/resources/new/", data, table_names()
    )


# The admin: every list's parameters, its pages' ids, and its forms ----------------------------

ADMIN_LISTS = [
    "membership/person",
    "membership/membership",
    "membership/interest",
    "communities/community",
    "communities/practicearea",
    "outbox/email",
    "activities/session",
    "activities/rsvp",
    "activities/announcement",
    "activities/project",
    "activities/projectmember",
    "activities/resource",
    "proposals/proposal",
]
ADMIN_PARAMETERS = [
    "q",
    "o",
    "p",
    "e",
    "all",
    "_facets",
    "_popup",
    "_to_field",
    "_changelist_filters",
    "status",
    "status__exact",
    "kind",
    "kind__exact",
    "is_lead__exact",
    "state",
    "notice",
    "signed_in",
    "is_staff__exact",
    "is_active__exact",
    "hidden__exact",
    "audience__exact",
    "attended__exact",
    "community__id__exact",
    "community__status__exact",
    "practice_area__id__exact",
    "session__community__id__exact",
    "project__status__exact",
    "created_at__year",
    "created_at__month",
    "created_at__day",
    "starts_at__year",
    "starts_at__month",
    "joined_at__year",
    "joined_at__gte",
    "date_joined__lt",
    "id__in",
    "person__email",
    "person__id__exact",
    "reconfirmation",
    "needs_lead",
]


@FUZZ
@given(
    role=st.sampled_from(["head", "superuser"]),
    model=st.sampled_from(ADMIN_LISTS),
    query=params(ADMIN_PARAMETERS),
)
def test_admin_list_parameters_never_fail(world, clients, role, model, query):
    check(clients[role], "get", f"/admin/{model}/", query, table_names())


@FUZZ
@given(
    model=st.sampled_from([*ADMIN_LISTS, "communities/programmecontact"]),
    page=st.sampled_from(["change/", "history/", "history/{}/", "delete/", "end/", "leads/", ""]),
    object_id=st.one_of(ids, numbers, unicode_text.filter(bool), st.just("1")),
    version=st.one_of(ids, numbers),
)
def test_admin_pages_with_odd_ids_never_fail(world, clients, model, page, object_id, version):
    from urllib.parse import quote

    address = f"/admin/{model}/{quote(object_id, safe='')}/{page.format(quote(version, safe=''))}"
    check(clients["head"], "get", address, {}, table_names())


@FUZZ
@given(
    query=params(["term", "app_label", "model_name", "field_name", "page"]),
    target=st.sampled_from(
        [
            {"app_label": "membership", "model_name": "membership", "field_name": "person"},
            {"app_label": "membership", "model_name": "membership", "field_name": "community"},
            {"app_label": "communities", "model_name": "practicearea", "field_name": "sponsor"},
        ]
    ),
)
def test_admin_autocomplete_never_fails(world, clients, query, target):
    check(clients["head"], "get", "/admin/autocomplete/", {**target, **query}, table_names())


ADMIN_FORMS = {
    "/admin/membership/membership/add/": [
        "person",
        "community",
        "kind",
        "is_lead",
        "switch_core",
        "_save",
        "_continue",
        "_addanother",
    ],
    "/admin/membership/membership/{membership}/change/": ["kind", "is_lead", "switch_core"],
    "/admin/membership/membership/{membership}/end/": [],
    "/admin/membership/person/add/": ["email", "full_name", "department", "job_title"],
    "/admin/membership/person/{person}/change/": [
        "email",
        "full_name",
        "department",
        "job_title",
        "is_active",
        "cop_administrator",
        "initial-cop_administrator",
    ],
    "/admin/communities/community/add/": ["name", "slug", "practice_area", "summary"],
    "/admin/communities/community/{community}/change/": [
        "name",
        "slug",
        "practice_area",
        "summary",
        "description",
        "how_we_meet",
        "online_space_url",
    ],
    "/admin/communities/practicearea/add/": ["name", "slug", "sponsor", "description"],
    "/admin/communities/programmecontact/{contact}/change/": [
        "name",
        "role",
        "email",
        "phone",
        "internal_phone",
    ],
    "/admin/communities/community/{community}/leads/appoint/": ["membership", "q", "page"],
    "/admin/communities/community/{community}/leads/stand-down/": ["membership"],
    "/admin/communities/community/{preparing}/launch/": [],
    "/admin/proposals/proposal/{proposal}/accept/": [
        "name",
        "summary",
        "practice_area",
        "new_area_name",
    ],
    "/admin/proposals/proposal/{proposal}/decline/": ["reason"],
    "/admin/communities/community/{community}/close/": [],
    "/admin/membership/person/process_import/": [
        "import_file_name",
        "original_file_name",
        "format",
        "resource",
    ],
    "/admin/membership/membership/process_import/": [
        "import_file_name",
        "original_file_name",
        "format",
        "resource",
    ],
}
ACTIONS = {
    "membership/membership": ["end_memberships", "export_selected_memberships"],
    "membership/person": ["send_invitations", "export_selected_people", "delete_selected"],
    "communities/community": ["launch_selected", "close_selected", "reopen_selected"],
    "outbox/email": ["resend_failed"],
    "activities/session": ["cancel_selected"],
    "activities/resource": ["hide_selected", "unhide_selected"],
}


@FUZZ
@given(
    form_and_data=st.sampled_from(sorted(ADMIN_FORMS)).flatmap(
        lambda form: st.tuples(st.just(form), params(ADMIN_FORMS[form]))
    )
)
def test_admin_forms_never_fail_and_a_refusal_writes_nothing(world, clients, form_and_data):
    form, data = form_and_data
    check(clients["head"], "post", form.format(**addresses(world)), data, table_names())


@FUZZ
@given(
    model=st.sampled_from(sorted(ACTIONS)),
    action=st.one_of(
        st.sampled_from([a for names in ACTIONS.values() for a in names]), unicode_text
    ),
    selected=st.lists(st.one_of(ids, numbers, st.sampled_from(["1", "2", "3"])), max_size=3),
    extra=params(["select_across", "index", "post", "_selected_action", "action"]),
)
def test_admin_actions_never_fail(world, clients, model, action, selected, extra):
    data = {**extra, "action": action, "_selected_action": selected}
    check(clients["head"], "post", f"/admin/{model}/", data, table_names())


def file_name(name: str) -> str:
    """A name the test client can send (it refuses paths and empty names itself)."""
    name = name.replace("/", "_").replace("\\", "_")[:200]
    return name if name.strip(". ") else "file"


def csv_text(rows: list[list[str]]) -> str:
    return "\n".join(",".join(cell.replace("\n", " ") for cell in row) for row in rows)


@FUZZ
@given(
    model=st.sampled_from(["person", "membership"]),
    content=st.one_of(
        st.binary(max_size=2000),
        st.lists(st.lists(value, min_size=1, max_size=5), max_size=5).map(csv_text),
    ),
    header=st.sampled_from(
        ["email,full name,department,job title\n", "email,community,kind,lead\n", ""]
    ),
    fmt=st.one_of(st.sampled_from(["0", "1"]), value),
    name=st.one_of(unicode_text, st.just("staff.csv")),
)
def test_admin_imports_never_fail(world, clients, model, content, header, fmt, name):
    if isinstance(content, str):
        content = (header + content).encode("utf-8", "surrogatepass")
    upload = SimpleUploadedFile(file_name(name), content)
    data = {"resource": "0", "format": fmt, "import_file": upload}
    check(clients["head"], "post", f"/admin/membership/{model}/import/", data, table_names())
