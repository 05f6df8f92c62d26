"""Imports have limits: a size and a row count, a preview that waits an hour at most, checked
confirm forms, and no change to a superuser by the Head."""

import os
import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from membership.models import Person

from .factories import PersonFactory

IMPORT = reverse("admin:membership_person_import")
CONFIRM = reverse("admin:membership_person_process_import")
GOOD = "email,full name,department,job title\nnadia.new@ucl.ac.uk,Nadia New,Library,Librarian\n"


def preview(client, content: str, name: str = "staff.csv"):
    upload = SimpleUploadedFile(name, content.encode())
    return client.post(IMPORT, {"resource": "0", "format": "0", "import_file": upload})


def previews(settings) -> list[Path]:
    folder = Path(settings.IMPORT_PREVIEW_DIR)
    return sorted(folder.iterdir()) if folder.is_dir() else []


@pytest.fixture(autouse=True)
def previews_in_a_folder(settings):
    """Previews wait in files unless a test says otherwise: with REDIS_URL set (CI's PostgreSQL
    pass) the settings would put them in the shared cache, which has no folder to look in."""
    settings.IMPORT_EXPORT_TMP_STORAGE_CLASS = "membership.admin.previews.PreviewFileStorage"


@pytest.fixture
def head_client(head, client_for):
    return client_for(head)


def test_a_file_over_the_size_limit_is_a_form_error_and_is_not_kept(head_client, settings):
    settings.IMPORT_MAX_UPLOAD_BYTES = 2 * 1024 * 1024
    rows = "".join(f"p{n}@ucl.ac.uk,Person {n},Library,Librarian\n" for n in range(60_000))

    page = preview(head_client, "email,full name,department,job title\n" + rows, "all.csv")

    assert page.status_code == 200
    assert "“all.csv” is 2.7 MB; a file to import can be up to 2 MB." in page.text
    assert "Confirm import" not in page.text
    assert previews(settings) == []
    assert not Person.objects.filter(email="p1@ucl.ac.uk").exists()


def test_a_file_with_too_many_rows_is_explained(head_client, settings):
    settings.IMPORT_MAX_ROWS = 3
    rows = "".join(f"p{n}@ucl.ac.uk,Person {n},,\n" for n in range(4))

    page = preview(head_client, "email,full name,department,job title\n" + rows)

    assert "The file has 4 rows; import at most 3 at a time." in page.text
    assert previews(settings) == []


def test_a_preview_waits_in_its_own_folder_and_confirming_removes_it(head_client, settings):
    page = preview(head_client, GOOD)
    [waiting] = previews(settings)
    assert "Nadia" in waiting.read_text()
    assert oct(waiting.stat().st_mode & 0o777) == "0o600"

    head_client.post(CONFIRM, page.context["confirm_form"].initial)

    assert Person.objects.filter(email="nadia.new@ucl.ac.uk").exists()
    assert previews(settings) == []


def test_a_preview_with_errors_is_not_kept(head_client, settings):
    page = preview(head_client, "email,full name\nnot-an-address,Nadia New\n")

    assert "Confirm import" not in page.text
    assert previews(settings) == []


def test_a_preview_nobody_confirmed_is_removed_after_an_hour(head_client, settings):
    preview(head_client, GOOD)
    [stale] = previews(settings)
    two_hours_ago = time.time() - 2 * 60 * 60
    os.utime(stale, (two_hours_ago, two_hours_ago))
    preview(head_client, GOOD.replace("nadia", "nina"))
    [fresh] = previews(settings)

    head_client.get(IMPORT)

    assert previews(settings) == [fresh]


def test_confirming_a_preview_over_an_hour_old_imports_nothing_and_says_why(head_client, settings):
    page = preview(head_client, GOOD)
    [stale] = previews(settings)
    two_hours_ago = time.time() - 2 * 60 * 60
    os.utime(stale, (two_hours_ago, two_hours_ago))

    done = head_client.post(CONFIRM, page.context["confirm_form"].initial, follow=True)

    assert "that preview is more than an hour old, or was already imported" in done.text
    assert not Person.objects.filter(email="nadia.new@ucl.ac.uk").exists()
    assert previews(settings) == []


