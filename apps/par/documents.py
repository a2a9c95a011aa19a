"""Word documents in the layout of Decree 30/2020/NĐ-CP: the unit's self-assessment report and the
draft decision publishing a period's results.

A4; margins top/bottom 20 mm, left 30 mm, right 15 mm; Times New Roman; a borderless two-column
header (issuing agency and number on the left, national title, motto and place/date on the right).
"""

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from io import BytesIO
from typing import Any

from django.utils import timezone
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from apps.par.models import Assessment, AssessmentResult, ScoringPeriod
from apps.par.reports import load_leaf_scores, load_tree, province_name, results_table
from apps.par.scoring import ZERO, quantize, roll_up

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FONT = "Times New Roman"
BODY_PT = 14
NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"


def vn(value: Decimal | None) -> str:
    return "" if value is None else f"{value:.2f}".replace(".", ",")


def place_date(place: str, day: date) -> str:
    return f"{place}, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"


def _new_document() -> Any:
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


def _run(paragraph: Paragraph, text: str, *, size: float | None = None, **fmt: bool) -> Any:
    run = paragraph.add_run(text)
    run.font.name = FONT
    if size:
        run.font.size = Pt(size)
    run.bold = fmt.get("bold") or None
    run.italic = fmt.get("italic") or None
    run.underline = fmt.get("underline") or None
    return run


