"""Checking a file someone shares, by what it holds, never by its name.

A file's name and the type its browser claims are whatever the sender says, so neither is
trusted. The first bytes (the signature) say what a file is, and Office files are opened as the
zip archives they are and looked inside. Accepted:

- PDF (`%PDF-`), PNG and JPEG images (their signatures);
- Word, Excel and PowerPoint documents (docx, xlsx, pptx): a zip with `[Content_Types].xml`
  naming the main part of that kind, and that part present. Macro-enabled documents (docm,
  xlsm, pptm, or any `vbaProject.bin`) are refused, and so is a zip that would expand past
  `MAX_UNPACKED_BYTES` (a zip bomb): only the small content-types part is ever unpacked;
- plain text and CSV, only if the whole file is UTF-8 with no NUL bytes and nothing in its first
  KB looks like a tag (`<html`, `<svg`, `<?xml`, `<!--`), so a web page cannot pass as text.

Everything else is refused with a message that says why and what is accepted. The size limit is
the one setting `RESOURCE_MAX_UPLOAD_BYTES`; `activities.upload_limit` stops reading a file the
moment it passes it, so an oversized upload never reaches the disk. The name a file downloads as is
sanitised (`activities.file_names`), and its extension is the one of the type found inside.
"""

import codecs
import math
import re
import zipfile
from dataclasses import dataclass

from django.conf import settings

from .file_names import sanitise_file_name, split_extension

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
TEXT = "text/plain"
CSV = "text/csv"

# What each accepted type is called on a page, and the extension it downloads with. Other
# extensions a person may have used for the same type are kept as they wrote them.
TYPES = {
    PDF: ("PDF", ".pdf", ()),
    PNG: ("PNG image", ".png", ()),
    JPEG: ("JPEG image", ".jpg", (".jpeg",)),
    DOCX: ("Word document", ".docx", ()),
    XLSX: ("Excel spreadsheet", ".xlsx", ()),
    PPTX: ("PowerPoint presentation", ".pptx", ()),
    TEXT: ("Text file", ".txt", (".md", ".text", ".log", ".tsv")),
    CSV: ("CSV file", ".csv", ()),
}
ACCEPTED = (
    "PDF, Word (.docx), Excel (.xlsx) and PowerPoint (.pptx) documents, PNG and JPEG "
    "images, and plain text or CSV files"
)
# A hint for the browser's file picker; the check below is what decides.
ACCEPT_ATTRIBUTE = ",".join(
    [".pdf", ".docx", ".xlsx", ".pptx", ".png", ".jpg", ".jpeg", ".txt", ".csv", ".md"]
)

# An Office document's main part and the content type [Content_Types].xml must give it.
_OFFICE_PARTS = (
    (DOCX, "word/document.xml", f"{DOCX}.main+xml"),
    (XLSX, "xl/workbook.xml", f"{XLSX}.main+xml"),
    (PPTX, "ppt/presentation.xml", f"{PPTX}.main+xml"),
)
# Office files hold many small parts; these bounds are far above any real document.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_ZIP_ENTRIES = 5000
MAX_CONTENT_TYPES_BYTES = 1024 * 1024

_PROGRAMS = (
    (b"MZ", "a Windows program (.exe or .dll)"),
    (b"\x7fELF", "a Linux program"),
    (b"\xfe\xed\xfa\xce", "a Mac program"),
    (b"\xfe\xed\xfa\xcf", "a Mac program"),
    (b"\xce\xfa\xed\xfe", "a Mac program"),
    (b"\xcf\xfa\xed\xfe", "a Mac program"),
    (b"\xca\xfe\xba\xbe", "a Mac or Java program"),
    (b"#!", "a script"),
)
_OLD_OFFICE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_OTHER_ARCHIVES = (b"Rar!", b"7z\xbc\xaf\x27\x1c", b"\x1f\x8b", b"BZh")
# A tag, a comment, a doctype or an XML declaration: `<` then a letter, `/`, `!` or `?`.
_MARKUP = re.compile(r"<\s*[A-Za-z/!?]")
_MARKUP_WINDOW = 1024
# C0 controls other than tab, line feed, form feed and carriage return.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


