"""Word, Excel and PowerPoint documents: zips of XML parts.

Each is the smallest structure its program opens, with a fixed time inside the zip so the same
words always give the same bytes.
"""

import io
import re
import zipfile
from collections.abc import Sequence
from xml.sax.saxutils import escape

ZIP_TIME = (2025, 1, 1, 0, 0, 0)


_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
_DRAWING = "http://schemas.openxmlformats.org/drawingml/2006/main"
_PRESENTATION = "http://schemas.openxmlformats.org/presentationml/2006/main"
_WORD = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_SHEET = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_OFFICE_TYPE = "application/vnd.openxmlformats-officedocument"
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'


def _zip(parts: dict[str, str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, xml in parts.items():
            part = zipfile.ZipInfo(name, ZIP_TIME)
            part.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(part, xml.encode())
    return out.getvalue()


def _content_types(overrides: dict[str, str]) -> str:
    parts = "".join(
        f'<Override PartName="/{name}" ContentType="{kind}"/>' for name, kind in overrides.items()
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="{_CONTENT_TYPES}">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f"{parts}</Types>"
    )


def _relationships(targets: Sequence[tuple[str, str]]) -> str:
    """Relationships rId1, rId2... to (type, target) in order."""
    rows = "".join(
        f'<Relationship Id="rId{n}" Type="{kind}" Target="{target}"/>'
        for n, (kind, target) in enumerate(targets, start=1)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<Relationships xmlns="{_PACKAGE_RELS}">{rows}</Relationships>'
    )


def docx(title: str, paragraphs: Sequence[str]) -> bytes:
    """A Word document: the title as a heading, then the paragraphs."""

    def paragraph(words: str, *, heading: bool = False) -> str:
        style = '<w:rPr><w:b/><w:sz w:val="32"/></w:rPr>' if heading else ""
        return f'<w:p><w:r>{style}<w:t xml:space="preserve">{escape(words)}</w:t></w:r></w:p>'

    body = paragraph(title, heading=True) + "".join(paragraph(p) for p in paragraphs)
    return _zip(
        {
            "[Content_Types].xml": _content_types(
                {"word/document.xml": f"{_OFFICE_TYPE}.wordprocessingml.document.main+xml"}
            ),
            "_rels/.rels": _relationships([(f"{_RELS}/officeDocument", "word/document.xml")]),
            "word/document.xml": (
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                f'<w:document xmlns:w="{_WORD}"><w:body>{body}'
                '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>'
            ),
        }
    )


def xlsx(title: str, header: Sequence[str], rows: Sequence[Sequence]) -> bytes:
    """An Excel workbook of one sheet: a header row, then the rows (numbers stay numbers)."""

    def cell(reference: str, value) -> str:
        if isinstance(value, int | float):
            return f'<c r="{reference}"><v>{value}</v></c>'
        return f'<c r="{reference}" t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'

    lines = "".join(
        f'<row r="{number}">'
        + "".join(cell(f"{chr(65 + index)}{number}", value) for index, value in enumerate(row))
        + "</row>"
        for number, row in enumerate([header, *rows], start=1)
    )
    # Sheet names cannot hold \ / * ? : [ ] and are at most 31 characters long.
    sheet_name = re.sub(r"[\\/*?:\[\]]", "", title)[:31].strip() or "Sheet1"
    sheet_type = f"{_OFFICE_TYPE}.spreadsheetml"
    return _zip(
        {
            "[Content_Types].xml": _content_types(
                {
                    "xl/workbook.xml": f"{sheet_type}.sheet.main+xml",
                    "xl/worksheets/sheet1.xml": f"{sheet_type}.worksheet+xml",
                }
            ),
            "_rels/.rels": _relationships([(f"{_RELS}/officeDocument", "xl/workbook.xml")]),
            "xl/workbook.xml": (
                f'{_XML}<workbook xmlns="{_SHEET}" xmlns:r="{_RELS}"><sheets>'
                f'<sheet name="{escape(sheet_name)}" sheetId="1" r:id="rId1"/></sheets></workbook>'
            ),
            "xl/_rels/workbook.xml.rels": _relationships(
                [(f"{_RELS}/worksheet", "worksheets/sheet1.xml")]
            ),
            "xl/worksheets/sheet1.xml": (
                f'{_XML}<worksheet xmlns="{_SHEET}"><sheetData>{lines}</sheetData></worksheet>'
            ),
        }
    )


def pptx(title: str, points: Sequence[str]) -> bytes:
    """A PowerPoint presentation of one slide: the title, and the points as bullets."""
    slide_type = f"{_OFFICE_TYPE}.presentationml"
    bullets = "".join(
        f'<a:p><a:pPr marL="285750" indent="-285750"><a:buChar char="•"/></a:pPr>'
        f'<a:r><a:rPr lang="en-GB" sz="2000"/><a:t>{escape(point)}</a:t></a:r></a:p>'
        for point in points
    )
    shapes = _text_box(
        2,
        "Title",
        457200,
        274638,
        8229600,
        1143000,
        f'<a:p><a:r><a:rPr lang="en-GB" sz="3600" b="1"/><a:t>{escape(title)}</a:t></a:r></a:p>',
    ) + _text_box(3, "Points", 457200, 1600200, 8229600, 4525963, bullets)
    return _zip(
        {
            "[Content_Types].xml": _content_types(
                {
                    "ppt/presentation.xml": f"{slide_type}.presentation.main+xml",
                    "ppt/slides/slide1.xml": f"{slide_type}.slide+xml",
                    "ppt/slideLayouts/slideLayout1.xml": f"{slide_type}.slideLayout+xml",
                    "ppt/slideMasters/slideMaster1.xml": f"{slide_type}.slideMaster+xml",
                    "ppt/theme/theme1.xml": f"{_OFFICE_TYPE}.theme+xml",
                }
            ),
            "_rels/.rels": _relationships([(f"{_RELS}/officeDocument", "ppt/presentation.xml")]),
            "ppt/presentation.xml": (
                f'{_XML}<p:presentation xmlns:a="{_DRAWING}" xmlns:r="{_RELS}" '
                f'xmlns:p="{_PRESENTATION}">'
                '<p:sldMasterIdLst><p:sldMasterId id="2147483648" r:id="rId1"/></p:sldMasterIdLst>'
                '<p:sldIdLst><p:sldId id="256" r:id="rId2"/></p:sldIdLst>'
                '<p:sldSz cx="9144000" cy="6858000"/><p:notesSz cx="6858000" cy="9144000"/>'
                "</p:presentation>"
            ),
            "ppt/_rels/presentation.xml.rels": _relationships(
                [
                    (f"{_RELS}/slideMaster", "slideMasters/slideMaster1.xml"),
                    (f"{_RELS}/slide", "slides/slide1.xml"),
                    (f"{_RELS}/theme", "theme/theme1.xml"),
                ]
            ),
            "ppt/slides/slide1.xml": _slide("sld", shapes),
            "ppt/slides/_rels/slide1.xml.rels": _relationships(
                [(f"{_RELS}/slideLayout", "../slideLayouts/slideLayout1.xml")]
            ),
            "ppt/slideLayouts/slideLayout1.xml": _slide("sldLayout", "", ' type="blank"'),
            "ppt/slideLayouts/_rels/slideLayout1.xml.rels": _relationships(
                [(f"{_RELS}/slideMaster", "../slideMasters/slideMaster1.xml")]
            ),
            "ppt/slideMasters/slideMaster1.xml": _slide(
                "sldMaster",
                "",
                extra_after=(
                    '<p:clrMap bg1="lt1" tx1="dk1" bg2="lt2" tx2="dk2" accent1="accent1" '
                    'accent2="accent2" accent3="accent3" accent4="accent4" accent5="accent5" '
                    'accent6="accent6" hlink="hlink" folHlink="folHlink"/>'
                    '<p:sldLayoutIdLst><p:sldLayoutId id="2147483649" r:id="rId1"/>'
                    "</p:sldLayoutIdLst>"
                ),
            ),
            "ppt/slideMasters/_rels/slideMaster1.xml.rels": _relationships(
                [
                    (f"{_RELS}/slideLayout", "../slideLayouts/slideLayout1.xml"),
                    (f"{_RELS}/theme", "../theme/theme1.xml"),
                ]
            ),
            "ppt/theme/theme1.xml": _THEME,
        }
    )


def _text_box(shape_id: int, name: str, x: int, y: int, cx: int, cy: int, paragraphs: str):
    return (
        f'<p:sp><p:nvSpPr><p:cNvPr id="{shape_id}" name="{name}"/><p:cNvSpPr txBox="1"/>'
        f'<p:nvPr/></p:nvSpPr><p:spPr><a:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="{cx}" '
        f'cy="{cy}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr>'
        f'<p:txBody><a:bodyPr wrap="square"/><a:lstStyle/>{paragraphs}</p:txBody></p:sp>'
    )


def _slide(root: str, shapes: str, attributes: str = "", *, extra_after: str = "") -> str:
    """A slide, layout or master: a shape tree holding `shapes`."""
    return (
        f'{_XML}<p:{root} xmlns:a="{_DRAWING}" xmlns:r="{_RELS}" xmlns:p="{_PRESENTATION}"'
        f'{attributes}><p:cSld><p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/>'
        '<p:nvPr/></p:nvGrpSpPr><p:grpSpPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/>'
        '<a:chOff x="0" y="0"/><a:chExt cx="0" cy="0"/></a:xfrm></p:grpSpPr>'
        f"{shapes}</p:spTree></p:cSld>{extra_after}</p:{root}>"
    )


def _colour(name: str, value: str) -> str:
    return f'<a:{name}><a:srgbClr val="{value}"/></a:{name}>'


_SOLID = '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>'
_THEME = (
    f'{_XML}<a:theme xmlns:a="{_DRAWING}" name="Demo"><a:themeElements>'
    '<a:clrScheme name="Demo">'
    '<a:dk1><a:sysClr val="windowText" lastClr="000000"/></a:dk1>'
    '<a:lt1><a:sysClr val="window" lastClr="FFFFFF"/></a:lt1>'
    + _colour("dk2", "082244")
    + _colour("lt2", "F2F2F2")
    + "".join(
        _colour(f"accent{n}", value)
        for n, value in enumerate(
            ("0B5AB0", "B3261E", "1A1A1A", "767676", "082244", "2E7D32"), start=1
        )
    )
    + _colour("hlink", "0B5AB0")
    + _colour("folHlink", "5A2D82")
    + "</a:clrScheme>"
    '<a:fontScheme name="Demo"><a:majorFont><a:latin typeface="Arial"/><a:ea typeface=""/>'
    '<a:cs typeface=""/></a:majorFont><a:minorFont><a:latin typeface="Arial"/>'
    '<a:ea typeface=""/><a:cs typeface=""/></a:minorFont></a:fontScheme>'
    '<a:fmtScheme name="Demo">'
    f"<a:fillStyleLst>{_SOLID * 3}</a:fillStyleLst>"
    "<a:lnStyleLst>" + f'<a:ln w="9525">{_SOLID}</a:ln>' * 3 + "</a:lnStyleLst>"
    "<a:effectStyleLst>"
    + "<a:effectStyle><a:effectLst/></a:effectStyle>"
    * 3
    + "</a:effectStyleLst>"
    f"<a:bgFillStyleLst>{_SOLID * 3}</a:bgFillStyleLst>"
    "</a:fmtScheme></a:themeElements></a:theme>"
)
