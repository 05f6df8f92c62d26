"""Roles (the Head's group, sponsors, superusers) are cached, and a revoked one ends at once.

Each test warms the cache with a page first, changes the role as the admin, an import or the
shell would, and then opens the next page: in the same worker, and in another worker, which
shares nothing with the first but the cache.
"""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from communities.models import PracticeArea
from membership.models import HEAD_OF_COPS_GROUP, Person
from membership.roles import roles_of

from .conftest import PASSWORD
from .factories import PersonFactory, PracticeAreaFactory
from .signed_in import another_worker, committing, needs_redis, shared_cache  # noqa: F401

pytestmark = [committing, pytest.mark.usefixtures("shared_cache")]

REPORTS = "/reports/"
ADMIN = "/admin/"

# The next page is opened by the worker that served the first, or by another one. The role tests
# that follow ask only the first: what another worker sees is the shared cache, tested here.
WORKERS = ["same worker", pytest.param("another worker", marks=needs_redis)]


def next_page(worker: str, signed_in, url: str):
    if worker == "same worker":
        return signed_in.get(url)
    with another_worker():
        return signed_in.get(url)


def warm(signed_in, *urls: str) -> None:
    """Open the pages in this worker and in another (when there is a shared cache)."""
    for url in urls:
        signed_in.get(url)
        with another_worker():
            signed_in.get(url)


def heads_group() -> Group:
    return Group.objects.get(name=HEAD_OF_COPS_GROUP)


def shows_reports_link(response) -> bool:
    return f'href="{reverse("report-index")}"' in response.text


@pytest.mark.parametrize("worker", WORKERS)
def test_a_head_taken_out_of_the_group_loses_the_admin_and_reports_on_the_next_page(
    head, client_for, worker
):
    signed_in = client_for(head)
    warm(signed_in, ADMIN, REPORTS)
    assert signed_in.get(ADMIN).status_code == 200

    head.groups.remove(heads_group())

    assert next_page(worker, signed_in, ADMIN).status_code == 302  # to the admin's sign-in
    assert next_page(worker, signed_in, REPORTS).status_code == 403
    assert not shows_reports_link(next_page(worker, signed_in, "/"))


def test_people_taken_out_from_the_groups_side_lose_the_role_on_the_next_page(head, client_for):
    signed_in = client_for(head)
    warm(signed_in, REPORTS)

    heads_group().user_set.remove(head)

    assert signed_in.get(REPORTS).status_code == 403


def test_clearing_the_groups_members_takes_the_role_away(head, client_for):
    signed_in = client_for(head)
    warm(signed_in, REPORTS)

    heads_group().user_set.clear()

    assert signed_in.get(REPORTS).status_code == 403


@pytest.mark.parametrize("how", ["rename", "delete"])
def test_renaming_or_deleting_the_heads_group_takes_the_role_from_its_members(
    head, client_for, how
):
    signed_in = client_for(head)
    warm(signed_in, REPORTS)
    group = heads_group()

    if how == "rename":
        group.name = "Former administrators"
        group.save()
    else:
        group.delete()

    assert signed_in.get(REPORTS).status_code == 403


def test_someone_added_to_the_group_gets_the_role_on_the_next_page(staff, client_for):
    signed_in = client_for(staff)
    warm(signed_in, REPORTS)
    assert signed_in.get(REPORTS).status_code == 403

    heads_group().user_set.add(staff)

    assert signed_in.get(REPORTS).status_code == 200


@pytest.mark.parametrize(
    ("how", "worker"),
    [
        ("save", "same worker"),
        ("update", "same worker"),
        ("delete", "same worker"),
        pytest.param("update", "another worker", marks=needs_redis),
    ],
)
def test_a_sponsor_replaced_on_their_area_loses_its_report_on_the_next_page(
    sponsor, sponsored_area, other_staff, client_for, worker, how
):
    signed_in = client_for(sponsor)
    warm(signed_in, REPORTS, "/")
    assert signed_in.get(REPORTS).status_code == 200

    if how == "save":
        sponsored_area.sponsor = other_staff
        sponsored_area.save()
    elif how == "update":
        PracticeArea.objects.filter(pk=sponsored_area.pk).update(sponsor=other_staff)
    else:
        sponsored_area.delete()

    assert next_page(worker, signed_in, REPORTS).status_code == 403
    assert not shows_reports_link(next_page(worker, signed_in, "/"))


