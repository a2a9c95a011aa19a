"""The Word layout of Decree 30/2020/NĐ-CP on administrative documents, for every module.

A4; margins top/bottom 20 mm, left 30 mm, right 15 mm; Times New Roman; a borderless two-column
header (issuing agency and number on the left, national title, motto and place/date on the right),
each line sized to fit its column; page numbers from page 2, top centre; a short rule under the
agency and under the subject line; the signature block (position, space to sign, name) kept with
the last paragraph, beside the recipients ("Nơi nhận"). Drafts say "DỰ THẢO" and leave the date for
the signer. Imports no app: modules build their documents (PAR's reports, one-stop's forms) with
these pieces.
"""

from collections.abc import Iterable, Sequence
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
DRAFT_MARK = "DỰ THẢO"

PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210, 297
TOP_MM = BOTTOM_MM = 20
LEFT_MM, RIGHT_MM = 30, 15
TEXT_WIDTH_MM = PAGE_WIDTH_MM - LEFT_MM - RIGHT_MM  # 165

# The header: the right column holds the national title at 12 pt on one line (about 92 mm by the
# estimate below); the agency column takes the rest. Cell margins are 1 mm a side.
HEADER_RIGHT_MM = 95.0
HEADER_LEFT_MM = TEXT_WIDTH_MM - HEADER_RIGHT_MM
HEADER_CELL_MARGIN_MM = 1.0
NATIONAL_TITLE_PT = 12
MOTTO_PT = 13
AGENCY_SIZES = (13, 12)  # the issuing agency: 13 pt, 12 pt when 13 does not fit
SUPERIOR_PT = 12
NUMBER_PT = 13
DATE_PT = 14

_PT_PER_MM = 72 / 25.4
# Break an agency's name before these words first ("ỦY BAN NHÂN DÂN / TỈNH TUYÊN QUANG").
_BREAK_BEFORE = {"TỈNH": 3, "THÀNH": 3, "XÃ": 3, "PHƯỜNG": 3, "ĐẶC": 3, "HUYỆN": 3, "VÀ": 2}


def text_width_mm(text: str, size_pt: float, *, bold: bool = False) -> float:
    """A conservative estimate of a line's width in Times New Roman: capitals 0.74 em bold (0.70
    regular), lower case and digits 0.52, spaces 0.25, other signs 0.4. Times New Roman's bold
    capitals average about 0.71 em and its lower case under 0.5, so a line of ordinary words
    estimated to fit does fit (a run of W and M would not: it is an average, not a maximum)."""
    ems = 0.0
    for char in text:
        if char.isspace():
            ems += 0.25
        elif char.isupper():
            ems += 0.74 if bold else 0.70
        elif char.isalnum():
            ems += 0.52
        else:
            ems += 0.4
    return ems * size_pt / _PT_PER_MM


def fit_lines(
    text: str, width_mm: float, sizes: Sequence[float] = AGENCY_SIZES, *, bold: bool = True
) -> tuple[float, list[str]]:
    """The largest size and fewest lines (at most three) in which `text` fits `width_mm`: one line at
    13 pt, else one at 12, else two at 13, and so on; names break at a level word ("TỈNH", "XÃ") or
    before "VÀ" when they can, else where the lines are most even."""
    words = text.split()
    for count in (1, 2, 3):
        for size in sizes:
            lines = _best_split(words, count, lambda line, s=size: text_width_mm(line, s, bold=bold) <= width_mm)
            if lines:
                return size, lines
    return sizes[-1], [text]


def _best_split(words: list[str], count: int, fits: Any) -> list[str] | None:
    if count == 1:
        line = " ".join(words)
        return [line] if fits(line) else None
    best: tuple[tuple[int, float], list[str]] | None = None
    for cut in range(1, len(words)):
        rest = _best_split(words[cut:], count - 1, fits)
        head = " ".join(words[:cut])
        if rest is None or not fits(head):
            continue
        lines = [head, *rest]
        preference = _BREAK_BEFORE.get(words[cut], 0) + (1 if words[cut - 1].endswith(",") else 0)
        spread = max(len(line) for line in lines) - min(len(line) for line in lines)
        key = (-preference, float(spread))
        if best is None or key < best[0]:
            best = (key, lines)
    return best[1] if best else None


def lower_first(name: str) -> str:
    """A name inside a sentence: "Sở Nội vụ" stays, "Tỉnh Tuyên Quang" becomes "tỉnh …", "UBND" stays."""
    if len(name) > 1 and name[1].isupper():
        return name
    return name[:1].lower() + name[1:]


def vn(value: Decimal | None) -> str:
    return "" if value is None else f"{value:.2f}".replace(".", ",")


