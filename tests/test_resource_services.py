"""The resource services: who may add, change, delete and hide resources, and what happens to
their files and tags."""

from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from activities import services
from activities.models import Resource
from membership import services as membership_services

from . import sample_files
from .activity_factories import ResourceFactory
from .factories import MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(community, staff):
    MembershipFactory(person=staff, community=community, kind="wider")
    return staff


@pytest.fixture
def lead(community):
    person = PersonFactory(full_name="Lena Lead", email="lena@ucl.ac.uk")
    MembershipFactory(person=person, community=community, kind="core", is_lead=True)
    return person


def stored(settings) -> list[Path]:
    return [path for path in Path(settings.MEDIA_ROOT).glob("resources/**/*") if path.is_file()]


def add(community, author, **fields) -> Resource:
    values = {"title": "Month-end checklist", "kind": "tool", "url": "https://example.org/x"}
    return services.add_resource(community=community, author=author, **{**values, **fields})


def test_a_member_adds_a_link_with_tags(community, member):
    resource = add(community, member, tags="Month End, budgets, month end,  #Budgets ")

    assert resource.author == member
    assert resource.url == "https://example.org/x"
    assert list(resource.tags.values_list("name", flat=True)) == ["budgets", "month end"]
    assert not resource.hidden


def test_a_wider_member_adds_a_file(community, member, settings):
    resource = add(
        community, member, url="", file=SimpleUploadedFile("plan.docx", sample_files.docx())
    )

    assert resource.file_type == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert [path.read_bytes() for path in stored(settings)] == [sample_files.docx()]


@pytest.mark.parametrize("who", ["outsider", "former", "head"])
def test_only_active_members_add_resources(community, other_staff, head, who):
    person = {"outsider": other_staff, "head": head, "former": PersonFactory()}[who]
    if who == "former":
        MembershipFactory(
            person=person,
            community=community,
            joined_at="2024-01-01T00:00Z",
            ended_at="2025-01-01T00:00Z",
        )

    with pytest.raises(services.NotAllowed, match="Only members of Data and Insight"):
        add(community, person)
    assert not Resource.objects.exists()


def test_a_closed_community_takes_no_resources(closed_community, staff):
    MembershipFactory(person=staff, community=closed_community)

    with pytest.raises(services.NotAllowed):
        add(closed_community, staff)


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"url": ""}, "url", "Give a link, or choose a file to share."),
        (
            {"file": ContentFile(sample_files.pdf(), name="a.pdf")},
            "url",
            "Give a link or choose a file, not both",
        ),
        ({"title": "  "}, "title", "Give the resource a title."),
        ({"url": "javascript:alert(1)"}, "url", "Enter a valid URL."),
        ({"tags": ",".join(f"t{n}" for n in range(11))}, "tags", "Give at most 10 tags."),
        ({"kind": "gossip"}, "kind", "is not a valid choice"),
    ],
)
def test_a_resource_that_makes_no_sense_is_refused_on_its_field(
    community, member, settings, fields, field, message
):
    with pytest.raises(services.InvalidResource) as refused:
        add(community, member, **fields)

    assert refused.value.field == field
    assert message in refused.value.message
    assert not Resource.objects.exists()
    assert not stored(settings)


def test_a_file_refused_by_the_content_check_is_never_stored(community, member, settings):
    with pytest.raises(services.InvalidResource) as refused:
        add(community, member, url="", file=ContentFile(sample_files.HTML_PAGE, name="a.txt"))

    assert refused.value.code == "markup"
    assert refused.value.field == "file"
    assert not stored(settings)


def test_the_author_replaces_the_file_and_the_old_one_is_removed_after_commit(
    community, member, settings, django_capture_on_commit_callbacks
):
    resource = add(community, member, url="", file=ContentFile(sample_files.pdf(), name="v1.pdf"))
    first = stored(settings)

    with django_capture_on_commit_callbacks(execute=True):
        services.update_resource(
            resource=resource,
            by=member,
            title="Month-end checklist, 2025",
            kind="tool",
            file=ContentFile(sample_files.png(), name="v2.png"),
            tags=["checklists"],
        )

    resource.refresh_from_db()
    assert resource.title == "Month-end checklist, 2025"
    assert resource.file_name == "v2.png"
    assert resource.file_type == "image/png"
    assert [path.read_bytes() for path in stored(settings)] == [sample_files.png()]
    assert not first[0].exists()
    assert list(resource.tags.values_list("name", flat=True)) == ["checklists"]


