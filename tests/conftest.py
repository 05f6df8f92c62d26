"""Personas and shared fixtures.

staff and other_staff are ordinary members of UCL staff; sponsor is the SMT sponsor of
`sponsored_area`; head is in the "CoP administrators" group; superuser is a Django superuser.
"""

import os
import uuid

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, connections

from membership.models import HEAD_OF_COPS_GROUP
from ucl_cop.unavailable import connection_handed_out

from .factories import CommunityFactory, PersonFactory, PracticeAreaFactory

PASSWORD = "correct horse battery staple"


def pytest_collection_modifyitems(config, items):
    # pytest-playwright makes any test that asks for a fixture named `page` a browser test, which
    # runs it (and its database flushes) among the transactional tests, so the data migrations'
    # rows vanish for the tests after it. Only the browser tests may use that name.
    misnamed = [
        item.nodeid
        for item in items
        if "page" in getattr(item, "fixturenames", ()) and "/e2e/" not in item.nodeid
    ]
    if misnamed:
        raise pytest.UsageError(
            "Only tests in tests/e2e/ may use a fixture or parameter named `page` "
            f"(pytest-playwright's browser page): rename it in {', '.join(misnamed)}"
        )
    on_postgres = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))
    if on_postgres:
        return
    skip = pytest.mark.skip(
        reason="needs PostgreSQL row locks and real concurrency; set DATABASE_URL to a "
        "PostgreSQL database to run it (CI does)"
    )
    skip_fuzz = pytest.mark.skip(
        reason="fuzzing runs on PostgreSQL, which refuses NUL bytes and out-of-range numbers "
        "that SQLite lets by; set DATABASE_URL to a PostgreSQL database to run it (CI does)"
    )
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)
        elif "fuzz" in item.keywords:
            item.add_marker(skip_fuzz)


@pytest.fixture(autouse=True)
def _full_database_waits_afterwards():
    # A test that has the database out of reach leaves the pool waiting only briefly for a
    # connection until one is handed out (ucl_cop/unavailable.py); the next test starts afresh.
    yield
    for opened in connections.all(initialized_only=True):
        connection_handed_out(sender=type(opened), connection=opened)


@pytest.fixture(autouse=True)
def _clear_cache():
    # The footer's contact, cached pages and fragments and their versions: a test must not see
    # the previous test's. With REDIS_URL, this empties this worker's keys only (ucl_cop/cache.py).
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def on_postgres():
    return connection.vendor == "postgresql"


@pytest.fixture
def programme(db):
    """The programme exactly as the seed publishes it (fixtures/ucl_cop.json)."""
    call_command("loaddata", "ucl_cop", verbosity=0)


@pytest.fixture
def staff(db):
    return PersonFactory(email="alice@ucl.ac.uk", full_name="Alice Adams", department="Finance")


@pytest.fixture
def other_staff(db):
    return PersonFactory(email="bob@ucl.ac.uk", full_name="Bob Brown", department="Estates")


@pytest.fixture
def sponsored_area(db, sponsor):
    return PracticeAreaFactory(name="Planning", slug="planning", sponsor=sponsor)


@pytest.fixture
def sponsor(db):
    return PersonFactory(email="sam.sponsor@ucl.ac.uk", full_name="Sam Sponsor")


@pytest.fixture
def head(db):
    person = PersonFactory(email="daniela@ucl.ac.uk", full_name="Daniela Head")
    person.groups.add(Group.objects.get(name=HEAD_OF_COPS_GROUP))
    person.refresh_from_db()
    return person


@pytest.fixture
def superuser(db):
    from membership.models import Person

    return Person.objects.create_superuser(
        email="root@ucl.ac.uk", password=PASSWORD, full_name="Site Admin"
    )


@pytest.fixture
def community(db):
    """A launched community."""
    return CommunityFactory(name="Data and Insight", slug="data-and-insight")


@pytest.fixture
def other_community(db):
    return CommunityFactory(name="Events Management", slug="events-management")


@pytest.fixture
def preparing_community(db):
    return CommunityFactory(
        name="Widening Participation", slug="widening-participation", status="preparing"
    )


@pytest.fixture
def closed_community(db):
    return CommunityFactory(name="Old Practice", slug="old-practice", status="closed")


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The real hasher costs about 0.3 s per password; tests check sign-in, not the hash's strength.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _uploads_in_a_temporary_folder(settings, tmp_path_factory):
    # Uploaded files go to a folder of this test alone (made only when a file is stored), never
    # to the project's media/ folder, whatever DJANGO_STORAGE says.
    settings.MEDIA_ROOT = str(tmp_path_factory.getbasetemp() / "media" / uuid.uuid4().hex)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }


@pytest.fixture(autouse=True)
def _import_previews_in_a_temporary_folder(settings, tmp_path_factory):
    # An import's preview file waits in a folder of this test alone.
    settings.IMPORT_PREVIEW_DIR = str(
        tmp_path_factory.getbasetemp() / "previews" / uuid.uuid4().hex
    )


