"""Word documents in the layout of Decree 30/2020/NĐ-CP: the unit's self-assessment report and the
draft decision publishing a period's results.

A4; margins top/bottom 20 mm, left 30 mm, right 15 mm; Times New Roman; a borderless two-column
header (issuing agency and number on the left, national title, motto and place/date on the right).
"""

from typing import Any

from django.utils import timezone
from docx.enum.text import WD_ALIGN_PARAGRAPH

from apps.core import decree30
from apps.core.decree30 import DOCX_CONTENT_TYPE as DOCX_CONTENT_TYPE
from apps.core.decree30 import vn
from apps.org.models import UnitKind
from apps.par.document_parts import REPORT_WIDTHS, abbreviation, decision_number_and_day, unit_signer
from apps.par.engine import ZERO, Stage, roll_up
from apps.par.models import Assessment, AssessmentStatus, PeriodStatus, ScoringPeriod
from apps.par.reports import load_leaf_scores, load_tree, province_name, results_table
from apps.par.selectors.figures import Figures, assessment_figures

# --- (a) the unit's self-assessment report -------------------------------------------------------

STAGE_NAMES = {  # the document is in Vietnamese whatever the reader's language
    Stage.SELF: "Tự đánh giá",
    Stage.ROUND1: "Sau thẩm định vòng 1",
    Stage.ROUND2: "Sau thẩm định vòng 2",
    Stage.FINAL: "Kết quả chính thức",
}
STAGE_TITLES = {
    Stage.SELF: "Tổng điểm tự đánh giá",
    Stage.ROUND1: "Tổng điểm sau thẩm định vòng 1",
    Stage.ROUND2: "Tổng điểm sau thẩm định vòng 2",
    Stage.FINAL: "Tổng điểm chính thức sau thẩm định",
}


def figure_lines(figures: Figures) -> list[str]:
    """The report's summary: the figures at the assessment's stage, named, with what is still to come."""
    totals = figures.totals
    parts = ["điểm các tiêu chí đo lường", "điểm thưởng", "điểm trừ"]
    parts.append("điểm điều tra xã hội học" if figures.survey_share and not figures.survey_pending else "")
    included = ", ".join(p for p in parts if p)
    index_label = "chỉ số tự đánh giá" if figures.stage == Stage.SELF else "chỉ số"
    lines = [
        f"- Giai đoạn: {STAGE_NAMES[figures.stage]}" + (" (số liệu tạm tính)." if figures.provisional else "."),
        f"- {STAGE_TITLES[figures.stage]} (gồm {included}): {vn(totals.total)}/{vn(totals.maximum)} điểm; "
        f"{index_label}: {vn(totals.index or ZERO)}%" + (f"; xếp loại: {figures.band}." if figures.band else "."),
    ]
    if figures.stage != Stage.SELF:
        lines.append(f"- Điểm tự đánh giá của đơn vị (chưa gồm tiêu chí đo lường): {vn(figures.self_points)} điểm.")
    if figures.measured_pending:
        lines.append("- Một số tiêu chí đo lường chưa có số liệu, tạm tính 0 điểm cho đến khi có số liệu.")
    if figures.survey_share and figures.survey_pending:
        lines.append(
            f"- Điểm điều tra xã hội học (tối đa {vn(figures.survey_share)} điểm) được cộng vào tổng điểm và "
            "điểm tối đa khi có kết quả điều tra."
        )
    return lines


def assessment_report_filename(assessment: Assessment) -> str:
    return f"bao-cao-tu-danh-gia-{assessment.period.year}-{assessment.unit_id}.docx"