def place_date(place: str, day: date | None) -> str:
    """ "Tuyên Quang, ngày 05 tháng 02 năm 2026"; without a day (a draft), the blanks the signer fills."""
    if day is None:
        return f"{place}, ngày      tháng      năm        "
    return f"{place}, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"


def new_document() -> Any:
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM)
    section.top_margin, section.bottom_margin = Mm(TOP_MM), Mm(BOTTOM_MM)
    section.left_margin, section.right_margin = Mm(LEFT_MM), Mm(RIGHT_MM)
    section.header_distance = Mm(10)
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
    page_numbers(doc)
    return doc


def page_numbers(doc: Any) -> None:
    """Page numbers top centre from page 2 (a PAGE field in the header; the first page has its own,
    empty header)."""
    section = doc.sections[0]
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for kind, text in (("begin", ""), ("instr", " PAGE "), ("separate", ""), ("text", "2"), ("end", "")):
        element = run(paragraph, text if kind == "text" else "", size=BODY_PT)
        if kind == "instr":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            element._r.append(instr)
        elif kind != "text":
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            element._r.append(char)
    section.first_page_header.is_linked_to_previous = False


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
    keep_with_next: bool = False,
    **fmt: bool,
) -> Paragraph:
    paragraph = container.add_paragraph()
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(space_after)
    if keep_with_next:
        paragraph.paragraph_format.keep_with_next = True
    if indent:
        paragraph.paragraph_format.first_line_indent = Mm(10)
    if text:
        run(paragraph, text, size=size, **fmt)
    return paragraph


def rule(container: Any, length_mm: float, within_mm: float, *, space_after: float = 0) -> Paragraph:
    """A short centred horizontal rule (a paragraph's bottom border between indents), as Decree 30
    draws under the agency's name and under the subject line."""
    paragraph = container.add_paragraph()
    fmt = paragraph.paragraph_format
    side = max((within_mm - length_mm) / 2, 0)
    fmt.left_indent = fmt.right_indent = Mm(side)
    fmt.space_before, fmt.space_after = Pt(0), Pt(space_after)
    fmt.line_spacing = Pt(3)
    p_pr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    p_pr.append(borders)
    return paragraph


def subject_rule(doc: Any, subject: str) -> Paragraph:
    """The rule under a document's subject line (trích yếu): a third of the line, at least 30 mm."""
    line = min(text_width_mm(subject, BODY_PT, bold=True), TEXT_WIDTH_MM)
    return rule(doc, max(line / 3, 30), TEXT_WIDTH_MM, space_after=12)


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


def _twips(mm: float) -> str:
    return str(round(mm * 1440 / 25.4))


def fixed_widths(table: Table, widths_mm: Sequence[float], *, cell_margin_mm: float | None = None) -> None:
    """A fixed layout with the given column widths (grid, cells and table), which Word and
    LibreOffice both keep; optionally the cells' left and right margins."""
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    width = tbl_pr.find(qn("w:tblW"))
    if width is None:
        width = OxmlElement("w:tblW")
        tbl_pr.append(width)
    width.set(qn("w:w"), _twips(sum(widths_mm)))
    width.set(qn("w:type"), "dxa")
    for column, mm in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(mm)
    for table_row in table.rows:
        for cell, mm in zip(table_row.cells, widths_mm, strict=True):
            cell.width = Mm(mm)
    if cell_margin_mm is not None:
        margins = OxmlElement("w:tblCellMar")
        for side in ("left", "right"):
            element = OxmlElement(f"w:{side}")
            element.set(qn("w:w"), _twips(cell_margin_mm))
            element.set(qn("w:type"), "dxa")
            margins.append(element)
        tbl_pr.append(margins)


def draft_mark(doc: Any) -> Paragraph:
    """ "DỰ THẢO" in a box at the top right of the first page, in the page's header (above the
    margin), so a draft paginates like the document it becomes."""
    paragraph = doc.sections[0].first_page_header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run(paragraph, DRAFT_MARK, size=13, bold=True)
    p_pr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    for edge in ("top", "left", "bottom", "right"):
        element = OxmlElement(f"w:{edge}")
        for key, value in (("w:val", "single"), ("w:sz", "8"), ("w:space", "2"), ("w:color", "000000")):
            element.set(qn(key), value)
        borders.append(element)
    p_pr.append(borders)
    paragraph.paragraph_format.left_indent = Mm(TEXT_WIDTH_MM - text_width_mm(DRAFT_MARK, 13, bold=True) - 6)
    return paragraph


