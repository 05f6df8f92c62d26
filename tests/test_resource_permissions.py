"""Every resource URL for every role, object-level included: another author's resource, another
community's resource, and a hidden one.

Roles: anonymous; a member of staff outside the community; a wider and a core member; the
author of the resource; a lead of the community; a lead of another community; the Head; a
superuser.
"""

from types import SimpleNamespace

import pytest
from django.test import Client

from activities.models import Resource

from .activity_factories import ResourceFactory
from .factories import MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "outsider",
    "wider",
    "core",
    "author",
    "lead",
    "other_lead",
    "head",
    "superuser",
]
SIGNED_IN = set(ROLES) - {"anonymous"}
MEMBERS = {"wider", "core", "author", "lead"}
EDITORS = {"author", "head", "superuser"}
HIDERS = {"lead", "head", "superuser"}
SEE_HIDDEN = {"author", "lead", "head", "superuser"}


@pytest.fixture
def people(community, other_community, staff, other_staff, head, superuser):
    core = PersonFactory(full_name="Carl Core")
    author = PersonFactory(full_name="Ann Author")
    lead = PersonFactory(full_name="Lena Lead")
    other_lead = PersonFactory(full_name="Olga Other")
    MembershipFactory(person=staff, community=community, kind="wider")
    MembershipFactory(person=core, community=community, kind="core")
    MembershipFactory(person=author, community=community, kind="wider")
    MembershipFactory(person=lead, community=community, kind="core", is_lead=True)
    MembershipFactory(person=other_lead, community=other_community, kind="core", is_lead=True)
    return SimpleNamespace(
        anonymous=None,
        outsider=other_staff,
        wider=staff,
        core=core,
        author=author,
        lead=lead,
        other_lead=other_lead,
        head=head,
        superuser=superuser,
    )


@pytest.fixture
def as_role(people, client_for):
    def make(role: str) -> Client:
        person = getattr(people, role)
        return Client() if person is None else client_for(person)

    return make


@pytest.fixture
def resource(community, people):
    return ResourceFactory(community=community, author=people.author, pdf=True, title="Checklist")


@pytest.fixture
def hidden(community, people):
    return ResourceFactory(
        community=community, author=people.author, pdf=True, hidden=True, title="Old checklist"
    )


def expect_sign_in(response, next_path: str) -> None:
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={next_path}"


# Reading ------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_the_libraries_are_for_signed_in_staff(as_role, community, resource, role):
    for path in (f"/communities/{community.slug}/resources/", "/resources/"):
        response = as_role(role).get(path)

        if role == "anonymous":
            expect_sign_in(response, path)
        else:
            assert response.status_code == 200
            assert "Checklist" in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_a_resource_page_and_its_file_are_for_signed_in_staff(as_role, resource, role):
    client = as_role(role)
    page = client.get(f"/resources/{resource.pk}/")
    file = client.get(f"/resources/{resource.pk}/file/")

    if role == "anonymous":
        expect_sign_in(page, f"/resources/{resource.pk}/")
        expect_sign_in(file, f"/resources/{resource.pk}/file/")
        assert b"%PDF" not in file.content
    else:
        assert page.status_code == 200
        assert file.status_code == 200
        assert b"".join(file.streaming_content).startswith(b"%PDF-")


@pytest.mark.parametrize("role", ROLES)
def test_a_hidden_resource_is_404_except_to_its_author_the_leads_and_the_head(
    as_role, hidden, role
):
    client = as_role(role)
    page = client.get(f"/resources/{hidden.pk}/")
    file = client.get(f"/resources/{hidden.pk}/file/")

    if role == "anonymous":
        expect_sign_in(page, f"/resources/{hidden.pk}/")
    elif role in SEE_HIDDEN:
        assert page.status_code == 200
        assert "This resource is hidden." in page.content.decode()
        assert file.status_code == 200
    else:
        assert page.status_code == 404
        assert file.status_code == 404
        assert "Page not found" in page.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_a_hidden_resource_is_listed_only_for_those_who_may_see_it(
    as_role, community, resource, hidden, role
):
    for path in (f"/communities/{community.slug}/resources/", "/resources/"):
        response = as_role(role).get(path)
        if role == "anonymous":
            continue
        assert ("Old checklist" in response.content.decode()) == (role in SEE_HIDDEN)


def test_an_unknown_resource_is_a_friendly_404(client_for, staff):
    response = client_for(staff).get("/resources/99999/")

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_an_unknown_communitys_library_is_a_friendly_404(client_for, staff):
    assert client_for(staff).get("/communities/no-such-thing/resources/").status_code == 404


# Adding -------------------------------------------------------------------------------------


def new_resource(**overrides) -> dict:
    return {
        "title": "Our glossary",
        "kind": "tool",
        "description": "",
        "tags": "words",
        "url": "https://example.org/glossary",
        **overrides,
    }


@pytest.mark.parametrize("role", ROLES)
def test_members_add_resources_and_nobody_else(as_role, community, people, role):
    client = as_role(role)
    path = f"/communities/{community.slug}/resources/new/"
    form = client.get(path)
    posted = client.post(path, new_resource())

    if role == "anonymous":
        expect_sign_in(form, path)
        expect_sign_in(posted, f"/communities/{community.slug}/resources/")
        assert not Resource.objects.exists()
    elif role in MEMBERS:
        assert form.status_code == 200
        resource = Resource.objects.get()
        assert posted.status_code == 302
        assert posted["Location"] == f"/resources/{resource.pk}/"
        assert resource.author == getattr(people, role)
    else:
        assert form.status_code == 403
        assert posted.status_code == 403
        assert "Only members of Data and Insight can add to its library." in form.content.decode()
        assert not Resource.objects.exists()