def assessment_report(assessment: Assessment, *, detail: bool = False) -> bytes:
    """The unit's report. `detail`: with notes and appraisers' reasons (ParAction.VIEW_ASSESSMENT_DETAIL);
    without, points only, as other units see them."""
    period = assessment.period
    unit = assessment.unit
    province, place = province_name()
    tree = load_tree(period.criteria_set_id)
    scores = load_leaf_scores(period, [(assessment.pk, unit.pk)], tree)
    figures = assessment_figures(assessment)
    skip = scores.excluded.get(assessment.pk, set())
    own = scores.own_points(assessment.pk)
    appraised_leaves = {k: v for k, v in scores.appraised.get(assessment.pk, {}).items() if v is not None}
    self_totals = roll_up(tree.shape.nodes, own, skip)
    final_totals = figures.tree  # the points at the assessment's stage (a round under way not yet)
    any_appraisal = figures.stage != Stage.SELF

    doc = decree30.new_document()
    draft = assessment.status == AssessmentStatus.DRAFT
    decree30.header(
        doc,
        agency=report_agency(unit, province),
        number=f"Số:        /BC-{abbreviation(unit)}",
        place=place,
        day=None if draft else timezone.localdate(assessment.submitted_at or timezone.now()),
        draft=draft,
    )
    decree30.para(doc, "", space_after=6)
    decree30.para(doc, "BÁO CÁO", align=WD_ALIGN_PARAGRAPH.CENTER, bold=True, space_after=0)
    subject = f"Kết quả tự đánh giá, chấm điểm Chỉ số cải cách hành chính năm {period.year}"
    decree30.para(doc, subject, align=WD_ALIGN_PARAGRAPH.CENTER, bold=True, space_after=0)
    decree30.subject_rule(doc, subject)
    decree30.para(
        doc,
        f"Thực hiện {period.criteria_set.legal_reference or 'Bộ tiêu chí xác định Chỉ số cải cách hành chính'} "
        f"năm {period.year}, {unit.name} báo cáo kết quả tự đánh giá, chấm điểm như sau:",
        indent=True,
    )

    for area in tree.areas:
        decree30.para(doc, f"{area.code}. {area.name}", bold=True, space_after=3, keep_with_next=True)
        headings = ["Mã", "Tiêu chí", "Điểm tối đa", "Tự đánh giá", "Thẩm định", "Ghi chú"]
        table = decree30.grid(doc, headings, REPORT_WIDTHS)
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
                    appraised = appraised_leaves.get(node.id) if any_appraisal else None
                    appraised_text = vn(final_totals.points.get(node.id)) if appraised is not None else ""
                    note = ""
                    if detail:
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
            decree30.row(table, values, bold=not is_leaf, left=(1, 5))
        decree30.row(
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
        decree30.para(doc, "", space_after=6)

    decree30.para(doc, "Tổng hợp kết quả", bold=True)
    for line in figure_lines(figures):
        decree30.para(doc, line, indent=True)
    decree30.para(doc, "")
    title, name = unit_signer(unit)
    decree30.signature(doc, recipients=["- Sở Nội vụ;", "- Lưu: VT."], title=title, on_behalf="", name=name)
    return decree30.save(doc)


def report_agency(unit: Any, province: str) -> list[str]:
    """The header's agency lines: a department under the provincial committee; a commune's
    People's Committee names itself ("ỦY BAN NHÂN DÂN / PHƯỜNG MINH XUÂN")."""
    if unit.kind in (UnitKind.COMMUNE, UnitKind.WARD, UnitKind.SPECIAL_ZONE):
        return [f"Ủy ban nhân dân {unit.name}"]
    return [f"UBND {province.upper()}", unit.name]


# --- (b) the draft decision publishing the results ------------------------------------------


def decision_filename(period: ScoringPeriod) -> str:
    return f"du-thao-quyet-dinh-cong-bo-chi-so-cchc-{period.year}-{period.group.code}.docx"


def decision_document(period: ScoringPeriod) -> bytes:
    province, place = province_name()
    province_upper = province.upper()
    committee = f"ỦY BAN NHÂN DÂN {province_upper}"
    table = results_table(period, sort="overall", with_previous=False)
    group_name = period.group.name
    of_whom = f"các {decree30.lower_first(group_name)}" if group_name else ""

    doc = decree30.new_document()
    draft = period.status != PeriodStatus.PUBLISHED
    number, day = decision_number_and_day(period)
    symbol = f"Số: {number}/QĐ-UBND" if number else "Số:        /QĐ-UBND"
    decree30.header(doc, agency=[committee], number=symbol, place=place, day=day, draft=draft)
    decree30.para(doc, "", space_after=6)
    decree30.para(doc, "QUYẾT ĐỊNH", align=WD_ALIGN_PARAGRAPH.CENTER, bold=True, space_after=0)
    subject = f"Về việc công bố Chỉ số cải cách hành chính năm {period.year} của {of_whom}"
    decree30.para(doc, subject, align=WD_ALIGN_PARAGRAPH.CENTER, bold=True, space_after=0)
    decree30.subject_rule(doc, subject)
    decree30.para(doc, committee, align=WD_ALIGN_PARAGRAPH.CENTER, bold=True, space_after=12)
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
        decree30.para(doc, line, indent=True, italic=True)
    decree30.para(doc, "QUYẾT ĐỊNH:", align=WD_ALIGN_PARAGRAPH.CENTER, bold=True, space_after=6)

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
        paragraph = decree30.para(doc, indent=True)
        decree30.run(paragraph, heading, bold=True)
        decree30.run(paragraph, text)
    decree30.para(doc, "")
    decree30.signature(
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

    # A break before the heading, not a paragraph holding a break: that one could spill onto an empty page.
    annex_title = decree30.para(doc, "PHỤ LỤC", align=WD_ALIGN_PARAGRAPH.CENTER, bold=True, space_after=0)
    annex_title.paragraph_format.page_break_before = True
    decree30.para(
        doc,
        f"KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM {period.year} CỦA {of_whom.upper()}",
        align=WD_ALIGN_PARAGRAPH.CENTER,
        bold=True,
        space_after=0,
    )
    decree30.para(
        doc,
        f"(Kèm theo Quyết định số {number or '       '}/QĐ-UBND "
        + (f"ngày {day.day:02d}/{day.month:02d}/{day.year} " if day else "ngày     tháng     năm         ")
        + f"của Ủy ban nhân dân {decree30.lower_first(province)})",
        align=WD_ALIGN_PARAGRAPH.CENTER,
        italic=True,
        space_after=12,
    )
    annex = decree30.grid(doc, ["Xếp hạng", "Đơn vị", "Chỉ số (%)", "Xếp loại"], [22, 88, 25, 30])
    for row in table.rows:
        decree30.row(
            annex,
            [
                str(row.rank) if row.rank is not None else "",
                row.unit_name,
                vn(row.index) if row.has_result else "",
                row.band,
            ],
        )
    return decree30.save(doc)