def header(doc: Any, *, agency: Sequence[str], number: str, place: str, day: date | None, draft: bool = False) -> Table:
    """The Decree 30 header: agency (upper case; the issuing one bold, with a rule under it) and
    number on the left; national title, motto and place/date on the right. Every line fits its
    cell: the issuing agency drops to 12 pt or breaks into lines as `fit_lines` finds. A draft
    says "DỰ THẢO" above and leaves the date blank (`day` None)."""
    if draft:
        draft_mark(doc)
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    no_borders(table)
    fixed_widths(table, [HEADER_LEFT_MM, HEADER_RIGHT_MM], cell_margin_mm=HEADER_CELL_MARGIN_MM)
    left, right = table.rows[0].cells
    usable = HEADER_LEFT_MM - 2 * HEADER_CELL_MARGIN_MM
    first = True
    *superiors, issuer = agency
    for line in superiors:  # the superior agency: not bold, 12 pt
        size, lines = fit_lines(line.upper(), usable, (SUPERIOR_PT,), bold=False)
        for text in lines:
            run(cell_para(left, first=first), text, size=size)
            first = False
    size, lines = fit_lines(issuer.upper(), usable)
    for text in lines:
        run(cell_para(left, first=first), text, size=size, bold=True)
        first = False
    longest = max(text_width_mm(text, size, bold=True) for text in lines)
    rule(left, min(max(longest / 3, 15), usable), usable, space_after=6)
    run(cell_para(left), number, size=NUMBER_PT)

    run(cell_para(right, first=True), NATIONAL_TITLE, size=NATIONAL_TITLE_PT, bold=True)
    run(cell_para(right), MOTTO, size=MOTTO_PT, bold=True, underline=True)
    cell_para(right).paragraph_format.space_after = Pt(6)
    run(cell_para(right), place_date(place, day), size=DATE_PT, italic=True)
    return table


def grid(doc: Any, headers: Sequence[str], widths_mm: Sequence[float]) -> Table:
    """A bordered table with a fixed layout and the given column widths; its heading row repeats
    on every page."""
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    fixed_widths(table, widths_mm)
    heading = table.rows[0]
    tr_pr = heading._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:tblHeader"))
    for cell, text in zip(heading.cells, headers, strict=True):
        run(cell_para(cell, first=True), text, size=12, bold=True)
    return table


def row(table: Table, values: Sequence[str], *, bold: bool = False, left: Sequence[int] = (1,)) -> None:
    table_row = table.add_row()
    for i, (cell, text) in enumerate(zip(table_row.cells, values, strict=True)):
        paragraph = cell_para(cell, first=True)
        if i in left:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
        run(paragraph, text, size=12, bold=bold)


def save(doc: Any) -> bytes:
    out = BytesIO()
    doc.save(out)
    return out.getvalue()


def agency_code(name: str) -> str:
    """Initials for the number's symbol when a unit has no official abbreviation: "Sở Tư pháp" → "STP"."""
    return "".join(word[0] for word in name.split() if word[:1].isalpha()).upper()


def _keep_previous_with_next(doc: Any) -> None:
    """Mark the body's last paragraphs, back to the last one with text, keep-with-next, so what
    follows never starts a page alone."""
    paragraphs: Iterable[Paragraph] = reversed(doc.paragraphs)
    for paragraph in paragraphs:
        paragraph.paragraph_format.keep_with_next = True
        if paragraph.text.strip():
            break


def signature(
    doc: Any,
    *,
    recipients: Sequence[str],
    title: str,
    on_behalf: str,
    name: str = "",
) -> Table:
    """The recipients on the left; on the right the authority ("TM. ỦY BAN NHÂN DÂN"), the signer's
    position, room to sign and the signer's name (an empty line to fill when unknown). The block
    never splits and stays on the page of the paragraph before it."""
    _keep_previous_with_next(doc)
    table = doc.add_table(rows=1, cols=2)
    no_borders(table)
    fixed_widths(table, [75, TEXT_WIDTH_MM - 75])
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    left, right = table.rows[0].cells
    paragraph = left.paragraphs[0]
    run(paragraph, "Nơi nhận:", size=12, bold=True, italic=True)
    for line in recipients:
        run(left.add_paragraph(), line, size=11)
    lines = [on_behalf, title] if on_behalf else [title]
    for i, line in enumerate(lines):
        run(cell_para(right, first=i == 0), line.upper(), size=BODY_PT, bold=True)
    for _ in range(4):
        cell_para(right)
    run(cell_para(right), name, size=BODY_PT, bold=True)
    for cell in (left, right):
        for paragraph in cell.paragraphs[:-1]:
            paragraph.paragraph_format.keep_with_next = True
    return table
