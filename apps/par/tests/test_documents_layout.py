"""The Word documents read back with python-docx against Decree 30/2020's layout: header lines that
fit their cells, page numbers from page 2, the unit's abbreviation in the number, "DỰ THẢO" and a
blank date on drafts only, the signer, the signature kept with the last paragraph, column widths."""

from datetime import datetime
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from docx import Document
from docx.oxml.ns import qn

from apps.core.decree30 import DRAFT_MARK, NATIONAL_TITLE, text_width_mm
from apps.org.models import Unit
from apps.par.document_parts import REPORT_WIDTHS
from apps.par.models import Assessment, AssessmentStatus, PeriodStatus, ScoringPeriod
from apps.par.tests.test_results_support import small_scenario
from conftest import client_for

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
FEB_5 = datetime(2026, 2, 5, 9, tzinfo=TZ)
BLANK_DATE = "Tuyên Quang, ngày      tháng      năm        "


def read(response):  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.status_code
    return Document(BytesIO(response.content))


def report(user, assessment):  # type: ignore[no-untyped-def]
    return read(client_for(user).get(reverse("par:assessment_report_docx", args=[assessment.pk])))


def decision(user, period):  # type: ignore[no-untyped-def]
    return read(client_for(user).get(reverse("par:decision_docx", args=[period.pk])))


def cell_margin_mm(table, side: str) -> float:  # type: ignore[no-untyped-def]
    margin = table._tbl.tblPr.find(qn("w:tblCellMar"))
    element = margin.find(qn(f"w:{side}")) if margin is not None else None
    return int(element.get(qn("w:w"))) * 25.4 / 1440 if element is not None else 1.9  # Word's default


def layout(table) -> str:  # type: ignore[no-untyped-def]
    element = table._tbl.tblPr.find(qn("w:tblLayout"))
    return element.get(qn("w:type")) if element is not None else "autofit"


def header_lines(doc):  # type: ignore[no-untyped-def]
    """(text, size pt, bold, usable width mm) of every line of the header table."""
    table = doc.tables[0]
    usable_less = cell_margin_mm(table, "left") + cell_margin_mm(table, "right")
    for cell in table.rows[0].cells:
        for paragraph in cell.paragraphs:
            if paragraph.text.strip():
                size = max(run.font.size.pt for run in paragraph.runs if run.text)
                bold = any(run.bold for run in paragraph.runs if run.text.strip())
                yield paragraph.text, size, bold, cell.width.mm - usable_less


def assert_header_fits(doc) -> None:  # type: ignore[no-untyped-def]
    table = doc.tables[0]
    assert layout(table) == "fixed"
    widths = [round(cell.width.mm) for cell in table.rows[0].cells]
    assert sum(widths) <= 165 and [round(col.width.mm) for col in table.columns] == widths
    lines = list(header_lines(doc))
    assert lines
    for text, size, bold, usable in lines:
        assert text_width_mm(text, size, bold=bold) < usable, (text, size, usable)
    sizes = {text: size for text, size, _bold, _usable in lines}
    assert 12 <= sizes[NATIONAL_TITLE] <= 13  # one line, at Decree 30's size


def has_page_field(part) -> bool:  # type: ignore[no-untyped-def]
    return any("PAGE" in (node.text or "") for node in part._element.iter(qn("w:instrText")))


def assert_page_numbers_from_page_2(doc) -> None:  # type: ignore[no-untyped-def]
    section = doc.sections[0]
    assert section.different_first_page_header_footer
    assert has_page_field(section.header)
    assert section.header.paragraphs[0].alignment == 1  # centred
    assert not has_page_field(section.first_page_header)


def is_draft(doc) -> bool:  # type: ignore[no-untyped-def]
    texts = [p.text for p in doc.sections[0].first_page_header.paragraphs] + [p.text for p in doc.paragraphs]
    return any(DRAFT_MARK in text for text in texts)


