"""Anonymising a leaver: nothing with their name, address or an id-derived link remains, every
count stays, the act is recorded once, and a failure anywhere leaves them as they were."""

import csv
import re
from importlib import import_module
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from activities.models import CalendarFeed, Project, Resource
from communities.models import PracticeArea, ProgrammeContact
from membership import services
from membership.models import FORMER_MEMBER, Interest, Membership, Person
from membership.signals import person_anonymised
from outbox.models import Email

from .leaver_world import EMAIL, LOCAL_PART, NAME, PASSWORD, build_leaver_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def leaver(head):
    return build_leaver_world(head)


def _anonymise_in_the_admin(leaver, choice: str = "keep"):
    client = Client()
    client.force_login(leaver.head)
    url = f"/admin/membership/person/{leaver.person.pk}/anonymise/"
    return client.post(url, {"resources": choice}, follow=True)


# Searching the whole database ----------------------------------------------------------------


def _every_row_as_text() -> dict[str, list[str]]:
    """Every row of every table, as text; sessions decoded by the session engine."""
    quote = connection.ops.quote_name
    rows: dict[str, list[str]] = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {quote(table)}")
            rows[table] = [" | ".join(map(str, row)) for row in cursor.fetchall()]
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    with connection.cursor() as cursor:
        cursor.execute("SELECT session_data FROM django_session")
        rows["django_session (decoded)"] = [str(store.decode(data)) for (data,) in cursor]
    return rows


def _where(needle: str) -> list[str]:
    needle = needle.lower()
    return [
        f"{table}: {row[:200]}"
        for table, texts in _every_row_as_text().items()
        for row in texts
        if needle in row.lower()
    ]


def _links_with_tokens(person_pk: int, feed_token: str) -> list[str]:
    uidb64 = urlsafe_base64_encode(force_bytes(person_pk))
    needles = [f"/reset/{uidb64}/", f"/invitation/{uidb64}/", feed_token, "/reconfirm/"]
    return [found for needle in needles for found in _where(needle)]


def _sessions_of(person_pk: int) -> int:
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    with connection.cursor() as cursor:
        cursor.execute("SELECT session_data FROM django_session")
        return sum(store.decode(data).get("_auth_user_id") == str(person_pk) for (data,) in cursor)


def test_the_world_starts_with_traces_everywhere(leaver):
    # The search finds what the rest of the tests say is gone.
    assert {found.split(":")[0] for found in _where(EMAIL)} >= {
        "membership_person",
        "outbox_email",
        "axes_accessattempt",
        "axes_accessfailurelog",
        "account_emailaddress",
        "socialaccount_socialaccount",
        "django_tasks_database_dbtaskresult",
    }
    assert {found.split(":")[0] for found in _where(NAME)} >= {"django_admin_log", "outbox_email"}
    assert _links_with_tokens(leaver.person.pk, leaver.feed_token)
    assert _sessions_of(leaver.person.pk) == 2


def test_nothing_with_their_name_address_or_local_part_remains(leaver):
    response = _anonymise_in_the_admin(leaver)

    assert "Anonymised" in response.text
    for needle in (NAME, EMAIL, LOCAL_PART, "Quarrington", "Zoological Quantitative"):
        assert _where(needle) == [], needle
    assert _sessions_of(leaver.person.pk) == 0


def test_no_row_links_with_a_token_derived_from_them(leaver):
    _anonymise_in_the_admin(leaver)

    assert _links_with_tokens(leaver.person.pk, leaver.feed_token) == []
    assert not CalendarFeed.objects.filter(person=leaver.person).exists()


def test_the_import_preview_listing_them_is_removed(leaver, django_capture_on_commit_callbacks):
    folder = Path(settings.IMPORT_PREVIEW_DIR)
    assert any(folder.iterdir())

    with django_capture_on_commit_callbacks(execute=True):
        services.anonymise_person(person=leaver.person, by=leaver.head)

    assert not any(folder.iterdir())


# Counts stay -----------------------------------------------------------------------------------


def _text(url: str, client: Client) -> str:
    """The page's main content, as words."""
    page = client.get(url).text
    return " ".join(
        re.sub(r"<[^>]+>", " ", page[page.index("<main") : page.index("</main>")]).split()
    )


def _numbers(text: str) -> list[str]:
    return re.findall(r"\d+", text)


def _report_table(client: Client, url: str) -> list[list[str]]:
    return list(csv.reader(client.get(url).getvalue().decode().splitlines()))


