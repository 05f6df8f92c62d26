"""Personas and shared fixtures.

staff and other_staff are ordinary members of UCL staff; sponsor is the SMT sponsor of
`sponsored_area`; head is in the "CoP administrators" group; superuser is a Django superuser.
"""

import os

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection

from membership.models import HEAD_OF_COPS_GROUP

from .factories import CommunityFactory, PersonFactory, PracticeAreaFactory

PASSWORD = "correct horse battery staple"


def pytest_collection_modifyitems(config, items):
    on_postgres = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))
    if on_postgres:
        return
    skip = pytest.mark.skip(
        reason="needs PostgreSQL row locks and real concurrency; set DATABASE_URL to a "
        "PostgreSQL database to run it (CI does)"
    )
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _clear_cache():
    # The footer's contact is cached; a test must not see the previous test's.
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
def _plain_static_storage(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