def right_header_texts(doc) -> list[str]:  # type: ignore[no-untyped-def]
    return [p.text for p in doc.tables[0].rows[0].cells[1].paragraphs]


def left_header_texts(doc) -> list[str]:  # type: ignore[no-untyped-def]
    return [p.text for p in doc.tables[0].rows[0].cells[0].paragraphs if p.text]


def signature_table(doc):  # type: ignore[no-untyped-def]
    return next(t for t in doc.tables if t.rows[0].cells[0].paragraphs[0].text.startswith("Nơi nhận"))


def has_bottom_rule(paragraph) -> bool:  # type: ignore[no-untyped-def]
    p_pr = paragraph._p.pPr
    borders = p_pr.find(qn("w:pBdr")) if p_pr is not None else None
    return borders is not None and borders.find(qn("w:bottom")) is not None


@time_machine.travel(FEB_5)
def test_it_fits_each_header_line_of_the_report_on_one_line(unit_a, unit_b, focal_a):  # type: ignore[no-untyped-def]
    period = small_scenario(unit_a, unit_b)
    Unit.objects.filter(pk=unit_a.pk).update(name="Sở Văn hóa, Thể thao và Du lịch")
    doc = report(focal_a, Assessment.objects.get(period=period, unit=unit_a))
    assert_header_fits(doc)
    # A long name breaks where a clerk would break it, not mid-phrase.
    assert left_header_texts(doc)[:3] == ["UBND TỈNH TUYÊN QUANG", "SỞ VĂN HÓA, THỂ THAO", "VÀ DU LỊCH"]


@time_machine.travel(FEB_5)
def test_it_fits_the_committee_of_the_decision_in_two_lines(unit_a, unit_b, secretariat):  # type: ignore[no-untyped-def]
    doc = decision(secretariat, small_scenario(unit_a, unit_b))
    assert_header_fits(doc)
    assert left_header_texts(doc)[:2] == ["ỦY BAN NHÂN DÂN", "TỈNH TUYÊN QUANG"]
    assert NATIONAL_TITLE in right_header_texts(doc)


@time_machine.travel(FEB_5)
def test_it_numbers_pages_from_page_2_top_centre(unit_a, unit_b, focal_a, secretariat):  # type: ignore[no-untyped-def]
    period = small_scenario(unit_a, unit_b)
    assert_page_numbers_from_page_2(report(focal_a, Assessment.objects.get(period=period, unit=unit_a)))
    assert_page_numbers_from_page_2(decision(secretariat, period))


@time_machine.travel(FEB_5)
def test_it_numbers_the_report_with_the_units_abbreviation(unit_a, unit_b, focal_a):  # type: ignore[no-untyped-def]
    period = small_scenario(unit_a, unit_b)
    Unit.objects.filter(pk=unit_a.pk).update(short_name="Sở Tư pháp", abbreviation="STP")
    doc = report(focal_a, Assessment.objects.get(period=period, unit=unit_a))
    assert "Số:        /BC-STP" in left_header_texts(doc)
    assert not any("Sở Tư pháp" in text and "Số" in text for text in left_header_texts(doc))


@time_machine.travel(FEB_5)
def test_it_falls_back_to_the_initials_or_ubnd_without_an_abbreviation(unit_a, unit_b, commune, focal_b):  # type: ignore[no-untyped-def]
    from apps.par.document_parts import abbreviation

    assert abbreviation(unit_b) == "SYT"
    assert abbreviation(commune) == "UBND"
    unit_b.abbreviation = "SYTE"
    assert abbreviation(unit_b) == "SYTE"


@time_machine.travel(FEB_5)
def test_it_marks_a_draft_report_and_leaves_its_date_blank(unit_a, unit_b, focal_a):  # type: ignore[no-untyped-def]
    period = small_scenario(unit_a, unit_b)
    Assessment.objects.filter(period=period, unit=unit_a).update(status=AssessmentStatus.DRAFT)
    assessment = Assessment.objects.get(period=period, unit=unit_a)
    doc = report(focal_a, assessment)
    assert is_draft(doc)
    assert BLANK_DATE in right_header_texts(doc)


