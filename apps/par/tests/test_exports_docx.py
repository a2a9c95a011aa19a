from datetime import datetime
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from docx import Document

from apps.core import decree30
from apps.core.decree30 import MOTTO, NATIONAL_TITLE
from apps.par.models import Assessment, AssessmentStatus
from apps.par.tests.test_results_support import small_scenario
from conftest import client_for

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
FEB_5 = datetime(2026, 2, 5, 9, tzinfo=TZ)


def document(response):  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    return Document(BytesIO(response.content))


def header_cells(doc):  # type: ignore[no-untyped-def]
    left, right = doc.tables[0].rows[0].cells
    return left, right


def runs(cell):  # type: ignore[no-untyped-def]
    return {run.text: run for p in cell.paragraphs for run in p.runs if run.text}


def assert_decree_30_layout(doc, dated: str = "Tuyên Quang, ngày      tháng      năm        ") -> None:  # type: ignore[no-untyped-def]
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = [section.top_margin, section.bottom_margin, section.left_margin, section.right_margin]
    assert [round(m.mm, 1) for m in margins] == [20, 20, 30, 15]  # stored in twips
    assert doc.styles["Normal"].font.name == "Times New Roman"
    _left, right = header_cells(doc)
    right_runs = runs(right)
    title, motto = right_runs[NATIONAL_TITLE], right_runs[MOTTO]
    assert title.bold and title.font.size.pt == 12
    assert motto.bold and motto.underline and motto.font.size.pt == 13
    assert right_runs[dated].italic  # a draft's date is left blank for the signer


def body_text(doc) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(p.text for p in doc.paragraphs)


@time_machine.travel(FEB_5)
def test_it_writes_the_self_assessment_report(unit_a, unit_b, focal_a):  # type: ignore[no-untyped-def]
    period = small_scenario(unit_a, unit_b)
    assessment = Assessment.objects.get(period=period, unit=unit_a)
    assert assessment.status == AssessmentStatus.APPRAISED  # past the draft: dated, no mark
    doc = document(client_for(focal_a).get(reverse("par:assessment_report_docx", args=[assessment.pk])))
    assert_decree_30_layout(doc, dated=decree30.place_date("Tuyên Quang", timezone.localdate()))
    left, _right = header_cells(doc)
    left_runs = runs(left)
    assert "UBND TỈNH TUYÊN QUANG" in left_runs
    assert left_runs["SỞ TƯ PHÁP"].bold
    assert "Số:        /BC-STP" in left_runs
    text = body_text(doc)
    assert "BÁO CÁO" in text and "Chỉ số cải cách hành chính năm 2025" in text
    # The figures at the assessment's stage, named, as on the pages (the measured criterion, bonus, penalty in).
    assert "- Giai đoạn: Sau thẩm định vòng 2 (số liệu tạm tính)." in text
    assert (
        "- Tổng điểm sau thẩm định vòng 2 (gồm điểm các tiêu chí đo lường, điểm thưởng, điểm trừ): 11,70/15,00 điểm; "
        "chỉ số: 78,00%; xếp loại: Khá." in text
    )
    assert "- Điểm tự đánh giá của đơn vị (chưa gồm tiêu chí đo lường): 12,00 điểm." in text

    area1 = doc.tables[1]
    rows = [[c.text for c in row.cells] for row in area1.rows]
    assert rows[0] == ["Mã", "Tiêu chí", "Điểm tối đa", "Tự đánh giá", "Thẩm định", "Ghi chú"]
    assert rows[1] == ["1.1", "Kế hoạch CCHC năm", "4,00", "4,00", "2,00", "Kế hoạch ban hành muộn"]
    assert rows[3] == ["1.3", "Tổ chức kiểm tra CCHC", "3,00", "3,00", "1,50", "Kiểm tra chưa đủ đơn vị"]
    assert rows[-1] == ["", "Cộng", "10,00", "10,00", "6,50", ""]
    assert any(run.bold for run in area1.rows[-1].cells[1].paragraphs[0].runs)


@time_machine.travel(FEB_5)
def test_it_marks_not_applicable_criteria_in_the_report(unit_a, unit_b, focal_b):  # type: ignore[no-untyped-def]
    from apps.par.models import CriterionExclusion

    period = small_scenario(unit_a, unit_b)
    CriterionExclusion.objects.create(
        criterion=period.criteria_set.nodes.get(code="2.1"), unit=unit_b, reason="Không giải quyết TTHC"
    )
    assessment = Assessment.objects.get(period=period, unit=unit_b)
    doc = document(client_for(focal_b).get(reverse("par:assessment_report_docx", args=[assessment.pk])))
    area2 = [[c.text for c in row.cells] for row in doc.tables[2].rows]
    assert area2[1][0] == "2.1" and area2[1][5] == "Không áp dụng: Không giải quyết TTHC"
    assert area2[-1][2] == "2,00"  # the applicable maximum of area 2


def test_it_hides_another_units_report(unit_a, unit_b, focal_b):  # type: ignore[no-untyped-def]
    period = small_scenario(unit_a, unit_b)
    assessment = Assessment.objects.get(period=period, unit=unit_a)
    client = client_for(focal_b)
    assert client.get(reverse("par:assessment_report_docx", args=[assessment.pk])).status_code == 404
    assert client.get(reverse("par:assessment_report_docx", args=[99999])).status_code == 404


def test_it_answers_405_for_post(unit_a, unit_b, focal_a):  # type: ignore[no-untyped-def]
    period = small_scenario(unit_a, unit_b)
    assessment = Assessment.objects.get(period=period, unit=unit_a)
    assert client_for(focal_a).post(reverse("par:assessment_report_docx", args=[assessment.pk])).status_code == 405
    assert client_for(focal_a).post(reverse("par:decision_docx", args=[period.pk])).status_code == 405


@time_machine.travel(FEB_5)
def test_it_drafts_the_publishing_decision(unit_a, unit_b, secretariat):  # type: ignore[no-untyped-def]
    period = small_scenario(unit_a, unit_b)
    doc = document(client_for(secretariat).get(reverse("par:decision_docx", args=[period.pk])))
    assert_decree_30_layout(doc)
    left, _right = header_cells(doc)
    left_runs = runs(left)
    assert left_runs["ỦY BAN NHÂN DÂN"].bold and left_runs["TỈNH TUYÊN QUANG"].bold
    assert "Số:        /QĐ-UBND" in left_runs
    text = body_text(doc)
    assert "QUYẾT ĐỊNH\n" in text
    assert "Về việc công bố Chỉ số cải cách hành chính năm 2025 của các sở, ban, ngành" in text
    assert "Căn cứ Luật Tổ chức chính quyền địa phương" in text
    for article in ("Điều 1.", "Điều 2.", "Điều 3."):
        assert article in text
    assert "PHỤ LỤC" in text
    annex = [[c.text for c in row.cells] for row in doc.tables[-1].rows]
    assert annex == [
        ["Xếp hạng", "Đơn vị", "Chỉ số (%)", "Xếp loại"],
        ["1", "Sở Y tế", "80,00", "Tốt"],
        ["2", "Sở Tư pháp", "78,00", "Khá"],
    ]


def test_it_refuses_the_decision_to_others(unit_a, unit_b, focal_a, appraiser):  # type: ignore[no-untyped-def]
    period = small_scenario(unit_a, unit_b)
    assert client_for(focal_a).get(reverse("par:decision_docx", args=[period.pk])).status_code == 403
    assert client_for(appraiser).get(reverse("par:decision_docx", args=[period.pk])).status_code == 403
    assert client_for(appraiser).get(reverse("par:decision_docx", args=[99999])).status_code == 404
