"""Real, minimal files of each kind, made in code, and the disguised ones a library must refuse.

Each function returns bytes. The accepted kinds are complete files a reader opens (a one-page
PDF with a correct cross-reference table, a one-pixel PNG with valid CRCs, a Word document with
its content types, relationships and body); the refused ones are what a careless or hostile
upload looks like (a Windows program named .pdf, a macro-enabled document named .docx, a web
page or an SVG named .txt).
"""

import io
import struct
import zipfile
import zlib

# PDF ---------------------------------------------------------------------------------------


def pdf(text: str = "Month-end checklist") -> bytes:
    """A one-page PDF that says `text`, with a cross-reference table at the right offsets."""
    stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


# Images ------------------------------------------------------------------------------------


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png(width: int = 1, height: int = 1) -> bytes:
    """A white RGB PNG of the given size."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    rows = b"".join(b"\x00" + b"\xff\xff\xff" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", zlib.compress(rows))
        + _png_chunk(b"IEND", b"")
    )


def jpeg() -> bytes:
    """The start of a JFIF JPEG (SOI and APP0) and its end: its signature is what is checked."""
    app0 = b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    return b"\xff\xd8\xff\xe0" + struct.pack(">H", len(app0) + 2) + app0 + b"\xff\xd9"


# Office documents ---------------------------------------------------------------------------

_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/{kind}" Target="{target}"/></Relationships>'
)
_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    "{overrides}</Types>"
)
_WORD = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_WORD_MACRO = "application/vnd.ms-word.document.macroEnabled.main+xml"


def _zip(parts: dict[str, bytes | str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return out.getvalue()


def _override(part: str, content_type: str) -> str:
    return f'<Override PartName="/{part}" ContentType="{content_type}"/>'


def docx(text: str = "How we close the month", *, main_type: str = _WORD) -> bytes:
    """A Word document with one paragraph."""
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>"
    )
    return _zip(
        {
            "[Content_Types].xml": _TYPES.format(
                overrides=_override("word/document.xml", main_type)
            ),
            "_rels/.rels": _RELS.format(kind="officeDocument", target="word/document.xml"),
            "word/document.xml": document,
        }
    )


def docm() -> bytes:
    """A macro-enabled Word document (.docm): its content type and a VBA project."""
    data = docx(main_type=_WORD_MACRO)
    out = io.BytesIO(data)
    with zipfile.ZipFile(out, "a") as archive:
        archive.writestr(
            "word/vbaProject.bin", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1Attribute VB_Name"
        )
    return out.getvalue()


def docx_with_hidden_macros() -> bytes:
    """A document whose content types say .docx but which carries a VBA project."""
    out = io.BytesIO(docx())
    with zipfile.ZipFile(out, "a") as archive:
        archive.writestr("word/vbaProject.bin", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
    return out.getvalue()


def xlsx() -> bytes:
    """An Excel workbook with one sheet and one cell."""
    main = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
    sheet = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel_ns = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    return _zip(
        {
            "[Content_Types].xml": _TYPES.format(
                overrides=_override("xl/workbook.xml", main)
                + _override("xl/worksheets/sheet1.xml", sheet)
            ),
            "_rels/.rels": _RELS.format(kind="officeDocument", target="xl/workbook.xml"),
            "xl/workbook.xml": f'<workbook {ns} {rel_ns}><sheets><sheet name="Budget" '
            'sheetId="1" r:id="rId1"/></sheets></workbook>',
            "xl/_rels/workbook.xml.rels": _RELS.format(
                kind="worksheet", target="worksheets/sheet1.xml"
            ),
            "xl/worksheets/sheet1.xml": f'<worksheet {ns}><sheetData><row r="1"><c r="A1" '
            't="inlineStr"><is><t>Budget</t></is></c></row></sheetData></worksheet>',
        }
    )


def pptx() -> bytes:
    """The parts of a PowerPoint presentation that say what it is."""
    main = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
    return _zip(
        {
            "[Content_Types].xml": _TYPES.format(overrides=_override("ppt/presentation.xml", main)),
            "_rels/.rels": _RELS.format(kind="officeDocument", target="ppt/presentation.xml"),
            "ppt/presentation.xml": '<p:presentation xmlns:p="http://schemas.openxmlformats.org/'
            'presentationml/2006/main"/>',
        }
    )


def plain_zip() -> bytes:
    """A zip archive of two text files: not an Office document."""
    return _zip({"notes.txt": "Notes", "more.txt": "More notes"})


def zip_bomb(unpacked: int) -> bytes:
    """A small Office-looking zip whose one part unpacks to `unpacked` bytes of zeros."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            _TYPES.format(overrides=_override("word/document.xml", _WORD)),
        )
        archive.writestr("word/document.xml", "<w:document/>")
        with archive.open("word/media/zeros.bin", "w", force_zip64=True) as part:
            chunk = bytes(1024 * 1024)
            for _ in range(unpacked // len(chunk)):
                part.write(chunk)
    return out.getvalue()


# Things to refuse ---------------------------------------------------------------------------


def windows_program() -> bytes:
    """The start of a Windows executable: the MZ header and the DOS stub's message."""
    return (
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00"
        + bytes(50)
        + b"This program cannot be run in DOS mode."
    )


def old_word_document() -> bytes:
    """The compound-file signature of a .doc (or a password-protected Office file)."""
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)


HTML_PAGE = b'<!doctype html>\n<html><body><script>alert("hi")</script></body></html>\n'
SVG_IMAGE = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><circle r="4"/></svg>\n'
XML_DOCUMENT = b'<?xml version="1.0"?>\n<rows><row>1</row></rows>\n'
CSV_TABLE = b"Month,Spend\nApril,1200\nMay,1350\n"
TEXT_NOTES = "Checklist for month end:\n- reconcile\n- accrue\nCafé costs < £5 each.\n".encode()
