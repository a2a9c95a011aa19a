"""The Word layout of Decree 30/2020/NĐ-CP on administrative documents, for every module.

A4; margins top/bottom 20 mm, left 30 mm, right 15 mm; Times New Roman; a borderless two-column
header (issuing agency and number on the left, national title, motto and place/date on the right);
the signature block with the recipients ("Nơi nhận"). Imports no app: modules build their
documents (PAR's reports, one-stop's forms) with these pieces.
"""

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from io import BytesIO
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FONT = "Times New Roman"
BODY_PT = 14
NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"


def vn(value: Decimal | None) -> str:
    return "" if value is None else f"{value:.2f}".replace(".", ",")


def place_date(place: str, day: date) -> str:
    return f"{place}, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"


def new_document() -> Any:
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    style = doc.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(BODY_PT)
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    style.paragraph_format.space_after = Pt(0)
    return doc


def run(paragraph: Paragraph, text: str, *, size: float | None = None, **fmt: bool) -> Any:
    run = paragraph.add_run(text)
    run.font.name = FONT
    if size:
        run.font.size = Pt(size)
    run.bold = fmt.get("bold") or None
    run.italic = fmt.get("italic") or None
    run.underline = fmt.get("underline") or None
    return run


def para(
    container: Any,
    text: str = "",
    *,
    align: Any = WD_ALIGN_PARAGRAPH.JUSTIFY,
    size: float | None = None,
    indent: bool = False,
    space_after: float = 6,
    **fmt: bool,
) -> Paragraph:
    paragraph = container.add_paragraph()
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(space_after)
    if indent:
        paragraph.paragraph_format.first_line_indent = Mm(10)
    if text:
        run(paragraph, text, size=size, **fmt)
    return paragraph


def cell_para(cell: _Cell, first: bool = False) -> Paragraph:
    paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_after = Pt(0)
    return paragraph


def no_borders(table: Table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    tbl_pr.append(borders)


def header(doc: Any, *, agency: Sequence[str], number: str, place: str, day: date) -> Table:
    """The Decree 30 header: agency (upper case, bold) and number on the left; national title,
    motto and place/date on the right."""
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    no_borders(table)
    left, right = table.rows[0].cells
    left.width, right.width = Mm(65), Mm(100)
    for i, line in enumerate(agency):
        # The superior agency is not bold, the issuing agency is; one agency alone is bold.
        bold = i == len(agency) - 1 or len(agency) == 1
        run(cell_para(left, first=i == 0), line.upper(), size=12 if i < len(agency) - 1 else 13, bold=bold)
    run(cell_para(left), "───────", size=12)
    run(cell_para(left), number, size=13)

    run(cell_para(right, first=True), NATIONAL_TITLE, size=12, bold=True)
    run(cell_para(right), MOTTO, size=13, bold=True, underline=True)
    run(cell_para(right), "")
    run(cell_para(right), place_date(place, day), size=14, italic=True)
    return table


def grid(doc: Any, headers: Sequence[str], widths_mm: Sequence[float]) -> Table:
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text, width in zip(table.rows[0].cells, headers, widths_mm, strict=True):
        cell.width = Mm(width)
        run(cell_para(cell, first=True), text, size=12, bold=True)
    return table


def row(table: Table, values: Sequence[str], *, bold: bool = False, left: Sequence[int] = (1,)) -> None:
    cells = table.add_row().cells
    for i, (cell, text) in enumerate(zip(cells, values, strict=True)):
        paragraph = cell_para(cell, first=True)
        if i in left:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
        run(paragraph, text, size=12, bold=bold)


def save(doc: Any) -> bytes:
    out = BytesIO()
    doc.save(out)
    return out.getvalue()


def agency_code(name: str) -> str:
    """Initials for the number's symbol: "Sở Tư pháp" → "STP"."""
    return "".join(word[0] for word in name.split() if word[:1].isalpha()).upper()


def signature(doc: Any, *, recipients: Sequence[str], title: str, on_behalf: str) -> None:
    table = doc.add_table(rows=1, cols=2)
    no_borders(table)
    left, right = table.rows[0].cells
    left.width, right.width = Mm(80), Mm(85)
    paragraph = left.paragraphs[0]
    run(paragraph, "Nơi nhận:", size=12, bold=True, italic=True)
    for line in recipients:
        run(left.add_paragraph(), line, size=11)
    if on_behalf:
        run(cell_para(right, first=True), on_behalf, size=14, bold=True)
        run(cell_para(right), title, size=14, bold=True)
    else:
        run(cell_para(right, first=True), title, size=14, bold=True)
