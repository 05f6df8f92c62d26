"""Real concurrency on PostgreSQL: an admin save racing a community's close or a person's change.

The admin reads the object at the start of the request and saves it at the end. Each test lets
the other change commit in between (or arrive while the admin's save holds the row) and checks
that the admin wrote only what the Head changed: the community stays closed, with a history
that never reads "Closed → Launched", and the person keeps their new password or group.
"""

import threading
import time

import pytest
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.models import Group
from django.urls import reverse

from communities.models import Community
from membership import services
from membership.admin.communities import CommunityAdmin
from membership.admin.people import PersonAdmin
from membership.models import HEAD_OF_COPS_GROUP, Membership, Person

from .factories import CommunityFactory, MembershipFactory
from .test_admin_saves import community_form, person_form
from .test_races import run_together

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.usefixtures("transactional_db", "django_db_serialized_rollback"),
]

WAIT = 20  # seconds: far longer than any step takes, short enough to fail rather than hang
NEW_PASSWORD = "changed at the same moment"


def pause_after_reading(monkeypatch, model_admin, *, read: threading.Event, resume):
    """Make the admin's POST signal once it has read its object, then wait for `resume`."""
    real = model_admin.get_object

    def get_object(self, request, object_id, from_field=None):
        obj = real(self, request, object_id, from_field)
        if request.method == "POST":
            read.set()
            assert resume.wait(WAIT), "the other change never finished"
        return obj

    monkeypatch.setattr(model_admin, "get_object", get_object)


def after(event: threading.Event, change, *, then: threading.Event | None = None):
    """A thread's work: wait for `event`, make `change`, then set `then` (even if it failed)."""

    def work():
        assert event.wait(WAIT), "the admin never read its object"
        try:
            return change()
        finally:
            if then is not None:
                then.set()

    return work


@pytest.fixture
def launched(db):
    community = CommunityFactory(name="Data and Insight")
    for _ in range(3):
        MembershipFactory(community=community, kind="wider")
    return community


def statuses_recorded(community) -> list[str]:
    history = community.history.order_by("history_date", "history_id")
    return list(history.values_list("status", flat=True))


def test_a_community_renamed_in_the_admin_as_it_closes_stays_closed(
    head, launched, client_for, monkeypatch
):
    read, closed = threading.Event(), threading.Event()
    pause_after_reading(monkeypatch, CommunityAdmin, read=read, resume=closed)
    client = client_for(head)
    url = reverse("admin:communities_community_change", args=[launched.pk])

    def rename():
        return client.post(url, community_form(launched, summary="Renamed")).status_code

    def close():
        return services.close_community(community=Community.objects.get(pk=launched.pk))

    saved, change = run_together([rename, after(read, close, then=closed)])

    assert saved == 302, saved
    assert (change.changed, change.memberships_ended) == (True, 3), change
    launched.refresh_from_db()
    assert (launched.status, launched.summary) == ("closed", "Renamed")
    assert not Membership.objects.active().filter(community=launched).exists()
    assert statuses_recorded(launched) == ["launched", "closed", "closed"]


def test_a_close_arriving_during_an_admin_save_waits_for_it_then_closes(
    head, launched, client_for, monkeypatch
):
    saving = threading.Event()
    real_save = CommunityAdmin.save_model

    def save_model(self, request, obj, form, change):
        real_save(self, request, obj, form, change)
        saving.set()
        time.sleep(0.5)  # the admin's transaction, and its row lock, stay open a moment

    monkeypatch.setattr(CommunityAdmin, "save_model", save_model)
    client = client_for(head)
    url = reverse("admin:communities_community_change", args=[launched.pk])

    def rename():
        return client.post(url, community_form(launched, summary="Renamed")).status_code

    def close():
        started = time.monotonic()
        services.close_community(community=Community.objects.get(pk=launched.pk))
        return time.monotonic() - started

    saved, waited = run_together([rename, after(saving, close)])

    assert saved == 302, saved
    assert waited > 0.2, "the close did not queue behind the admin's save"
    launched.refresh_from_db()
    assert (launched.status, launched.summary) == ("closed", "Renamed")
    assert statuses_recorded(launched) == ["launched", "launched", "closed"]


def test_admin_saves_and_a_close_at_the_same_moment_end_closed(head, launched, client_for):
    clients = [client_for(head) for _ in range(5)]
    url = reverse("admin:communities_community_change", args=[launched.pk])

    def rename(n):
        data = community_form(launched, summary=f"Take {n}")
        return lambda: clients[n].post(url, data).status_code

    def close():
        return services.close_community(community=Community.objects.get(pk=launched.pk)).changed

    results = run_together([*(rename(n) for n in range(5)), close])

    assert results == [302] * 5 + [True], results
    launched.refresh_from_db()
    assert launched.status == "closed"
    assert not Membership.objects.active().filter(community=launched).exists()
    recorded = statuses_recorded(launched)
    assert set(recorded[recorded.index("closed") :]) == {"closed"}, recorded


def race_with_person_admin(person, head, client_for, monkeypatch, change) -> None:
    """Save `person`'s department in the admin while `change` commits in another request."""
    read, done = threading.Event(), threading.Event()
    pause_after_reading(monkeypatch, PersonAdmin, read=read, resume=done)
    client = client_for(head)
    url = reverse("admin:membership_person_change", args=[person.pk])
    # The page showed an unticked "CoP administrator" box, and the Head left it so.
    data = person_form(person, department="Library", **{"initial-cop_administrator": "False"})

    saved, outcome = run_together(
        [lambda: client.post(url, data).status_code, after(read, change, then=done)]
    )

    assert (saved, outcome) == (302, None), (saved, outcome)
    person.refresh_from_db()
    assert person.department == "Library"


def test_a_person_saved_in_the_admin_as_they_change_their_password_keeps_it(
    head, staff, client_for, monkeypatch
):
    def change_password():
        form = SetPasswordForm(
            Person.objects.get(pk=staff.pk),
            {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        )
        assert form.is_valid(), form.errors
        form.save()

    race_with_person_admin(staff, head, client_for, monkeypatch, change_password)

    assert staff.check_password(NEW_PASSWORD)


def test_a_person_saved_in_the_admin_as_they_join_the_head_s_group_keeps_access(
    head, staff, client_for, monkeypatch
):
    def join_group():
        Person.objects.get(pk=staff.pk).groups.add(Group.objects.get(name=HEAD_OF_COPS_GROUP))

    race_with_person_admin(staff, head, client_for, monkeypatch, join_group)

    assert staff.is_staff
    assert staff.is_head_of_cops