def test_the_library_offers_adding_only_to_members(as_role, community):
    path = f"/communities/{community.slug}/resources/"

    assert "Add a resource" in as_role("wider").get(path).content.decode()
    page = as_role("outsider").get(path).content.decode()
    assert "Add a resource" not in page
    assert "Join the community" in page


def test_a_preparing_community_says_its_library_is_not_open(client_for, staff, preparing_community):
    response = client_for(staff).get(f"/communities/{preparing_community.slug}/resources/new/")

    assert response.status_code == 403
    assert "has not launched yet, so its library is not open" in response.content.decode()


# Editing and deleting ------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_the_author_and_the_head_edit_a_resource(as_role, resource, role):
    client = as_role(role)
    path = f"/resources/{resource.pk}/edit/"
    form = client.get(path)
    posted = client.post(path, new_resource(title="Renamed", url=""))

    resource.refresh_from_db()
    if role == "anonymous":
        expect_sign_in(form, path)
        expect_sign_in(posted, f"/resources/{resource.pk}/")
    elif role in EDITORS:
        assert form.status_code == 200
        assert posted.status_code == 302
        assert resource.title == "Renamed"
    else:
        assert form.status_code == 403
        assert posted.status_code == 403
        assert "Only the person who shared this resource" in form.content.decode()
    if role not in EDITORS:
        assert resource.title == "Checklist"


@pytest.mark.parametrize("role", ROLES)
def test_the_author_and_the_head_delete_a_resource(as_role, resource, role):
    client = as_role(role)
    path = f"/resources/{resource.pk}/delete/"
    asked = client.post(path)
    deleted = client.post(path, {"confirm": "1"})

    if role == "anonymous":
        expect_sign_in(deleted, f"/resources/{resource.pk}/")
    elif role in EDITORS:
        assert asked.status_code == 200
        assert "This cannot be undone." in asked.content.decode()
        assert deleted.status_code == 302
        assert deleted["Location"] == "/communities/data-and-insight/resources/"
    else:
        assert deleted.status_code == 403
    assert Resource.objects.filter(pk=resource.pk).exists() == (role not in EDITORS)


def test_another_authors_resource_cannot_be_edited_or_deleted(as_role, community, people):
    theirs = ResourceFactory(community=community, title="Someone else's")
    client = as_role("author")

    assert client.get(f"/resources/{theirs.pk}/edit/").status_code == 403
    assert client.post(f"/resources/{theirs.pk}/delete/", {"confirm": "1"}).status_code == 403
    assert Resource.objects.filter(pk=theirs.pk).exists()


def test_deleting_twice_says_it_is_already_gone(as_role, resource):
    client = as_role("author")
    client.post(f"/resources/{resource.pk}/delete/", {"confirm": "1"})

    response = client.post(f"/resources/{resource.pk}/delete/", {"confirm": "1"}, follow=True)

    assert "That resource is no longer in the library." in response.content.decode()


def test_delete_and_hide_answer_a_get_with_the_friendly_405(as_role, resource):
    for action in ("delete", "hide"):
        response = as_role("author").get(f"/resources/{resource.pk}/{action}/")
        assert response.status_code == 405
        assert response["Allow"] == "POST"


# Hiding -------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_the_communitys_leads_and_the_head_hide_a_resource(as_role, resource, role):
    response = as_role(role).post(f"/resources/{resource.pk}/hide/")

    resource.refresh_from_db()
    if role == "anonymous":
        expect_sign_in(response, f"/resources/{resource.pk}/")
    elif role in HIDERS:
        assert response.status_code == 302
        assert response["Location"] == f"/resources/{resource.pk}/"
    else:
        assert response.status_code == 403
    assert resource.hidden == (role in HIDERS)


def test_a_lead_of_another_community_cannot_hide_this_ones_resources(as_role, resource):
    response = as_role("other_lead").post(f"/resources/{resource.pk}/hide/")

    assert response.status_code == 403
    assert "Only the leads of Data and Insight" in response.content.decode()


def test_a_lead_shows_a_hidden_resource_again(as_role, hidden):
    response = as_role("lead").post(f"/resources/{hidden.pk}/hide/", {"hidden": "0"}, follow=True)

    hidden.refresh_from_db()
    assert not hidden.hidden
    assert "is back in the library for everyone" in response.content.decode()


def test_hiding_twice_says_it_was_already_hidden(as_role, hidden):
    response = as_role("lead").post(f"/resources/{hidden.pk}/hide/", follow=True)

    assert "“Old checklist” was already hidden." in response.content.decode()


def test_the_resource_page_offers_each_role_only_what_it_may_do(as_role, resource):
    def page(role: str) -> str:
        return as_role(role).get(f"/resources/{resource.pk}/").content.decode()

    assert "Hide from the library" in page("lead")
    assert f"/resources/{resource.pk}/edit/" not in page("lead")
    assert f"/resources/{resource.pk}/edit/" in page("author")
    assert "Hide from the library" not in page("author")
    assert "Manage this resource" not in page("wider")