@time_machine.travel(FEB_5)
def test_it_dates_a_submitted_report_with_its_submission_and_drops_the_mark(unit_a, unit_b, focal_a):  # type: ignore[no-untyped-def]
    period = small_scenario(unit_a, unit_b)
    submitted = datetime(2026, 1, 14, 16, tzinfo=TZ)
    Assessment.objects.filter(period=period, unit=unit_a).update(
        status=AssessmentStatus.SUBMITTED, submitted_at=submitted
    )
    doc = report(focal_a, Assessment.objects.get(period=period, unit=unit_a))
    assert not is_draft(doc)
    assert "Tuyên Quang, ngày 14 tháng 01 năm 2026" in right_header_texts(doc)


@time_machine.travel(FEB_5)
def test_it_marks_the_decision_a_draft_until_publication(unit_a, unit_b, secretariat):  # type: ignore[no-untyped-def]
    period = small_scenario(unit_a, unit_b)
    doc = decision(secretariat, period)
    assert is_draft(doc)
    assert BLANK_DATE in right_header_texts(doc)
    assert "Số:        /QĐ-UBND" in left_header_texts(doc)

    ScoringPeriod.objects.filter(pk=period.pk).update(
        status=PeriodStatus.PUBLISHED,
        published_at=timezone.now(),
        decision_reference="Quyết định số 285/QĐ-UBND ngày 28/01/2026 của UBND tỉnh",
    )
    doc = decision(secretariat, period)
    assert not is_draft(doc)
    assert "Tuyên Quang, ngày 28 tháng 01 năm 2026" in right_header_texts(doc)
    assert "Số: 285/QĐ-UBND" in left_header_texts(doc)
    assert "(Kèm theo Quyết định số 285/QĐ-UBND ngày 28/01/2026 của Ủy ban nhân dân tỉnh" in "\n".join(
        p.text for p in doc.paragraphs
    )


@time_machine.travel(FEB_5)
def test_it_dates_a_decision_published_without_a_date_in_its_reference(unit_a, unit_b, secretariat):  # type: ignore[no-untyped-def]
    period = small_scenario(unit_a, unit_b)
    ScoringPeriod.objects.filter(pk=period.pk).update(
        status=PeriodStatus.PUBLISHED, published_at=timezone.now(), decision_reference="123/QĐ-UBND"
    )
    doc = decision(secretariat, period)
    assert "Tuyên Quang, ngày 05 tháng 02 năm 2026" in right_header_texts(doc)


@time_machine.travel(FEB_5)
def test_it_puts_a_short_rule_under_the_subject_line(unit_a, unit_b, focal_a, secretariat):  # type: ignore[no-untyped-def]
    period = small_scenario(unit_a, unit_b)
    for doc, subject in (
        (report(focal_a, Assessment.objects.get(period=period, unit=unit_a)), "Kết quả tự đánh giá"),
        (decision(secretariat, period), "Về việc công bố"),
    ):
        paragraphs = doc.paragraphs
        at = next(i for i, p in enumerate(paragraphs) if p.text.startswith(subject))
        rule = paragraphs[at + 1]
        assert rule.text == "" and has_bottom_rule(rule)
        length = 165 - rule.paragraph_format.left_indent.mm - rule.paragraph_format.right_indent.mm
        assert 30 <= length <= 165 / 2


@time_machine.travel(FEB_5)
def test_it_signs_with_the_heads_position_and_name(unit_a, unit_b, focal_a, head_a):  # type: ignore[no-untyped-def]
    head_a.position = "Giám đốc Sở Tư pháp"
    head_a.full_name = "Phạm Văn Đức"
    head_a.save()
    period = small_scenario(unit_a, unit_b)
    doc = report(focal_a, Assessment.objects.get(period=period, unit=unit_a))
    signer = [p.text for p in signature_table(doc).rows[0].cells[1].paragraphs]
    assert signer[0] == "GIÁM ĐỐC" and signer[-1] == "Phạm Văn Đức"
    assert signer[1:-1] == [""] * 4  # room for the signature and the seal