@pytest.fixture
def client_for(db):
    """`client_for(person)`: a test client signed in as that person (one client per person)."""
    from django.test import Client

    def make(person):
        signed_in = Client()
        signed_in.force_login(person)
        return signed_in

    return make


@pytest.fixture
def planning_report(db, sponsored_area, other_staff):
    """Planning (sponsored by `sponsor`) with known figures, for the report tests.

    Data and Insight: 1 core (the lead, Lena Lead) and 9 wider active, plus one who left.
    Project and Programme Management: 4 wider, no core (0%: well below the norm).
    Business Analysis: 3 core and 1 wider (75%: well above the norm).
    Strategy and Policy: preparing, 3 interest registrations.
    Old Practice: closed; its 2 memberships ended when it closed.
    Human Resources (sponsored by other_staff) has a community whose members never count.
    """
    from datetime import UTC, date, datetime
    from types import SimpleNamespace

    from .factories import InterestFactory, MembershipFactory

    joined = datetime(2025, 1, 15, 12, 0, tzinfo=UTC)
    area = sponsored_area
    data = CommunityFactory(
        name="Data and Insight",
        slug="data-and-insight",
        practice_area=area,
        launched_on=date(2024, 5, 1),
    )
    ppm = CommunityFactory(
        name="Project and Programme Management",
        slug="project-and-programme-management",
        practice_area=area,
    )
    analysis = CommunityFactory(
        name="Business Analysis", slug="business-analysis", practice_area=area
    )
    strategy = CommunityFactory(
        name="Strategy and Policy",
        slug="strategy-and-policy",
        practice_area=area,
        status="preparing",
    )
    old = CommunityFactory(
        name="Old Practice", slug="old-practice", practice_area=area, status="closed"
    )
    lead = PersonFactory(full_name="Lena Lead", department="Finance", email="lena@ucl.ac.uk")
    MembershipFactory(person=lead, community=data, kind="core", is_lead=True, joined_at=joined)
    departments = [
        "Finance",
        "Estates",
        "Estates",
        "Library",
        "Library",
        "Library",
        "ISD",
        "Registry",
        "=cmd()",
    ]
    for department in departments:
        MembershipFactory(
            person=PersonFactory(department=department), community=data, joined_at=joined
        )
    MembershipFactory(
        community=data, joined_at=joined, ended_at=datetime(2025, 2, 1, 12, 0, tzinfo=UTC)
    )
    for _ in range(4):
        MembershipFactory(community=ppm, joined_at=joined, person__department="Estates")
    for _ in range(3):
        MembershipFactory(
            community=analysis, kind="core", joined_at=joined, person__department="Finance"
        )
    MembershipFactory(community=analysis, joined_at=joined, person__department="Finance")
    for _ in range(3):
        InterestFactory(community=strategy)
    for _ in range(2):
        MembershipFactory(
            community=old, joined_at=joined, ended_at=datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
        )
    hr = PracticeAreaFactory(name="Human Resources", slug="human-resources", sponsor=other_staff)
    appraisals = CommunityFactory(
        name="Appraisals and inductions", slug="appraisals-and-inductions", practice_area=hr
    )
    for _ in range(5):
        MembershipFactory(community=appraisals, kind="core", joined_at=joined)
    return SimpleNamespace(
        area=area,
        data=data,
        ppm=ppm,
        analysis=analysis,
        strategy=strategy,
        old=old,
        lead=lead,
        hr=hr,
        appraisals=appraisals,
    )


@pytest.fixture
def refused_addresses(monkeypatch) -> set[str]:
    """The test mail server refuses any message to an address the test adds to this set."""
    from django.core.mail.backends.locmem import EmailBackend

    refused: set[str] = set()
    real_send = EmailBackend.send_messages

    def send_messages(self, messages):
        for message in messages:
            if refused.intersection(message.to):
                raise ConnectionRefusedError("the mail server refused the connection")
        return real_send(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", send_messages)
    return refused


@pytest.fixture
def time_passes():
    """Make every email waiting out its back-off due now, as if the wait had passed."""
    from django.utils import timezone

    from outbox.models import Email

    def wait_out_back_off() -> None:
        Email.objects.update(next_attempt_at=timezone.now())

    return wait_out_back_off


@pytest.fixture
def clock(monkeypatch):
    """Time travel: `clock.now` is what `django.utils.timezone.now()` answers, everywhere that
    looks it up when called (services, views, factories); `clock.travel(days=...)` moves it.

    Model defaults that captured `timezone.now` itself are not moved: pass those times
    explicitly.
    """
    from datetime import UTC, datetime, timedelta
    from types import SimpleNamespace

    from django.utils import timezone

    state = SimpleNamespace(now=datetime(2026, 1, 5, 9, 0, tzinfo=UTC))

    def travel(**delta) -> datetime:
        state.now += timedelta(**delta)
        return state.now

    def set_to(moment: datetime) -> datetime:
        state.now = moment
        return moment

    state.travel = travel
    state.set = set_to
    monkeypatch.setattr(timezone, "now", lambda: state.now)
    return state
