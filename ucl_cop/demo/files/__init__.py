"""Small, real files for the demo's resource libraries, made in code: one of each type a member
may share (PDF, Word, Excel, PowerPoint, PNG, JPEG, CSV and plain text).

Each opens in the program it is for and passes the portal's own content check
(`activities.uploads`). The same words always give the same bytes, a few kilobytes at most. No
imaging or office library is needed: `plain`, `office` and `images` write the formats'
minimal structures out.
"""

from collections.abc import Sequence

from .images import bar_picture, jpeg, png
from .office import docx, pptx, xlsx
from .plain import csv_bytes, pdf, text

FORMATS = ("pdf", "docx", "xlsx", "pptx", "png", "jpeg", "csv", "txt")

__all__ = [
    "FORMATS",
    "bar_picture",
    "csv_bytes",
    "docx",
    "jpeg",
    "make",
    "pdf",
    "png",
    "pptx",
    "text",
    "whiteboard",
    "xlsx",
]


def make(format: str, title: str, lines: Sequence[str]) -> bytes:
    """A file of `format` about `title`. `lines` are its text; for a table (xlsx, csv) each
    line is a row with cells split by "|"; for a chart (png) each is a bar's height, 0 to 10."""
    rows = [[int(cell) if cell.isdigit() else cell for cell in line.split("|")] for line in lines]
    match format:
        case "pdf":
            return pdf(title, lines)
        case "docx":
            return docx(title, lines)
        case "xlsx":
            return xlsx(title, rows[0], rows[1:])
        case "pptx":
            return pptx(title, lines)
        case "png":
            return png(bar_picture([int(value) for value in lines]))
        case "jpeg":
            return jpeg(whiteboard())
        case "csv":
            return csv_bytes(rows[0], rows[1:])
        case "txt":
            return text(title, lines)
    raise ValueError(f"No demo file of format {format!r}; the formats are {', '.join(FORMATS)}.")


def whiteboard() -> list[list[int]]:
    """Shades of 8×8 blocks for `jpeg`: a pale board with rows of darker sticky notes and a
    grey frame, like a photo of a whiteboard seen from across the room."""
    board = []
    for row in range(12):
        shades = []
        for column in range(20):
            if row in (0, 11) or column in (0, 19):
                shades.append(120)
            elif row % 3 == 2 and column % 4 in (1, 2):
                shades.append(170 - 10 * (column % 3))
            else:
                shades.append(235)
        board.append(shades)
    return board