@pytest.mark.parametrize("how", ["save", "update"])
def test_a_new_sponsor_gets_the_report_on_the_next_page(
    sponsor, sponsored_area, other_staff, client_for, how
):
    signed_in, before = client_for(other_staff), client_for(sponsor)
    warm(signed_in, REPORTS)
    warm(before, REPORTS)

    if how == "save":
        sponsored_area.sponsor = other_staff
        sponsored_area.save()
    else:
        PracticeArea.objects.filter(pk=sponsored_area.pk).update(sponsor=other_staff)

    assert signed_in.get(REPORTS).status_code == 200
    assert before.get(REPORTS).status_code == 403  # the sponsor before lost it


@pytest.mark.parametrize(
    ("how", "worker"),
    [
        ("save", "same worker"),
        ("update", "same worker"),
        pytest.param("save", "another worker", marks=needs_redis),
    ],
)
def test_a_superuser_made_ordinary_loses_the_admin_on_the_next_page(client, worker, how):
    root = Person.objects.create_superuser(email="root@ucl.ac.uk", password=PASSWORD)
    client.force_login(root)
    warm(client, ADMIN, REPORTS)
    assert client.get(ADMIN).status_code == 200

    if how == "save":
        root.is_superuser = False
        root.save()
    else:
        Person.objects.filter(pk=root.pk).update(is_superuser=False, is_staff=False)

    assert next_page(worker, client, ADMIN).status_code == 302
    assert next_page(worker, client, REPORTS).status_code == 403


def test_roles_are_read_from_the_database_once_and_then_from_the_cache(
    head, sponsor, sponsored_area, django_assert_num_queries
):
    area = PracticeAreaFactory(sponsor=sponsor)
    first = Person.objects.get(pk=sponsor.pk)
    with django_assert_num_queries(1):
        assert roles_of(first).sponsored_area_ids == {sponsored_area.pk, area.pk}

    # Another object for the same person (the next request's user) asks the database nothing.
    fresh = Person.objects.get(pk=sponsor.pk)
    with django_assert_num_queries(0):
        assert roles_of(fresh) == roles_of(first)
        assert fresh.is_head_of_cops is False
    theirs = Person.objects.get(pk=head.pk)
    with django_assert_num_queries(1):
        assert theirs.is_head_of_cops is True
        assert theirs.is_head_of_cops is True  # remembered by the object


def test_without_a_shared_cache_roles_are_read_once_per_request(
    settings, sponsor, sponsored_area, django_assert_num_queries
):
    # A per-process cache would keep a revoked role alive in the other workers.
    settings.SHARED_CACHE = False
    for _ in range(2):
        person = Person.objects.get(pk=sponsor.pk)
        with django_assert_num_queries(1):
            assert roles_of(person).sponsored_area_ids == {sponsored_area.pk}
            assert roles_of(person).sponsors_an_area


def test_the_admin_gives_and_takes_the_role_on_the_next_page(head, client_for):
    staff = PersonFactory(email="carol@ucl.ac.uk", full_name="Carol Clerk")
    staff.set_password(PASSWORD)
    staff.save()
    theirs = client_for(staff)
    warm(theirs, REPORTS)
    change = reverse("admin:membership_person_change", args=[staff.pk])
    form = {
        "email": staff.email,
        "full_name": staff.full_name,
        "department": "",
        "job_title": "",
        "is_active": "on",
        "initial-cop_administrator": "False",
        "cop_administrator": "on",
    }

    assert client_for(head).post(change, form).status_code == 302
    assert theirs.get(REPORTS).status_code == 200
    assert theirs.get(ADMIN).status_code == 200

    form.update({"initial-cop_administrator": "True", "cop_administrator": ""})
    assert client_for(head).post(change, form).status_code == 302
    assert theirs.get(REPORTS).status_code == 403
    assert theirs.get(ADMIN).status_code == 302
