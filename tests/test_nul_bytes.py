"""A NUL byte anywhere in a request gets the friendly 400 page and writes nothing.

PostgreSQL refuses NUL in text, so each of these answered 500 wherever the value reached a
query; `ucl_cop.middleware.RefuseNulBytesMiddleware` refuses them first, on every database.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from activities.models import Resource
from membership.models import Membership

from .factories import MembershipFactory

FRIENDLY = "Something was wrong with that request"


@pytest.mark.parametrize(
    "address",
    [
        "/communities/?q=%00",
        "/communities/?practice_area=a%00",
        "/search/?q=data%00",
        "/find/?department=%00",
        "/events/?community=%00",
        "/communities/data%00/",
        "/accounts/login/?next=/%00",
        "/?%00=1",
    ],
)
def test_a_nul_in_the_address_gets_the_friendly_400(client, community, address):
    response = client.get(address)

    assert response.status_code == 400
    assert FRIENDLY in response.text


def test_a_nul_in_a_session_cookie_is_refused_before_the_session_is_read(client, db):
    client.cookies["sessionid"] = "abc\x00def12345"

    response = client.get("/me/")

    assert response.status_code == 400


def test_a_nul_in_a_header_is_refused(client, db):
    response = client.get("/", HTTP_USER_AGENT="curl\x00")

    assert response.status_code == 400


def test_a_nul_in_a_form_field_is_refused_and_nothing_is_written(client_for, staff, community):
    response = client_for(staff).post(f"/communities/{community.slug}/join/", {"kind": "core\x00"})

    assert response.status_code == 400
    assert FRIENDLY in response.text
    assert not Membership.objects.exists()


def test_a_nul_in_a_url_encoded_form_is_refused(client_for, staff, community):
    response = client_for(staff).post(
        f"/communities/{community.slug}/join/",
        "kind=core&x=%00",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 400
    assert not Membership.objects.exists()


def test_a_nul_in_a_sign_in_is_refused_without_a_failure_recorded(client, staff):
    from axes.models import AccessAttempt

    response = client.post(
        "/accounts/login/", {"username": "alice@ucl.ac.uk\x00", "password": "x\x00"}
    )

    assert response.status_code == 400
    assert not AccessAttempt.objects.exists()


def test_a_nul_in_an_upload_form_is_refused_and_nothing_is_stored(client_for, staff, community):
    MembershipFactory(person=staff, community=community)

    response = client_for(staff).post(
        f"/communities/{community.slug}/resources/new/",
        {
            "title": "Checklist\x00",
            "kind": "tool",
            "description": "",
            "tags": "",
            "file": SimpleUploadedFile("notes.txt", b"Month-end notes\n", "text/plain"),
        },
    )

    assert response.status_code == 400
    assert not Resource.objects.exists()


def test_the_upload_size_limit_still_stops_a_large_file(client_for, staff, community, settings):
    # The middleware must not read the form before the view puts its size limit in front.
    settings.RESOURCE_MAX_UPLOAD_BYTES = 1000
    MembershipFactory(person=staff, community=community)

    response = client_for(staff).post(
        f"/communities/{community.slug}/resources/new/",
        {
            "title": "Big notes",
            "kind": "tool",
            "file": SimpleUploadedFile("big.txt", b"notes " * 1000, "text/plain"),
        },
    )

    assert response.status_code == 200
    assert "is more than" in response.text
    assert not Resource.objects.exists()


def test_ordinary_unicode_passes(client, community):
    response = client.get("/communities/?q=caf%C3%A9%20%E2%80%93%20%F0%9F%93%8A")

    assert response.status_code == 200


def test_a_nul_in_a_sign_out_form_is_refused_before_signing_out(client_for, staff):
    client = client_for(staff)

    response = client.post("/accounts/logout/", {"next": "/\x00"})

    assert response.status_code == 400
    assert client.get("/me/").status_code == 200  # still signed in
