"""Uploads are checked by what they hold, never by their name, and refused with a clear reason.

The first half checks files directly (`activities.uploads.check_upload`); the second sends
them through the "Add a resource" form, as a member would, and looks at the page and storage.
"""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from activities import uploads
from activities.models import Resource

from . import sample_files
from .factories import MembershipFactory

MB = 1024 * 1024


def upload(name: str, content: bytes, claimed: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=claimed)


def refusal(name: str, content: bytes, claimed: str = "application/pdf") -> uploads.UploadRefused:
    with pytest.raises(uploads.UploadRefused) as refused:
        uploads.check_upload(upload(name, content, claimed))
    return refused.value


# What is accepted ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "make", "content_type", "stored_name"),
    [
        ("Month-end checklist.pdf", sample_files.pdf, uploads.PDF, "Month-end checklist.pdf"),
        ("How we close.docx", sample_files.docx, uploads.DOCX, "How we close.docx"),
        ("Budget.xlsx", sample_files.xlsx, uploads.XLSX, "Budget.xlsx"),
        ("Away day.pptx", sample_files.pptx, uploads.PPTX, "Away day.pptx"),
        ("Org chart.png", sample_files.png, uploads.PNG, "Org chart.png"),
        ("Team photo.jpeg", sample_files.jpeg, uploads.JPEG, "Team photo.jpeg"),
        ("Spend.csv", lambda: sample_files.CSV_TABLE, uploads.CSV, "Spend.csv"),
        ("notes.txt", lambda: sample_files.TEXT_NOTES, uploads.TEXT, "notes.txt"),
    ],
)
def test_real_files_of_each_allowed_kind_are_accepted(name, make, content_type, stored_name):
    content = make()

    checked = uploads.check_upload(upload(name, content))

    assert checked.content_type == content_type
    assert checked.name == stored_name
    assert checked.size == len(content)


def test_the_type_comes_from_the_content_whatever_the_name_or_claimed_type_say():
    checked = uploads.check_upload(upload("scan.exe", sample_files.png(), "application/x-msdos"))

    assert checked.content_type == uploads.PNG
    # It downloads as what it is.
    assert checked.name == "scan.png"


def test_a_csv_with_a_byte_order_mark_from_excel_is_accepted():
    checked = uploads.check_upload(upload("Spend.csv", b"\xef\xbb\xbf" + sample_files.CSV_TABLE))

    assert checked.content_type == uploads.CSV


def test_a_file_exactly_at_the_limit_is_accepted(settings):
    settings.RESOURCE_MAX_UPLOAD_BYTES = 2000
    content = sample_files.pdf()
    content += b"%" * (2000 - len(content))

    assert uploads.check_upload(upload("big.pdf", content)).size == 2000


# What is refused ----------------------------------------------------------------------------


def test_an_executable_renamed_pdf_is_refused_with_a_clear_message():
    refused = refusal("Invoice.pdf", sample_files.windows_program())

    assert refused.code == "program"
    assert refused.message.startswith(
        "“Invoice.pdf” is a Windows program (.exe or .dll), whatever its name says. Programs "
        "and scripts cannot be shared here."
    )
    assert "You can share PDF, Word (.docx)" in refused.message


@pytest.mark.parametrize(
    ("content", "what"),
    [
        (b"\x7fELF\x02\x01\x01" + bytes(20), "a Linux program"),
        (b"\xcf\xfa\xed\xfe" + bytes(20), "a Mac program"),
        (b"#!/bin/sh\nrm -rf ~\n", "a script"),
    ],
)
def test_other_programs_and_scripts_are_refused(content, what):
    refused = refusal("notes.txt", content, "text/plain")

    assert refused.code == "program"
    assert what in refused.message


def test_a_file_over_the_limit_is_refused_and_says_the_limit(settings):
    settings.RESOURCE_MAX_UPLOAD_BYTES = 10 * MB
    content = sample_files.pdf() + b"%" * (10 * MB)

    refused = refusal("Annual report.pdf", content)

    assert refused.code == "too_large"
    assert refused.message.startswith(
        "“Annual report.pdf” is 10.1 MB. Files can be up to 10 MB: make it smaller"
    )