class UploadRefused(Exception):
    """A file that may not be shared: `message` says why, for the person; `code` for tests."""

    def __init__(self, message: str, *, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass(frozen=True)
class CheckedUpload:
    """What the check found: the sanitised name it downloads as, its real type and its size."""

    name: str
    content_type: str
    size: int

    @property
    def extension(self) -> str:
        return TYPES[self.content_type][1]


def max_upload_bytes() -> int:
    return settings.RESOURCE_MAX_UPLOAD_BYTES


def describe_size(size: int) -> str:
    """A size as people read it, rounded up so a file just over a limit never reads as equal
    to it: 10485761 bytes is "10.1 MB"."""
    for unit, scale in (("MB", 1024 * 1024), ("KB", 1024)):
        if size >= scale:
            value = math.ceil(size * 10 / scale) / 10
            return f"{value:g} {unit}"
    return f"{size} bytes"


def describe_type(content_type: str) -> str:
    """What a detected content type is called on a page ("PDF", "Word document")."""
    return TYPES.get(content_type, ("File", "", ()))[0]


def check_upload(file) -> CheckedUpload:
    """Look inside `file` (a Django File) and say what it is, or raise UploadRefused.

    The file's claimed content type is ignored and its name is used only for messages, for the
    name it downloads as, and to tell CSV from other plain text (both are inert text).
    """
    name = sanitise_file_name(getattr(file, "name", "") or "")
    size = file.size
    if size > max_upload_bytes():
        raise UploadRefused(
            f"“{name}” is {describe_size(size)}. Files can be up to "
            f"{describe_size(max_upload_bytes())}: make it smaller (for example, save a PDF "
            "with smaller images), or share a link to it instead.",
            code="too_large",
        )
    if size == 0:
        raise UploadRefused(f"“{name}” is empty. Choose the file again.", code="empty")
    file.seek(0)
    head = file.read(8192)
    content_type = _by_signature(head, name)
    if content_type is None:
        content_type = _office_type(file, name) if head.startswith(b"PK\x03\x04") else None
    if content_type is None:
        content_type = _text_type(file, name)
    file.seek(0)
    return CheckedUpload(
        name=_with_extension(name, content_type), content_type=content_type, size=size
    )


def _by_signature(head: bytes, name: str) -> str | None:
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    for signature, what in _PROGRAMS:
        if head.startswith(signature):
            raise UploadRefused(
                f"“{name}” is {what}, whatever its name says. Programs and scripts cannot be "
                f"shared here. You can share {ACCEPTED}.",
                code="program",
            )
    if head.startswith(_OLD_OFFICE):
        raise UploadRefused(
            f"“{name}” is an older Office file (.doc, .xls or .ppt) or a password-protected "
            "one. These can hold macros, so they cannot be shared here: open it, remove any "
            "password, and save it as .docx, .xlsx or .pptx.",
            code="old_office",
        )
    if head.startswith(_OTHER_ARCHIVES):
        raise UploadRefused(
            f"“{name}” is a compressed archive. Share the documents in it one by one. You "
            f"can share {ACCEPTED}.",
            code="archive",
        )
    return None


def _office_type(file, name: str) -> str:
    try:
        archive = zipfile.ZipFile(file)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise UploadRefused(
            f"“{name}” looks damaged: it could not be opened. Save it again and retry.",
            code="damaged",
        ) from exc
    with archive:
        entries = archive.infolist()
        if len(entries) > MAX_ZIP_ENTRIES or sum(e.file_size for e in entries) > MAX_UNPACKED_BYTES:
            raise UploadRefused(
                f"“{name}” would unpack to far more than any document needs, so it is refused "
                "(it may be a “zip bomb”). Save the document again and retry.",
                code="zip_bomb",
            )
        names = {entry.filename for entry in entries}
        if any(entry.flag_bits & 0x1 for entry in entries):
            raise UploadRefused(
                f"“{name}” is protected with a password. Remove the password and try again.",
                code="encrypted",
            )
        if "[Content_Types].xml" not in names:
            raise UploadRefused(
                f"“{name}” is a zip archive, not a Word, Excel or PowerPoint document. Share "
                f"the documents in it one by one. You can share {ACCEPTED}.",
                code="archive",
            )
        try:
            with archive.open("[Content_Types].xml") as part:
                content_types = part.read(MAX_CONTENT_TYPES_BYTES + 1)
        except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError) as exc:
            raise UploadRefused(
                f"“{name}” looks damaged: it could not be opened. Save it again and retry.",
                code="damaged",
            ) from exc
    lowered = content_types.lower()
    if (
        len(content_types) > MAX_CONTENT_TYPES_BYTES
        or b"macroenabled" in lowered
        or b"vbaproject" in lowered
        or any(entry.lower().endswith("vbaproject.bin") for entry in names)
    ):
        raise UploadRefused(
            f"“{name}” contains macros (it is a .docm, .xlsm or .pptm file, or holds a macro "
            "project). Macros can run code on the computer of whoever opens the file, so they "
            "cannot be shared here: save a copy without macros as .docx, .xlsx or .pptx.",
            code="macro",
        )
    for content_type, main_part, main_type in _OFFICE_PARTS:
        if main_part in names and main_type.encode() in content_types:
            return content_type
    raise UploadRefused(
        f"“{name}” is not a Word, Excel or PowerPoint document we can accept (templates and "
        f"other Office formats are not). You can share {ACCEPTED}.",
        code="unrecognised",
    )


def _text_type(file, name: str) -> str:
    start = _utf8_text_start(file)
    if start is None:
        raise UploadRefused(
            f"We could not tell what kind of file “{name}” is, so it cannot be shared. You can "
            f"share {ACCEPTED}. (Text and CSV files must be saved as UTF-8.)",
            code="unrecognised",
        )
    if _MARKUP.search(start):
        raise UploadRefused(
            f"“{name}” holds web-page markup (HTML, SVG or XML), which could run in a browser, "
            "so it cannot be shared as text. Save it as a PDF, or share a link to the page "
            "instead.",
            code="markup",
        )
    return CSV if name.lower().endswith(".csv") else TEXT


def _utf8_text_start(file) -> str | None:
    """The first KB of the file as text, if all of it is UTF-8 text (a byte-order mark is
    allowed) with no NUL or other control bytes; None otherwise."""
    file.seek(0)
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    start = ""
    try:
        for chunk in file.chunks():
            text = decoder.decode(chunk)
            if _CONTROL.search(text):
                return None
            start += text[: max(_MARKUP_WINDOW - len(start), 0)]
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return None
    return start


def _with_extension(name: str, content_type: str) -> str:
    """`name` with the extension of the type found inside: kept when it already fits,
    replaced when it names another type, added when there is none."""
    _, extension, aliases = TYPES[content_type]
    stem, current = split_extension(name)
    if current and f".{current.lower()}" in (extension, *aliases):
        return name
    return f"{stem}{extension}"