def _counts_seen(leaver) -> dict[str, object]:
    anonymous, head = Client(), Client()
    head.force_login(leaver.head)
    export = f"/reports/{leaver.area_slug}/export/?table="
    departments = _report_table(head, export + "departments")[1:]
    return {
        "list": _numbers(_text("/communities/", anonymous)),
        "wider community page": _numbers(_text("/communities/events-management/", anonymous)),
        "lead community page": _numbers(_text("/communities/data-and-insight/", anonymous)),
        "lead community members": services_counts(leaver.lead_community),
        # The report's figures: every column but the leads' names, which his stepping down
        # changes. His department is erased, so by department he moves to "Not recorded"
        # (a small department and a date could name him); the number of people stays.
        "report communities": [
            row[:3] + row[4:] for row in _report_table(head, export + "communities")
        ],
        "report months": _report_table(head, export + "monthly"),
        "report sessions": _report_table(head, export + "sessions"),
        "report people": sum(int(people) for _department, people in departments),
        "rows": (Membership.objects.count(), Interest.objects.count()),
    }


def services_counts(community) -> dict[str, int]:
    from membership.selectors import directory_counts

    counts = directory_counts(community)
    return {kind: counts[kind] for kind in ("core", "wider", "total")}  # he is hidden now


def test_every_count_on_the_list_community_pages_and_reports_is_unchanged(leaver):
    before = _counts_seen(leaver)

    _anonymise_in_the_admin(leaver)

    after = _counts_seen(leaver)
    assert after == before


def test_their_memberships_rsvps_and_places_stay_without_a_name(leaver):
    zeb = leaver.person
    kept = (zeb.memberships.count(), zeb.rsvps.count(), zeb.project_places.count())

    services.anonymise_person(person=zeb, by=leaver.head)

    zeb.refresh_from_db()
    assert (zeb.memberships.count(), zeb.rsvps.count(), zeb.project_places.count()) == kept
    assert zeb.memberships.filter(ended_at__isnull=True).count() == 2
    assert zeb.display_name == FORMER_MEMBER == str(zeb)
    assert zeb.is_anonymised
    assert zeb.hidden_from_lists


def test_a_lead_steps_down_and_their_project_needs_a_lead(leaver):
    zeb = leaver.person

    result = services.anonymise_person(person=zeb, by=leaver.head)

    assert result.stepped_down_from == ("Data and Insight",)
    assert not Membership.objects.filter(person=zeb, is_lead=True).exists()
    assert Project.objects.get(title="Dashboard standards").needs_a_lead
    told = Email.objects.get(kind="project_needs_a_lead", to_address="cara.colleague@ucl.ac.uk")
    assert "A former member is no longer a core member" in told.body_text


def test_the_area_they_sponsored_shows_tbc(leaver):
    services.anonymise_person(person=leaver.person, by=leaver.head)

    assert PracticeArea.objects.get(slug=leaver.area_slug).sponsor is None


def test_their_resources_stay_attributed_to_a_former_member(leaver, client_for):
    services.anonymise_person(person=leaver.person, by=leaver.head)

    resource = Resource.objects.get(title="Zeb's checklist link")
    page = client_for(leaver.colleague).get(f"/resources/{resource.pk}/")
    assert "Shared by</dt><dd>A former member</dd>" in page.text
    assert Resource.objects.filter(author=leaver.person).count() == 2


def test_the_head_may_remove_their_resources_with_their_files(
    leaver, django_capture_on_commit_callbacks
):
    storage = Resource._meta.get_field("file").storage
    assert storage.exists(leaver.file_name)

    with django_capture_on_commit_callbacks(execute=True):
        _anonymise_in_the_admin(leaver, choice="remove")

    assert not Resource.objects.filter(author=leaver.person).exists()
    assert not storage.exists(leaver.file_name)


# Signing in ------------------------------------------------------------------------------------


def test_the_anonymised_account_cannot_sign_in_and_its_sessions_end(leaver):
    _anonymise_in_the_admin(leaver)

    for signed_in in leaver.signed_in:
        assert signed_in.get("/me/")["Location"].startswith("/accounts/login/")
    refused = Client().post("/accounts/login/", {"username": EMAIL, "password": PASSWORD})
    assert refused.status_code == 200
    assert "_auth_user_id" not in refused.client.session
    zeb = Person.objects.get(pk=leaver.person.pk)
    assert not zeb.is_active
    assert not zeb.has_usable_password()
    assert re.fullmatch(r"former-member-[0-9a-f]{24}@anonymised\.invalid", zeb.email)
    assert not zeb.groups.exists()
    assert not zeb.is_staff
    assert zeb.last_login is None


# The record of the act ----------------------------------------------------------------------------