def test_a_file_becomes_a_link_and_its_file_goes(
    community, member, settings, django_capture_on_commit_callbacks
):
    resource = add(community, member, url="", file=ContentFile(sample_files.pdf(), name="a.pdf"))

    with django_capture_on_commit_callbacks(execute=True):
        services.update_resource(
            resource=resource, by=member, title="On SharePoint", kind="link", url="https://x.org/a"
        )

    resource.refresh_from_db()
    assert resource.url == "https://x.org/a"
    assert not resource.file
    assert resource.file_name == ""
    assert not stored(settings)


def test_editing_without_a_new_file_keeps_the_file(community, member, settings):
    resource = add(community, member, url="", file=ContentFile(sample_files.pdf(), name="a.pdf"))

    services.update_resource(resource=resource, by=member, title="Renamed", kind="document")

    resource.refresh_from_db()
    assert resource.title == "Renamed"
    assert resource.file_name == "a.pdf"
    assert len(stored(settings)) == 1


@pytest.mark.parametrize("who", ["other_member", "lead"])
def test_only_the_author_and_the_head_edit_or_delete(community, member, lead, who):
    resource = add(community, member)
    other = PersonFactory()
    MembershipFactory(person=other, community=community, kind="core")
    person = {"other_member": other, "lead": lead}[who]

    with pytest.raises(services.NotAllowed):
        services.update_resource(
            resource=resource, by=person, title="Mine now", kind="tool", url=resource.url
        )
    with pytest.raises(services.NotAllowed):
        services.delete_resource(resource=resource, by=person)
    resource.refresh_from_db()
    assert resource.title == "Month-end checklist"


def test_the_head_edits_and_deletes_anyones_resource(
    community, member, head, settings, django_capture_on_commit_callbacks
):
    resource = add(community, member, url="", file=ContentFile(sample_files.pdf(), name="a.pdf"))

    services.update_resource(resource=resource, by=head, title="Tidied", kind="tool")
    with django_capture_on_commit_callbacks(execute=True):
        services.delete_resource(resource=resource, by=head)

    assert not Resource.objects.exists()
    assert not stored(settings)


def test_the_author_deletes_their_resource_and_its_file_after_commit(
    community, member, settings, django_capture_on_commit_callbacks
):
    resource = add(community, member, url="", file=ContentFile(sample_files.pdf(), name="a.pdf"))

    with django_capture_on_commit_callbacks() as callbacks:
        services.delete_resource(resource=resource, by=member)
        # Until the deletion commits, the file is still there.
        assert len(stored(settings)) == 1
    for callback in callbacks:
        callback()

    assert not Resource.objects.exists()
    assert not stored(settings)


def test_a_lead_hides_and_shows_a_resource_again(community, member, lead):
    resource = add(community, member)

    assert services.hide_resource(resource=resource, by=lead) is True
    assert services.hide_resource(resource=resource, by=lead) is False
    resource.refresh_from_db()
    assert resource.hidden
    assert list(Resource.objects.visible()) == []

    assert services.unhide_resource(resource=resource, by=lead) is True
    resource.refresh_from_db()
    assert not resource.hidden


def test_the_head_hides_a_resource(community, member, head):
    resource = add(community, member)

    services.hide_resource(resource=resource, by=head)

    resource.refresh_from_db()
    assert resource.hidden


@pytest.mark.parametrize("who", ["author", "member", "other_lead"])
def test_only_the_communitys_leads_and_the_head_hide(community, other_community, member, who):
    resource = ResourceFactory(community=community)
    other_lead = PersonFactory()
    MembershipFactory(person=other_lead, community=other_community, kind="core", is_lead=True)
    person = {"author": resource.author, "member": member, "other_lead": other_lead}[who]
    if who == "author":
        MembershipFactory(person=person, community=community)

    with pytest.raises(services.NotAllowed, match="Only the leads of Data and Insight"):
        services.hide_resource(resource=resource, by=person)
    resource.refresh_from_db()
    assert not resource.hidden


def test_an_author_who_leaves_still_edits_their_resource(community, member):
    resource = add(community, member)

    membership_services.leave(person=member, community=community)

    services.update_resource(
        resource=resource, by=member, title="Still mine", kind="tool", url=resource.url
    )
    resource.refresh_from_db()
    assert resource.title == "Still mine"
