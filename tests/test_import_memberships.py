"""The Head imports memberships from a file; each row goes through the membership services."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from membership.models import Membership

from .factories import MembershipFactory

IMPORT = reverse("admin:membership_membership_import")
CONFIRM = reverse("admin:membership_membership_process_import")


def preview(client, content):
    upload = SimpleUploadedFile("memberships.csv", content.encode())
    return client.post(IMPORT, {"resource": "0", "format": "0", "import_file": upload})


def confirm(client, page):
    return client.post(CONFIRM, page.context["confirm_form"].initial, follow=True)


def test_a_good_file_makes_memberships_and_leads(
    head, staff, other_staff, community, other_community, client_for
):
    client = client_for(head)
    page = preview(
        client,
        "email,community,kind,lead\n"
        "ALICE@ucl.ac.uk,data-and-insight,core,yes\n"
        "alice@ucl.ac.uk,events-management,wider,\n"
        "bob@ucl.ac.uk,data-and-insight,Wider,no\n",
    )
    assert "Confirm import" in page.text
    assert not Membership.objects.exists()  # only a preview
    done = confirm(client, page)
    assert "Imported: 3 memberships added." in done.text
    memberships = {
        (m.person.email, m.community.slug, m.kind, m.is_lead)
        for m in Membership.objects.active().select_related("person", "community")
    }
    assert memberships == {
        ("alice@ucl.ac.uk", "data-and-insight", "core", True),
        ("alice@ucl.ac.uk", "events-management", "wider", False),
        ("bob@ucl.ac.uk", "data-and-insight", "wider", False),
    }
    assert Membership.objects.get(is_lead=True).history.latest().history_user == head


def test_a_second_core_membership_is_a_row_error_and_nothing_is_applied(
    head, staff, other_staff, community, other_community, client_for
):
    MembershipFactory(person=staff, community=community, kind="core")
    page = preview(
        client_for(head),
        "email,community,kind\n"
        "bob@ucl.ac.uk,data-and-insight,core\n"
        "alice@ucl.ac.uk,events-management,core\n",
    )
    assert "1 row needs fixing: nothing has been imported" in page.text
    assert "Alice Adams is already a core member of Data and Insight" in page.text
    assert "Import this row as wider" in page.text
    assert "Confirm import" not in page.text
    assert list(Membership.objects.values_list("person__email", "community__slug")) == [
        ("alice@ucl.ac.uk", "data-and-insight")
    ]


def test_two_core_rows_for_one_person_in_the_same_file_are_refused(
    head, staff, community, other_community, client_for
):
    page = preview(
        client_for(head),
        "email,community,kind\n"
        "alice@ucl.ac.uk,data-and-insight,core\n"
        "alice@ucl.ac.uk,events-management,core\n",
    )
    assert "Alice Adams is already a core member of Data and Insight" in page.text
    assert not Membership.objects.exists()


def test_unknown_people_communities_and_kinds_are_named(
    head, staff, community, preparing_community, client_for
):
    page = preview(
        client_for(head),
        "email,community,kind,lead\n"
        "nobody@ucl.ac.uk,data-and-insight,core,\n"
        "alice@ucl.ac.uk,no-such-community,wider,\n"
        "alice@ucl.ac.uk,widening-participation,member,\n"
        "alice@ucl.ac.uk,data-and-insight,wider,maybe\n",
    )
    assert "No one with the email address nobody@ucl.ac.uk is in the portal" in page.text
    assert "There is no community with the slug “no-such-community”." in page.text
    assert "The kind must be core or wider, not “member”." in page.text
    assert "Lead must be yes or no, not “maybe”." in page.text
    assert not Membership.objects.exists()


def test_a_wider_lead_and_a_community_in_preparation_are_refused(
    head, staff, other_staff, community, preparing_community, client_for
):
    page = preview(
        client_for(head),
        "email,community,kind,lead\n"
        "alice@ucl.ac.uk,data-and-insight,wider,yes\n"
        "bob@ucl.ac.uk,widening-participation,wider,\n",
    )
    assert "Alice Adams must be a core member of Data and Insight to be a lead" in page.text
    assert "Widening Participation has not launched yet" in page.text
    assert not Membership.objects.exists()


def test_importing_again_changes_kinds_and_leads_without_duplicating(
    head, staff, other_staff, community, client_for
):
    client = client_for(head)
    first = "email,community,kind,lead\nalice@ucl.ac.uk,data-and-insight,wider,no\n"
    confirm(client, preview(client, first))
    page = preview(
        client,
        "email,community,kind,lead\n"
        "alice@ucl.ac.uk,data-and-insight,core,yes\n"
        "bob@ucl.ac.uk,data-and-insight,wider,no\n",
    )
    done = confirm(client, page)
    assert "Imported: 1 membership added and 1 updated." in done.text
    alice = Membership.objects.get(person=staff)
    assert (alice.kind, alice.is_lead) == ("core", True)
    unchanged = preview(client, "email,community,kind\nalice@ucl.ac.uk,data-and-insight,core\n")
    assert 'class="skip"' in unchanged.text
    assert Membership.objects.count() == 2


def test_a_file_that_goes_bad_between_preview_and_confirm_imports_nothing(
    head, staff, other_staff, community, other_community, client_for
):
    client = client_for(head)
    page = preview(
        client,
        "email,community,kind\n"
        "bob@ucl.ac.uk,data-and-insight,wider\n"
        "alice@ucl.ac.uk,events-management,core\n",
    )
    assert "Confirm import" in page.text
    MembershipFactory(person=staff, community=community, kind="core")  # meanwhile...
    done = confirm(client, page)
    assert "Nothing was imported: the file no longer passes the checks (rows 2)" in done.text
    assert not Membership.objects.filter(person=other_staff).exists()