def test_one_log_entry_records_the_act_by_the_head_without_a_name(leaver):
    _anonymise_in_the_admin(leaver)

    entries = LogEntry.objects.filter(object_id=str(leaver.person.pk))
    entry = entries.get(content_type__model="person")
    assert entry.change_message == "Anonymised"
    assert entry.user == leaver.head
    assert entry.object_repr == FORMER_MEMBER
    assert Person.objects.get(pk=leaver.person.pk).anonymised_at is not None


def test_entries_the_head_made_about_others_stay(leaver, other_staff):
    from django.contrib.admin.models import CHANGE

    LogEntry.objects.log_actions(
        user_id=leaver.head.pk, queryset=[other_staff], action_flag=CHANGE, change_message="x"
    )

    services.anonymise_person(person=leaver.person, by=leaver.head)

    assert LogEntry.objects.filter(object_repr="Bob Brown").exists()


# Refusals ----------------------------------------------------------------------------------------


def test_anonymising_twice_is_refused_with_a_clear_message(leaver):
    _anonymise_in_the_admin(leaver)

    response = _anonymise_in_the_admin(leaver)

    assert "already been anonymised" in response.text
    assert LogEntry.objects.filter(change_message="Anonymised").count() == 1
    with pytest.raises(services.AlreadyAnonymised):
        services.anonymise_person(person=leaver.person, by=leaver.head)


def test_the_head_cannot_anonymise_herself(head, client_for):
    response = client_for(head).get(f"/admin/membership/person/{head.pk}/anonymise/", follow=True)

    assert "You cannot anonymise yourself" in response.text
    with pytest.raises(services.CannotAnonymise):
        services.anonymise_person(person=head, by=head)
    head.refresh_from_db()
    assert not head.is_anonymised


@pytest.mark.parametrize(
    ("name", "email"), [(NAME, "cops@ucl.ac.uk"), ("Head of CoPs", EMAIL.upper())]
)
def test_the_programme_contact_must_be_changed_first(leaver, name, email):
    ProgrammeContact.objects.create(name=name, email=email)

    with pytest.raises(services.CannotAnonymise, match="Change the programme contact first"):
        services.anonymise_person(person=leaver.person, by=leaver.head)


def test_the_head_may_not_anonymise_a_superuser(head, superuser, client_for):
    response = client_for(head).get(f"/admin/membership/person/{superuser.pk}/anonymise/")

    assert response.status_code == 403
    with pytest.raises(services.CannotAnonymise, match="Only a superuser"):
        services.anonymise_person(person=superuser, by=head)


def test_only_the_head_or_a_superuser_may_anonymise(leaver):
    with pytest.raises(services.CannotAnonymise, match="Only the Head"):
        services.anonymise_person(person=leaver.person, by=leaver.colleague)


def test_the_confirmation_page_says_what_goes_and_what_stays(leaver, client_for):
    page = client_for(leaver.head).get(f"/admin/membership/person/{leaver.person.pk}/anonymise/")

    assert page.status_code == 200
    assert "It cannot be undone." in page.text
    assert "Leading Data and Insight: they stop being a lead there" in page.text
    assert "Sponsoring Operations: it shows “TBC”" in page.text
    assert "2 resources they shared" in page.text
    assert 'value="keep"' in page.text
    assert 'value="remove"' in page.text
    assert Person.objects.get(pk=leaver.person.pk).full_name == NAME  # a GET changes nothing


def test_the_change_page_offers_the_button_and_then_says_when(leaver, client_for):
    url = f"/admin/membership/person/{leaver.person.pk}/change/"
    head = client_for(leaver.head)
    assert "Anonymise…" in head.get(url).text

    services.anonymise_person(person=leaver.person, by=leaver.head)

    page = head.get(url).text
    assert "Anonymise…" not in page
    assert "Anonymised on" in page


# All or nothing ----------------------------------------------------------------------------------


def test_a_failing_receiver_rolls_everything_back(leaver):
    def fail(**kwargs):
        raise RuntimeError("a receiver failed")

    person_anonymised.connect(fail, dispatch_uid="test-fail")
    before = _every_row_as_text()
    try:
        with pytest.raises(RuntimeError):
            services.anonymise_person(person=leaver.person, by=leaver.head)
    finally:
        person_anonymised.disconnect(dispatch_uid="test-fail")

    assert _every_row_as_text() == before
    zeb = Person.objects.get(pk=leaver.person.pk)
    assert zeb.full_name == NAME
    assert not zeb.is_anonymised
    assert Group.objects.filter(user=zeb).count() == 0  # he had none; nothing else changed either