def test_confirming_twice_imports_once(head_client):
    page = preview(head_client, GOOD)
    head_client.post(CONFIRM, page.context["confirm_form"].initial)

    again = head_client.post(CONFIRM, page.context["confirm_form"].initial, follow=True)

    assert "or was already imported" in again.text
    assert Person.objects.filter(email="nadia.new@ucl.ac.uk").count() == 1


@pytest.mark.parametrize(
    "crafted",
    [
        {"import_file_name": "../../etc/passwd"},
        {"import_file_name": "passwd"},
        {"format": "abc"},
        {"format": "7"},
        {"resource": "5"},
        {"resource": "x"},
    ],
)
def test_a_crafted_confirm_form_imports_nothing(head_client, settings, crafted):
    page = preview(head_client, GOOD)

    response = head_client.post(CONFIRM, {**page.context["confirm_form"].initial, **crafted})

    assert response.status_code == 200
    assert not Person.objects.filter(email="nadia.new@ucl.ac.uk").exists()
    assert len(previews(settings)) == 1  # the real preview is still there to confirm


def test_the_head_cannot_change_a_superuser_through_an_import(head_client, superuser):
    page = preview(
        head_client,
        "email,full name,department,job title\nroot@ucl.ac.uk,Someone Else,Finance,Analyst\n",
    )

    assert "Confirm import" not in page.text
    assert "root@ucl.ac.uk is a superuser: only another superuser may change their" in page.text
    superuser.refresh_from_db()
    assert superuser.full_name == "Site Admin"


def test_a_row_that_leaves_a_superuser_as_they_are_is_skipped(head_client, superuser):
    superuser.department, superuser.job_title = "ISD", "Engineer"
    superuser.save()

    page = preview(
        head_client,
        "email,full name,department,job title\n"
        "root@ucl.ac.uk,Site Admin,ISD,Engineer\n"
        "nadia.new@ucl.ac.uk,Nadia New,Library,Librarian\n",
    )

    assert "Confirm import" in page.text


def test_a_superuser_may_change_another_through_an_import(superuser, client_for):
    PersonFactory(email="other.root@ucl.ac.uk", full_name="Other Root", is_superuser=True)
    client = client_for(superuser)
    page = preview(
        client,
        "email,full name,department,job title\nother.root@ucl.ac.uk,Other Root,ISD,Engineer\n",
    )

    client.post(CONFIRM, page.context["confirm_form"].initial)

    assert Person.objects.get(email="other.root@ucl.ac.uk").department == "ISD"


def test_with_a_shared_cache_the_preview_waits_there_for_an_hour_at_most(head_client, settings):
    from django.core.cache import cache

    from membership.admin.previews import PreviewCacheStorage

    settings.IMPORT_EXPORT_TMP_STORAGE_CLASS = "membership.admin.previews.PreviewCacheStorage"
    page = preview(head_client, GOOD)
    assert PreviewCacheStorage().CACHE_LIFETIME == 60 * 60
    assert previews(settings) == []
    cache.clear()  # as the cache does after the hour

    done = head_client.post(CONFIRM, page.context["confirm_form"].initial, follow=True)

    assert "that preview is more than an hour old" in done.text
    assert not Person.objects.filter(email="nadia.new@ucl.ac.uk").exists()


def test_with_a_shared_cache_a_confirmed_preview_imports(head_client, settings):
    settings.IMPORT_EXPORT_TMP_STORAGE_CLASS = "membership.admin.previews.PreviewCacheStorage"
    page = preview(head_client, GOOD)

    head_client.post(CONFIRM, page.context["confirm_form"].initial)

    assert Person.objects.filter(email="nadia.new@ucl.ac.uk").exists()
