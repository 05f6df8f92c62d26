"""Downloading a resource's file: only for signed-in staff, always as an attachment under its
sanitised name, with the type found inside it and nosniff; and a friendly page when it cannot
be sent."""

from pathlib import Path

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from activities import services

from . import sample_files
from .activity_factories import ResourceFactory
from .factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(community, staff):
    MembershipFactory(person=staff, community=community)
    return staff


def shared(community, member, name: str, content: bytes):
    return services.add_resource(
        community=community,
        author=member,
        title="Shared file",
        kind="document",
        file=SimpleUploadedFile(name, content, content_type="text/html"),
    )


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_an_anonymous_download_is_sent_to_sign_in_and_gets_no_bytes(community, member):
    resource = shared(community, member, "checklist.pdf", sample_files.pdf())

    response = Client().get(f"/resources/{resource.pk}/file/")

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next=/resources/{resource.pk}/file/"
    assert b"%PDF" not in response.content


def test_a_download_is_an_attachment_with_nosniff_and_the_detected_type(
    community, member, other_staff, client_for
):
    resource = shared(community, member, "Month end (v2).pdf", sample_files.pdf())

    response = client_for(other_staff).get(f"/resources/{resource.pk}/file/")

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="Month end (v2).pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    # The type found inside, not the text/html the browser claimed when it was uploaded.
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert "no-store" in response["Cache-Control"]
    assert body(response) == sample_files.pdf()


def test_a_text_file_downloads_as_utf8_text(community, member, client_for):
    resource = shared(community, member, "notes.txt", sample_files.TEXT_NOTES)

    response = client_for(member).get(f"/resources/{resource.pk}/file/")

    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")


def test_a_name_with_accents_downloads_under_that_name(community, member, client_for):
    resource = shared(community, member, "Résumé été.docx", sample_files.docx())

    response = client_for(member).get(f"/resources/{resource.pk}/file/")

    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''R%C3%A9sum%C3%A9%20%C3%A9t%C3%A9.docx"
    )


def test_a_link_resource_has_no_file_to_download(community, client_for, staff):
    resource = ResourceFactory(community=community)

    assert client_for(staff).get(f"/resources/{resource.pk}/file/").status_code == 404


def test_a_file_missing_from_storage_is_a_friendly_404_not_an_error(
    community, member, client_for, caplog
):
    resource = shared(community, member, "checklist.pdf", sample_files.pdf())
    Path(resource.file.path).unlink()

    response = client_for(member).get(f"/resources/{resource.pk}/file/")

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert f"The file of resource {resource.pk} is missing from storage." in caplog.text


def test_storage_out_of_reach_is_a_friendly_page_not_an_error(
    community, member, client_for, monkeypatch
):
    resource = shared(community, member, "checklist.pdf", sample_files.pdf())

    def unreachable(*args, **kwargs):
        raise ConnectionError("the object store did not answer")

    monkeypatch.setattr(FileSystemStorage, "exists", unreachable)

    response = client_for(member).get(f"/resources/{resource.pk}/file/")

    assert response.status_code == 503
    assert "The file cannot be fetched right now" in response.content.decode()


def test_the_resource_page_offers_the_download_with_its_type_and_size(
    community, member, client_for
):
    resource = shared(community, member, "checklist.pdf", sample_files.pdf())

    page = client_for(member).get(f"/resources/{resource.pk}/").content.decode()

    assert f'href="/resources/{resource.pk}/file/"' in page
    assert "checklist.pdf" in page
    assert "(PDF, " in page