def test_the_limit_is_the_one_setting(settings):
    settings.RESOURCE_MAX_UPLOAD_BYTES = 1000

    refused = refusal("checklist.pdf", sample_files.pdf() + b"%" * 1000)

    assert "Files can be up to 1000 bytes" in refused.message


def test_an_empty_file_is_refused():
    assert refusal("empty.pdf", b"").code == "empty"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("page.html", sample_files.HTML_PAGE),
        ("page.txt", sample_files.HTML_PAGE),
        ("notes.txt", b"\n\n   " + sample_files.HTML_PAGE),
        ("logo.txt", sample_files.SVG_IMAGE),
        ("logo.svg", sample_files.SVG_IMAGE),
        ("rows.csv", sample_files.XML_DOCUMENT),
        ("rows.csv", b"\xef\xbb\xbf" + sample_files.XML_DOCUMENT),
        ("comment.txt", b"Hello <!-- hidden --> world"),
    ],
)
def test_web_pages_svg_and_xml_are_refused_even_when_named_as_text(name, content):
    refused = refusal(name, content, "text/plain")

    assert refused.code == "markup"
    assert f"“{name}” holds web-page markup (HTML, SVG or XML)" in refused.message
    assert "Save it as a PDF, or share a link to the page instead." in refused.message


def test_a_less_than_sign_in_ordinary_text_is_fine():
    checked = uploads.check_upload(upload("sums.txt", b"Costs < 5 pounds; 3 <= 4; a -> b\n"))

    assert checked.content_type == uploads.TEXT


def test_markup_after_the_first_kilobyte_of_text_is_not_looked_for():
    content = b"x" * 1024 + b"<b>bold</b>\n"

    assert uploads.check_upload(upload("long.txt", content)).content_type == uploads.TEXT


@pytest.mark.parametrize(
    ("name", "make"),
    [("Budget.docx", sample_files.docm), ("Budget.docx", sample_files.docx_with_hidden_macros)],
)
def test_macro_enabled_office_documents_are_refused(name, make):
    refused = refusal(name, make())

    assert refused.code == "macro"
    assert refused.message.startswith(f"“{name}” contains macros")
    assert "save a copy without macros as .docx, .xlsx or .pptx" in refused.message


def test_a_zip_that_would_unpack_to_hundreds_of_megabytes_is_refused():
    bomb = sample_files.zip_bomb(uploads.MAX_UNPACKED_BYTES + 1024 * 1024)
    assert len(bomb) < 2 * MB  # small on the way in

    refused = refusal("Report.docx", bomb)

    assert refused.code == "zip_bomb"
    assert "would unpack to far more than any document needs" in refused.message


def test_a_plain_zip_archive_is_refused():
    refused = refusal("documents.docx", sample_files.plain_zip())

    assert refused.code == "archive"
    assert "is a zip archive, not a Word, Excel or PowerPoint document" in refused.message


def test_an_old_office_file_is_refused_with_how_to_save_it():
    refused = refusal("Minutes.doc", sample_files.old_word_document())

    assert refused.code == "old_office"
    assert "save it as .docx, .xlsx or .pptx" in refused.message


def test_a_damaged_office_file_is_refused():
    refused = refusal("Budget.xlsx", sample_files.xlsx()[:200])

    assert refused.code == "damaged"


@pytest.mark.parametrize(
    "content",
    [
        "Café costs".encode("latin-1"),  # not UTF-8
        b"\x00\x01\x02\x03binary",
        "notes".encode("utf-16"),
        b"GIF89a\x01\x00\x01\x00",
    ],
)
def test_files_that_are_not_utf8_text_or_a_known_type_are_refused(content):
    refused = refusal("notes.txt", content, "text/plain")

    assert refused.code == "unrecognised"
    assert "We could not tell what kind of file “notes.txt” is" in refused.message


