"""The Head imports staff from a CSV or Excel file: previewed first, whole file or nothing."""

import io
import re
import time

from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from membership.models import Person

from .factories import PersonFactory

IMPORT = reverse("admin:membership_person_import")
CONFIRM = reverse("admin:membership_person_process_import")
CSV_FORMAT, XLSX_FORMAT = "0", "1"

GOOD = """email,full name,department,job title
nadia.new@ucl.ac.uk,Nadia New,Library,Librarian
Omar.Other@UCL.ac.uk,Omar Other,Estates,Surveyor
pat.person@ucl.ac.uk,Pat Person,,
"""


def preview(client, content, *, name="staff.csv", fmt=CSV_FORMAT):
    if isinstance(content, str):
        content = content.encode()
    upload = SimpleUploadedFile(name, content)
    return client.post(IMPORT, {"resource": "0", "format": fmt, "import_file": upload})


def confirm(client, page):
    return client.post(CONFIRM, page.context["confirm_form"].initial, follow=True)


def test_a_good_file_is_previewed_then_imported_with_no_passwords(head, client_for):
    client = client_for(head)
    page = preview(client, GOOD)
    assert page.status_code == 200
    assert "Confirm import" in page.text
    assert page.text.count('<tr class="new">') == 3
    assert not Person.objects.filter(email="nadia.new@ucl.ac.uk").exists()  # only a preview
    done = confirm(client, page)
    assert "Imported: 3 people added." in done.text
    assert "deleted" not in done.text
    assert "skipped" not in done.text
    omar = Person.objects.get(email="omar.other@ucl.ac.uk")
    assert (omar.full_name, omar.department, omar.job_title) == (
        "Omar Other",
        "Estates",
        "Surveyor",
    )
    assert not any(p.has_usable_password() for p in Person.objects.filter(department="Library"))
    assert not Person.objects.get(email="pat.person@ucl.ac.uk").has_usable_password()