@time_machine.travel(FEB_5)
def test_it_leaves_the_signers_name_blank_when_unknown(unit_a, unit_b, secretariat):  # type: ignore[no-untyped-def]
    doc = decision(secretariat, small_scenario(unit_a, unit_b))
    signer = [p.text for p in signature_table(doc).rows[0].cells[1].paragraphs]
    assert signer[:2] == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"] and signer[-1] == ""


@time_machine.travel(FEB_5)
def test_it_keeps_the_signature_with_the_last_paragraph(unit_a, unit_b, focal_a, secretariat):  # type: ignore[no-untyped-def]
    period = small_scenario(unit_a, unit_b)
    for doc in (report(focal_a, Assessment.objects.get(period=period, unit=unit_a)), decision(secretariat, period)):
        table = signature_table(doc)
        body = list(doc.element.body.iterchildren())
        before = body[: body.index(table._tbl)]
        paragraphs = [element for element in before if element.tag == qn("w:p")]
        last_text = max(i for i, p in enumerate(paragraphs) if "".join(p.itertext()).strip())
        for p in paragraphs[last_text:]:  # the last paragraph with text and the spacing after it
            assert p.pPr is not None and p.pPr.find(qn("w:keepNext")) is not None
        assert table.rows[0]._tr.trPr.find(qn("w:cantSplit")) is not None


@time_machine.travel(FEB_5)
def test_it_sizes_the_report_columns_for_their_content(unit_a, unit_b, focal_a):  # type: ignore[no-untyped-def]
    period = small_scenario(unit_a, unit_b)
    doc = report(focal_a, Assessment.objects.get(period=period, unit=unit_a))
    area = doc.tables[1]
    assert layout(area) == "fixed"
    widths = [round(column.width.mm) for column in area.columns]
    assert widths == list(REPORT_WIDTHS) and sum(widths) == 165
    assert widths[1] == max(widths) and widths[0] < 20 and max(widths[2:5]) < 20
    for row in area.rows:
        assert [round(cell.width.mm) for cell in row.cells] == widths
    assert area.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None  # repeated on each page


@time_machine.travel(FEB_5)
def test_it_starts_the_annex_on_a_new_page_without_an_empty_one(unit_a, unit_b, secretariat):  # type: ignore[no-untyped-def]
    doc = decision(secretariat, small_scenario(unit_a, unit_b))
    annex = next(p for p in doc.paragraphs if p.text == "PHỤ LỤC")
    assert annex.paragraph_format.page_break_before
    breaks = [br for br in doc.element.body.iter(qn("w:br")) if br.get(qn("w:type")) == "page"]
    assert breaks == []  # a paragraph holding only a break can spill onto a page of its own


def test_it_heads_a_communes_report_with_its_own_peoples_committee(commune) -> None:  # type: ignore[no-untyped-def]
    from apps.core import decree30
    from apps.par.documents import report_agency

    assert report_agency(commune, "Tỉnh Tuyên Quang") == ["Ủy ban nhân dân Phường Minh Xuân"]
    department = Unit(name="Sở Tư pháp", kind="department")
    assert report_agency(department, "Tỉnh Tuyên Quang") == ["UBND TỈNH TUYÊN QUANG", "Sở Tư pháp"]
    doc = decree30.new_document()
    decree30.header(doc, agency=report_agency(commune, "Tỉnh Tuyên Quang"), number="Số:", place="Tuyên Quang", day=None)
    texts = [text for text, *_rest in header_lines(doc)]
    assert texts[:2] == ["ỦY BAN NHÂN DÂN", "PHƯỜNG MINH XUÂN"]