# Names --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\ann\\Report 2024.PDF", "Report 2024.pdf"),
        (".htaccess", "file.htaccess"),
        ("con.txt", "file-con.txt"),
        ("invoice\u202efdp.exe", "invoicefdp.exe"),
        # "/" ends a folder's name, so only what follows the last one is kept.
        ('<script>alert("x")</script>.pdf', "script.pdf"),
        ('a<b>"c"|d*e?.pdf', "a-b--c--d-e.pdf"),
        ("Résumé – été.docx", "Résumé - été.docx"),
        ("tabs\tand\nnewlines.txt", "tabsandnewlines.txt"),
        ("", "file"),
    ],
)
def test_file_names_are_sanitised(raw, clean):
    assert uploads.sanitise_file_name(raw) == clean


def test_a_long_name_is_cut_but_keeps_its_extension():
    name = uploads.sanitise_file_name("a" * 300 + ".pdf")

    assert name == "a" * 100 + ".pdf"


def test_a_pdf_named_with_a_version_number_gets_its_extension():
    assert uploads.check_upload(upload("Policy v1.2", sample_files.pdf())).name == "Policy v1.2.pdf"


# Through the form ---------------------------------------------------------------------------


@pytest.fixture
def member(community, staff):
    MembershipFactory(person=staff, community=community, kind="wider")
    return staff


@pytest.fixture
def member_client(member, client_for) -> Client:
    return client_for(member)


def stored_files(settings) -> list[Path]:
    return [path for path in Path(settings.MEDIA_ROOT).glob("resources/**/*") if path.is_file()]


def share(client: Client, community, name: str, content: bytes, **fields):
    data = {"title": "Month-end checklist", "kind": "tool", "description": "", "tags": ""}
    return client.post(
        f"/communities/{community.slug}/resources/new/",
        {**data, **fields, "file": upload(name, content)},
    )


def test_a_member_shares_a_real_pdf_and_it_is_stored_under_a_random_name(
    community, member_client, member
):
    response = share(member_client, community, "Month end (final).pdf", sample_files.pdf())

    resource = Resource.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/resources/{resource.pk}/"
    assert resource.author == member
    assert resource.file_name == "Month end (final).pdf"
    assert resource.file_type == "application/pdf"
    assert resource.file_size == len(sample_files.pdf())
    assert resource.file.name.startswith("resources/")
    assert "final" not in resource.file.name
    with resource.file.open("rb") as stored:
        assert stored.read() == sample_files.pdf()


@pytest.mark.parametrize(
    ("name", "make"), [("Guide.docx", sample_files.docx), ("Chart.png", sample_files.png)]
)
def test_a_member_shares_a_real_docx_and_png(community, member_client, name, make):
    share(member_client, community, name, make())

    assert Resource.objects.get().file_name == name


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "Invoice.pdf",
            sample_files.windows_program(),
            "“Invoice.pdf” is a Windows program (.exe or .dll), whatever its name says.",
        ),
        ("page.html", sample_files.HTML_PAGE, "“page.html” holds web-page markup"),
        ("logo.txt", sample_files.SVG_IMAGE, "“logo.txt” holds web-page markup"),
        ("Budget.docx", sample_files.docm(), "“Budget.docx” contains macros"),
    ],
)
def test_a_refused_upload_shows_why_on_the_form_and_stores_nothing(
    community, member_client, settings, name, content, message
):
    response = share(member_client, community, name, content)

    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert "There is a problem with what you entered" in page
    assert "Choose the file again" in page
    assert not Resource.objects.exists()
    assert not stored_files(settings)


def test_a_file_over_ten_megabytes_is_refused_at_the_real_limit(community, member_client):
    content = sample_files.pdf() + b"%" * (10 * MB)

    response = share(member_client, community, "Annual report.pdf", content)

    assert response.status_code == 200
    assert (
        "“Annual report.pdf” is more than 10 MB, the largest file that can be shared."
        in response.content.decode()
    )
    assert not Resource.objects.exists()


def test_the_upload_handler_stops_reading_an_oversized_file(community, member_client, settings):
    settings.RESOURCE_MAX_UPLOAD_BYTES = 100 * 1024
    # Past the limit, but the title and kind still arrive: the form keeps what was typed.
    response = share(
        member_client, community, "big.pdf", sample_files.pdf() + b"%" * (300 * 1024), title="Big"
    )

    page = response.content.decode()
    assert "“big.pdf” is more than 100 KB" in page
    assert 'value="Big"' in page