def test_an_excel_file_imports_too(head, client_for):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Email", "Full name", "Department", "Job title"])
    sheet.append(["xena@ucl.ac.uk", "Xena Excel", "Finance", None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    client = client_for(head)
    page = preview(client, buffer.getvalue(), name="staff.xlsx", fmt=XLSX_FORMAT)
    confirm(client, page)
    xena = Person.objects.get(email="xena@ucl.ac.uk")
    assert (xena.full_name, xena.department, xena.job_title) == ("Xena Excel", "Finance", "")


def test_one_bad_row_means_nothing_is_imported_and_each_problem_is_named(head, client_for):
    bad = (
        "email,full name,department,job title\n"
        "nadia.new@ucl.ac.uk,Nadia New,Library,Librarian\n"
        "not-an-address,Bad Email,Library,\n"
        "NADIA.NEW@ucl.ac.uk,Nadia Again,Library,\n"
        "nameless@ucl.ac.uk,,Library,\n"
    )
    page = preview(client_for(head), bad)
    assert page.status_code == 200
    assert "3 rows need fixing: nothing has been imported" in page.text
    assert "“not-an-address” is not an email address." in page.text
    assert "This email address is also on row 1: give each person once." in page.text
    assert "Give the person&#x27;s name." in page.text
    assert "Confirm import" not in page.text
    assert not Person.objects.filter(
        email__in=["nadia.new@ucl.ac.uk", "nameless@ucl.ac.uk"]
    ).exists()


def test_a_file_without_the_needed_columns_is_explained(head, client_for):
    page = preview(client_for(head), "address,name\nx@ucl.ac.uk,X\n")
    assert "The file needs these columns: name, email. Missing: email." in page.text
    assert "Traceback" not in page.text
    assert not Person.objects.filter(email="x@ucl.ac.uk").exists()


def test_importing_again_updates_people_by_email_and_never_duplicates(head, client_for):
    PersonFactory(email="nadia.new@ucl.ac.uk", full_name="N. New", department="Registry")
    client = client_for(head)
    confirm(client, preview(client, GOOD))
    page = preview(client, GOOD.replace("Estates,Surveyor", "Estates,Manager"))
    assert "<del>Surveyo</del><ins>Manage</ins><span>r</span>" in page.text
    assert "style=" not in page.text  # the admin's CSP allows no inline styles
    done = confirm(client, page)
    assert "Imported: 1 person updated; 2 already as in the file." in done.text
    assert Person.objects.filter(email__iexact="nadia.new@ucl.ac.uk").count() == 1
    nadia = Person.objects.get(email="nadia.new@ucl.ac.uk")
    assert (nadia.full_name, nadia.department) == ("Nadia New", "Library")
    assert nadia.has_usable_password()  # an update leaves the password alone
    assert Person.objects.get(email="omar.other@ucl.ac.uk").job_title == "Manager"


def test_a_thousand_people_import_in_one_go(head, client_for, record_property):
    lines = ["email,full name,department,job title"]
    lines += [f"person{n}@ucl.ac.uk,Person {n},Department {n % 40},Officer" for n in range(1000)]
    client = client_for(head)
    started = time.perf_counter()
    page = preview(client, "\n".join(lines))
    previewed = time.perf_counter()
    done = confirm(client, page)
    finished = time.perf_counter()
    record_property("preview_seconds", round(previewed - started, 2))
    record_property("import_seconds", round(finished - previewed, 2))
    print(f"\n1,000 people: preview {previewed - started:.1f}s, import {finished - previewed:.1f}s")
    assert "Imported: 1000 people added." in done.text
    assert Person.objects.filter(email__startswith="person").count() == 1000
    assert finished - started < 120


def test_the_head_invites_imported_people_to_set_a_password(
    head, client_for, mailoutbox, django_capture_on_commit_callbacks, client
):
    admin = client_for(head)
    confirm(admin, preview(admin, GOOD))
    nadia = Person.objects.get(email="nadia.new@ucl.ac.uk")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(
            reverse("admin:membership_person_changelist"),
            {"action": "send_invitations", ACTION_CHECKBOX_NAME: [nadia.pk]},
            follow=True,
        )
    assert "Queued 1 invitation to set a password." in response.text
    [message] = mailoutbox
    assert message.to == ["nadia.new@ucl.ac.uk"]
    assert message.subject == "Set your password for the UCL Communities of Practice portal"
    link = re.search(r"http://127\.0\.0\.1:8000(/accounts/invitation/\S+/)", message.body).group(1)
    assert link in message.alternatives[0][0]
    set_password = client.get(link, follow=True)
    assert set_password.status_code == 200
    assert set_password.context["validlink"]
    client.post(
        set_password.redirect_chain[-1][0],
        {"new_password1": "a long new passphrase", "new_password2": "a long new passphrase"},
    )
    nadia.refresh_from_db()
    assert nadia.check_password("a long new passphrase")


def test_placeholder_addresses_and_switched_off_accounts_are_not_invited(
    head, client_for, mailoutbox, django_capture_on_commit_callbacks
):
    placeholder = PersonFactory(email="tbc@sponsors.ucl-cop.invalid")
    gone = PersonFactory(is_active=False)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(head).post(
            reverse("admin:membership_person_changelist"),
            {"action": "send_invitations", ACTION_CHECKBOX_NAME: [placeholder.pk, gone.pk]},
            follow=True,
        )
    assert "2 not invited" in response.text
    assert "Queued" not in response.text
    assert mailoutbox == []


def test_the_import_page_documents_the_columns_in_the_portals_words(head, client_for):
    page = client_for(head).get(IMPORT)

    text = page.text
    for column in ("name", "email", "department", "job title"):
        assert f'<th scope="row">{column}</th>' in text
    assert "Check the file and show a preview" in text
    assert 'value="Submit"' not in text
    assert "This importer will import the following fields" not in text


def test_a_file_with_the_hr_export_s_column_names_imports(head, client_for):
    client = client_for(head)
    page = preview(
        client,
        "Name,Work Email,Department,Job Title\nNadia New,nadia.new@ucl.ac.uk,Library,Librarian\n",
    )
    done = confirm(client, page)

    assert "Imported: 1 person added." in done.text
    nadia = Person.objects.get(email="nadia.new@ucl.ac.uk")
    assert (nadia.full_name, nadia.job_title) == ("Nadia New", "Librarian")