def _para(
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
        _run(paragraph, text, size=size, **fmt)
    return paragraph


def _cell_para(cell: _Cell, first: bool = False) -> Paragraph:
    paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_after = Pt(0)
    return paragraph


def _no_borders(table: Table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    tbl_pr.append(borders)


def _header(doc: Any, *, agency: Sequence[str], number: str, place: str, day: date) -> Table:
    """The Decree 30 header: agency (upper case, bold) and number on the left; national title,
    motto and place/date on the right."""
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _no_borders(table)
    left, right = table.rows[0].cells
    left.width, right.width = Mm(65), Mm(100)
    for i, line in enumerate(agency):
        # The superior agency is not bold, the issuing agency is; one agency alone is bold.
        bold = i == len(agency) - 1 or len(agency) == 1
        _run(_cell_para(left, first=i == 0), line.upper(), size=12 if i < len(agency) - 1 else 13, bold=bold)
    _run(_cell_para(left), "───────", size=12)
    _run(_cell_para(left), number, size=13)

    _run(_cell_para(right, first=True), NATIONAL_TITLE, size=12, bold=True)
    _run(_cell_para(right), MOTTO, size=13, bold=True, underline=True)
    _run(_cell_para(right), "")
    _run(_cell_para(right), place_date(place, day), size=14, italic=True)
    return table


def _grid(doc: Any, headers: Sequence[str], widths_mm: Sequence[float]) -> Table:
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text, width in zip(table.rows[0].cells, headers, widths_mm, strict=True):
        cell.width = Mm(width)
        _run(_cell_para(cell, first=True), text, size=12, bold=True)
    return table


def _row(table: Table, values: Sequence[str], *, bold: bool = False, left: Sequence[int] = (1,)) -> None:
    cells = table.add_row().cells
    for i, (cell, text) in enumerate(zip(cells, values, strict=True)):
        paragraph = _cell_para(cell, first=True)
        if i in left:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
        _run(paragraph, text, size=12, bold=bold)


def _save(doc: Any) -> bytes:
    out = BytesIO()
    doc.save(out)
    return out.getvalue()


def _agency_code(name: str) -> str:
    """Initials for the number's symbol: "Sở Tư pháp" → "STP"."""
    return "".join(word[0] for word in name.split() if word[:1].isalpha()).upper()


# --- (a) the unit's self-assessment report -------------------------------------------------------


def assessment_report_filename(assessment: Assessment) -> str:
    return f"bao-cao-tu-danh-gia-{assessment.period.year}-{assessment.unit_id}.docx"


def assessment_report(assessment: Assessment) -> bytes:
    period = assessment.period
    unit = assessment.unit
    province, place = province_name()
    tree = load_tree(period.criteria_set_id)
    scores = load_leaf_scores(period, [(assessment.pk, unit.pk)], tree)
    result = AssessmentResult.objects.filter(assessment=assessment).first()
    skip = scores.excluded.get(assessment.pk, set())
    own = {leaf: value or ZERO for leaf, value in scores.self_points.get(assessment.pk, {}).items()}
    appraised_leaves = {k: v for k, v in scores.appraised.get(assessment.pk, {}).items() if v is not None}
    self_totals = roll_up(tree.shape.nodes, own, skip)
    final_totals = scores.totals(assessment.pk)
    any_appraisal = bool(appraised_leaves)

    doc = _new_document()
    symbol = unit.short_name or _agency_code(unit.name)
    _header(
        doc,
        agency=[f"UBND {province.upper()}", unit.name],
        number=f"Số:        /BC-{symbol}",
        place=place,
        day=timezone.localdate(),
    )
    _para(doc, "", space_after=6)
    _para(doc, "BÁO CÁO", align=WD_ALIGN_PARAGRAPH.CENTER, bold=True, space_after=0)
    _para(
        doc,
        f"Kết quả tự đánh giá, chấm điểm Chỉ số cải cách hành chính năm {period.year}",
        align=WD_ALIGN_PARAGRAPH.CENTER,
        bold=True,
        space_after=12,
    )
    _para(
        doc,
        f"Thực hiện {period.criteria_set.legal_reference or 'Bộ tiêu chí xác định Chỉ số cải cách hành chính'} "
        f"năm {period.year}, {unit.name} báo cáo kết quả tự đánh giá, chấm điểm như sau:",
        indent=True,
    )

    for area in tree.areas:
        _para(doc, f"{area.code}. {area.name}", bold=True, space_after=3)
        table = _grid(
            doc, ["Mã", "Tiêu chí", "Điểm tối đa", "Tự đánh giá", "Thẩm định", "Ghi chú"], [14, 62, 18, 20, 20, 31]
        )
        for node in tree.nodes:
            if node.root_id != area.id or node.parent_id is None:
                continue
            excluded = scores.is_excluded(assessment.pk, node.id)
            is_leaf = node.id in tree.shape.leaves
            if excluded:
                reason = scores.exclusion_reasons.get(assessment.pk, {}).get(node.id, "")
                values = [
                    node.code,
                    node.name,
                    vn(node.max_points),
                    "",
                    "",
                    f"Không áp dụng{': ' if reason else ''}{reason}",
                ]
            else:
                if is_leaf:
                    appraised = appraised_leaves.get(node.id)
                    appraised_text = vn(final_totals.points.get(node.id)) if appraised is not None else ""
                    note = scores.reasons.get(assessment.pk, {}).get(node.id) or scores.notes.get(
                        assessment.pk, {}
                    ).get(node.id, "")
                else:
                    appraised_text = vn(final_totals.points.get(node.id)) if any_appraisal else ""
                    note = ""
                values = [
                    node.code,
                    node.name,
                    vn(node.max_points),
                    vn(self_totals.points.get(node.id, ZERO)),
                    appraised_text,
                    note,
                ]
            _row(table, values, bold=not is_leaf, left=(1, 5))
        _row(
            table,
            [
                "",
                "Cộng",
                vn(self_totals.maxima.get(area.id, ZERO)),
                vn(self_totals.points.get(area.id, ZERO)),
                vn(final_totals.points.get(area.id)) if any_appraisal else "",
                "",
            ],
            bold=True,
        )
        _para(doc, "", space_after=6)

    normal = [a.id for a in tree.normal_areas]
    self_total = sum((self_totals.points.get(a, ZERO) for a in normal), ZERO)
    maximum = sum((self_totals.maxima.get(a, ZERO) for a in normal), ZERO)
    self_index = quantize(self_total / maximum * 100) if maximum > 0 else ZERO
    _para(doc, "Tổng hợp kết quả", bold=True)
    _para(
        doc,
        f"- Tổng điểm tự đánh giá: {vn(quantize(self_total))}/{vn(quantize(maximum))} điểm; "
        f"chỉ số tự đánh giá: {vn(self_index)}%.",
        indent=True,
    )
    if result is not None:
        _para(
            doc,
            f"- Tổng điểm sau thẩm định (gồm điểm điều tra xã hội học, điểm thưởng, điểm trừ): "
            f"{vn(result.total_points)}/{vn(result.max_points)} điểm; chỉ số: {vn(result.index)}%"
            + (f"; xếp loại: {result.band}." if result.band else "."),
            indent=True,
        )
    _para(doc, "")
    _signature(doc, recipients=["- Sở Nội vụ;", "- Lưu: VT."], title="THỦ TRƯỞNG ĐƠN VỊ", on_behalf="")
    return _save(doc)


def _signature(doc: Any, *, recipients: Sequence[str], title: str, on_behalf: str) -> None:
    table = doc.add_table(rows=1, cols=2)
    _no_borders(table)
    left, right = table.rows[0].cells
    left.width, right.width = Mm(80), Mm(85)
    paragraph = left.paragraphs[0]
    _run(paragraph, "Nơi nhận:", size=12, bold=True, italic=True)
    for line in recipients:
        _run(left.add_paragraph(), line, size=11)
    if on_behalf:
        _run(_cell_para(right, first=True), on_behalf, size=14, bold=True)
        _run(_cell_para(right), title, size=14, bold=True)
    else:
        _run(_cell_para(right, first=True), title, size=14, bold=True)


# --- (b) the draft decision publishing the results ------------------------------------------


def decision_filename(period: ScoringPeriod) -> str:
    return f"du-thao-quyet-dinh-cong-bo-chi-so-cchc-{period.year}-{period.group.code}.docx"


def decision_document(period: ScoringPeriod) -> bytes:
    province, place = province_name()
    province_upper = province.upper()
    committee = f"ỦY BAN NHÂN DÂN {province_upper}"
    table = results_table(period, with_previous=False)
    group_name = period.group.name
    of_whom = f"các {group_name[:1].lower()}{group_name[1:]}" if group_name else ""

    doc = _new_document()
    _header(doc, agency=[committee], number="Số:        /QĐ-UBND", place=place, day=timezone.localdate())
    _para(doc, "", space_after=6)
    _para(doc, "QUYẾT ĐỊNH", align=WD_ALIGN_PARAGRAPH.CENTER, bold=True, space_after=0)
    _para(
        doc,
        f"Về việc công bố Chỉ số cải cách hành chính năm {period.year} của {of_whom}",
        align=WD_ALIGN_PARAGRAPH.CENTER,
        bold=True,
        space_after=12,
    )
    _para(doc, committee, align=WD_ALIGN_PARAGRAPH.CENTER, bold=True, space_after=12)
    grounds = [
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;",
        "Căn cứ Nghị quyết số 76/NQ-CP ngày 15 tháng 7 năm 2021 của Chính phủ ban hành Chương trình tổng thể "
        "cải cách hành chính nhà nước giai đoạn 2021 - 2030;",
    ]
    if period.criteria_set.legal_reference:
        grounds.append(
            f"Căn cứ {period.criteria_set.legal_reference} ban hành Bộ tiêu chí xác định Chỉ số cải cách hành chính "
            f"năm {period.year} của {of_whom};"
        )
    grounds.append(
        f"Theo đề nghị của Giám đốc Sở Nội vụ về kết quả thẩm định Chỉ số cải cách hành chính năm {period.year}."
    )
    for line in grounds:
        _para(doc, line, indent=True, italic=True)
    _para(doc, "QUYẾT ĐỊNH:", align=WD_ALIGN_PARAGRAPH.CENTER, bold=True, space_after=6)

    articles = [
        (
            "Điều 1.",
            f" Công bố Chỉ số cải cách hành chính năm {period.year} của {of_whom} "
            f"(chi tiết tại Phụ lục kèm theo Quyết định này).",
        ),
        (
            "Điều 2.",
            " Giao Sở Nội vụ công khai kết quả trên Cổng thông tin điện tử của tỉnh; các đơn vị căn cứ kết quả "
            "Chỉ số, phân tích những tiêu chí bị mất điểm và xây dựng giải pháp khắc phục trong năm tiếp theo.",
        ),
        (
            "Điều 3.",
            " Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc Sở Nội vụ, "
            "thủ trưởng các cơ quan, đơn vị có liên quan chịu trách nhiệm thi hành Quyết định này.",
        ),
    ]
    for heading, text in articles:
        paragraph = _para(doc, indent=True)
        _run(paragraph, heading, bold=True)
        _run(paragraph, text)
    _para(doc, "")
    _signature(
        doc,
        recipients=[
            "- Như Điều 3;",
            "- Bộ Nội vụ;",
            "- Thường trực Tỉnh ủy;",
            "- Chủ tịch, các PCT UBND tỉnh;",
            "- Lưu: VT, NV.",
        ],
        title="CHỦ TỊCH",
        on_behalf="TM. ỦY BAN NHÂN DÂN",
    )

    doc.add_page_break()
    _para(doc, "PHỤ LỤC", align=WD_ALIGN_PARAGRAPH.CENTER, bold=True, space_after=0)
    _para(
        doc,
        f"KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM {period.year} CỦA {of_whom.upper()}",
        align=WD_ALIGN_PARAGRAPH.CENTER,
        bold=True,
        space_after=0,
    )
    _para(
        doc,
        "(Kèm theo Quyết định số        /QĐ-UBND ngày     tháng     năm         "
        f"của Ủy ban nhân dân {province[:1].lower()}{province[1:]})",
        align=WD_ALIGN_PARAGRAPH.CENTER,
        italic=True,
        space_after=12,
    )
    annex = _grid(doc, ["Xếp hạng", "Đơn vị", "Chỉ số (%)", "Xếp loại"], [22, 90, 25, 28])
    for row in table.rows:
        _row(
            annex,
            [
                str(row.rank) if row.rank is not None else "",
                row.unit_name,
                vn(row.index) if row.has_result else "",
                row.band,
            ],
        )
    return _save(doc)
