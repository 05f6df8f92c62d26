"""Where shared files are stored: a local folder in development, S3-compatible object storage
in production (DJANGO_STORAGE=s3), chosen by the environment.

The object-storage path runs against moto's in-process S3 (`mock_aws`): boto3's calls never
leave the process, so these tests need no network and no credentials.
"""

import boto3
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from moto import mock_aws

from activities import services
from activities.models import Resource

from . import sample_files
from .factories import MembershipFactory
from .test_settings import DEVELOPMENT, PRODUCTION, refusal, settings_from

BUCKET = "cop-portal-resources"
REGION = "eu-west-2"


# Settings -----------------------------------------------------------------------------------


def test_development_keeps_files_in_the_media_folder_and_the_limit_is_ten_megabytes():
    values = settings_from(DEVELOPMENT, "STORAGES", "MEDIA_ROOT", "RESOURCE_MAX_UPLOAD_BYTES")

    assert values["STORAGES"]["default"] == {
        "BACKEND": "django.core.files.storage.FileSystemStorage"
    }
    assert values["MEDIA_ROOT"].endswith("/media")
    assert values["RESOURCE_MAX_UPLOAD_BYTES"] == 10 * 1024 * 1024


def test_production_uses_object_storage_configured_by_the_environment():
    env = {
        **PRODUCTION,
        "DJANGO_STORAGE": "s3",
        "AWS_STORAGE_BUCKET_NAME": BUCKET,
        "AWS_S3_ENDPOINT_URL": "https://objects.example.ac.uk",
        "AWS_S3_REGION_NAME": REGION,
        "AWS_ACCESS_KEY_ID": "portal",
        "AWS_SECRET_ACCESS_KEY": "not-a-real-secret",
    }

    storage = settings_from(env, "STORAGES")["STORAGES"]["default"]

    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert storage["OPTIONS"] == {
        "bucket_name": BUCKET,
        "endpoint_url": "https://objects.example.ac.uk",
        "region_name": REGION,
        "access_key": "portal",
        "secret_key": "not-a-real-secret",
        "location": "",
        "default_acl": None,
        "file_overwrite": False,
        "querystring_auth": True,
    }


def test_object_storage_without_credentials_leaves_them_to_boto3():
    env = {**PRODUCTION, "DJANGO_STORAGE": "s3", "AWS_STORAGE_BUCKET_NAME": BUCKET}

    options = settings_from(env, "STORAGES")["STORAGES"]["default"]["OPTIONS"]

    assert options["access_key"] is None
    assert options["endpoint_url"] is None


def test_object_storage_without_a_bucket_refuses_to_start():
    assert refusal({**PRODUCTION, "DJANGO_STORAGE": "s3"}) == (
        "django.core.exceptions.ImproperlyConfigured: DJANGO_STORAGE=s3 needs "
        "AWS_STORAGE_BUCKET_NAME."
    )


def test_an_unknown_storage_refuses_to_start():
    assert refusal({**PRODUCTION, "DJANGO_STORAGE": "ftp"}) == (
        "django.core.exceptions.ImproperlyConfigured: DJANGO_STORAGE must be local or s3, "
        "not 'ftp'."
    )


# Object storage, in moto's in-process S3 -----------------------------------------------------


@pytest.fixture
def s3(settings, monkeypatch):
    """Default storage in a moto bucket, as production's settings would configure it."""
    # No real credentials or instance metadata may be looked up.
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_SHARED_CREDENTIALS_FILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    with mock_aws():
        client = boto3.client(
            "s3", region_name=REGION, aws_access_key_id="test", aws_secret_access_key="test"
        )
        client.create_bucket(
            Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION}
        )
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {
                "BACKEND": "storages.backends.s3.S3Storage",
                "OPTIONS": {
                    "bucket_name": BUCKET,
                    "region_name": REGION,
                    "access_key": "test",
                    "secret_key": "test",
                    "default_acl": None,
                    "file_overwrite": False,
                },
            },
        }
        yield client


def objects(client) -> dict[str, bytes]:
    listed = client.list_objects_v2(Bucket=BUCKET).get("Contents", [])
    return {
        item["Key"]: client.get_object(Bucket=BUCKET, Key=item["Key"])["Body"].read()
        for item in listed
    }


@pytest.fixture
def member(community, staff):
    MembershipFactory(person=staff, community=community)
    return staff


def share(community, member) -> Resource:
    return services.add_resource(
        community=community,
        author=member,
        title="Month-end checklist",
        kind="tool",
        file=SimpleUploadedFile("Month end.pdf", sample_files.pdf()),
    )


@pytest.mark.django_db
def test_a_shared_file_goes_to_the_bucket_under_a_random_name(s3, community, member):
    resource = share(community, member)

    stored = objects(s3)
    assert list(stored) == [resource.file.name]
    assert resource.file.name.startswith("resources/")
    assert resource.file.name.endswith(".pdf")
    assert "Month" not in resource.file.name
    assert stored[resource.file.name] == sample_files.pdf()


@pytest.mark.django_db
def test_a_file_in_the_bucket_downloads_through_the_permission_checking_view(
    s3, community, member, other_staff, client_for
):
    resource = share(community, member)

    response = client_for(other_staff).get(f"/resources/{resource.pk}/file/")

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="Month end.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == sample_files.pdf()


@pytest.mark.django_db
def test_a_file_gone_from_the_bucket_is_a_friendly_404(s3, community, member, client_for):
    resource = share(community, member)
    s3.delete_object(Bucket=BUCKET, Key=resource.file.name)

    assert client_for(member).get(f"/resources/{resource.pk}/file/").status_code == 404


@pytest.mark.django_db
def test_deleting_a_resource_removes_its_object_after_commit(
    s3, community, member, django_capture_on_commit_callbacks
):
    resource = share(community, member)

    with django_capture_on_commit_callbacks(execute=True):
        services.delete_resource(resource=resource, by=member)

    assert objects(s3) == {}


@pytest.mark.django_db
def test_a_refused_file_never_reaches_the_bucket(s3, community, member):
    with pytest.raises(services.InvalidResource):
        services.add_resource(
            community=community,
            author=member,
            title="Not a PDF",
            kind="document",
            file=SimpleUploadedFile("Invoice.pdf", sample_files.windows_program()),
        )

    assert objects(s3) == {}
