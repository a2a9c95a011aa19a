"""Acceptance 2 of issue 7: one total at each stage, everywhere, and the stage named.

A unit with a measured criterion, a not-applicable criterion, bonus and penalty points and a survey
share goes self-assessed -> after round 1 -> after round 2 -> final. At each stage the unit's page,
the appraisal page and the finalise page (numbers read back from the rendered HTML), the stored
result and the Word report (read back with python-docx) give the same total, maximum and index,
and name the stage; measured criteria and the survey are counted once known, and said to come
later before that.
"""

import re
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from io import BytesIO
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from docx import Document

from apps.par.metric_sources import SURVEY_INDEX
from apps.par.models import Assessment, AssessmentResult, CriterionExclusion, Score
from apps.par.services import assessments as svc
from apps.par.services.measured import measured_value_set
from apps.par.tests.factories import build_set, group_of, open_period
from conftest import client_for

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture(autouse=True)
def _before_the_deadline(time_machine: Any) -> None:
    time_machine.move_to(datetime(2026, 1, 10, 9, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=False)


@pytest.fixture(autouse=True)
def _vietnamese_interface(settings: Any) -> None:
    settings.LANGUAGE_CODE = "vi"  # the pages as users read them: 1.234,56 and Vietnamese stage names


@dataclass(frozen=True)
class Shown:
    total: str
    maximum: str
    index: str


def vn_number(text: str) -> str:
    return text.replace("\xa0", "").replace(" ", "").replace("%", "").strip()


def _block(html: str, testid: str) -> str:
    start = html.index(f'data-testid="{testid}"')
    return html[start : start + 6000]


def _cell(block: str, attribute: str) -> str:
    found = re.search(rf"{attribute}>([^<]*)<", block)
    assert found, attribute
    return vn_number(found.group(1))


def from_card(html: str, testid: str) -> tuple[Shown, str]:
    """The figures card inside `testid`: (total, maximum, index) and the stage badge's text."""
    block = _block(html, testid)
    stage = re.search(r'data-testid="stage">([^<]*)<', block)
    assert stage
    return Shown(_cell(block, "data-total"), _cell(block, "data-max"), _cell(block, "data-index")), stage.group(1)


def from_finalise(html: str, unit_name: str) -> tuple[Shown, str]:
    row = html[html.index(f"<td>{unit_name}</td>") :]
    row = row[: row.index("</tr>")]
    stage = re.search(r'data-testid="stage">([^<]*)<', row)
    assert stage
    total, maximum = _cell(row, "data-total").split("/")
    return Shown(total, maximum, _cell(row, "data-index")), stage.group(1)


def from_report(content: bytes) -> tuple[Shown, str]:
    text = "\n".join(p.text for p in Document(BytesIO(content)).paragraphs)
    stage = re.search(r"- Giai đoạn: ([^.(]*)", text)
    found = re.search(r"- Tổng điểm [^:]*: ([\d.,]+)/([\d.,]+) điểm; chỉ số[^:]*: ([\d.,]+)%", text)
    assert stage and found, text
    return Shown(found.group(1), found.group(2), found.group(3)), stage.group(1).strip()


def from_result(assessment: Assessment) -> Shown:
    result = AssessmentResult.objects.get(assessment=assessment)

    def vn(value: Decimal) -> str:
        return f"{value:.2f}".replace(".", ",")

    return Shown(vn(result.total_points), vn(result.max_points), vn(result.index))


@pytest.fixture
def scene(unit_a: Any, unit_b: Any, focal_a: Any, head_a: Any, appraiser: Any, secretariat: Any) -> dict[str, Any]:
    group = group_of(unit_a, unit_b)
    criteria_set = build_set(group)
    period = open_period(
        group, criteria_set, actor=secretariat, bonus_cap=D("1.5"), penalty_cap=D("1"), survey_points=D("5")
    )
    assessment = Assessment.objects.get(period=period, unit=unit_a)
    CriterionExclusion.objects.create(criterion=criteria_set.nodes.get(code="1.3"), unit=unit_a, reason="Không có")
    for code, value in {"1.1": "3.5", "1.2": "1", "2.2": "1", "9.1": "2", "10.1": "1.5"}.items():
        score = assessment.scores.select_related("criterion").get(criterion__code=code)
        svc.score_self_update(
            actor=focal_a, score=score, version=score.version, value=value, no_evidence_reason="Chưa số hoá"
        )
    return {"period": period, "assessment": assessment, "unit": unit_a, "secretariat": secretariat}


def everywhere(scene: dict[str, Any], people: dict[str, Any]) -> dict[str, tuple[Shown, str]]:
    assessment = Assessment.objects.get(pk=scene["assessment"].pk)
    period = scene["period"]
    unit_page = client_for(people["focal"]).get(reverse("par:assessment_detail", args=[assessment.pk]))
    appraisal_page = client_for(people["appraiser"]).get(reverse("par:appraisal_detail", args=[assessment.pk]))
    finalise_page = client_for(people["secretariat"]).get(reverse("par:period_finalise", args=[period.pk]))
    report = client_for(people["focal"]).get(reverse("par:assessment_report_docx", args=[assessment.pk]))
    for response in (unit_page, appraisal_page, finalise_page, report):
        assert response.status_code == 200
    return {
        "unit page": from_card(unit_page.content.decode(), "totals"),
        "appraisal page": from_card(appraisal_page.content.decode(), "appraised-total"),
        "finalise page": from_finalise(finalise_page.content.decode(), scene["unit"].name),
        "report": from_report(report.content),
        "result": (from_result(assessment), ""),
    }


def assert_one_total(shown: dict[str, tuple[Shown, str]], expected: Shown, stage: str) -> None:
    for where, (figures, stage_label) in shown.items():
        assert figures == expected, where
        if where != "result":
            assert stage_label == stage, where


def _score(assessment: Assessment, code: str) -> Score:
    return Score.objects.select_related("criterion", "assessment__period").get(
        assessment=assessment, criterion__code=code
    )


def test_it_shows_one_total_for_each_stage_on_every_page_in_the_result_and_in_the_report(
    scene: dict[str, Any], focal_a: Any, head_a: Any, appraiser: Any, secretariat: Any
) -> None:
    people = {"focal": focal_a, "appraiser": appraiser, "secretariat": secretariat}
    assessment, period, unit = scene["assessment"], scene["period"], scene["unit"]

    # Self-assessed, nothing measured yet: 3.5 + 2.5 (1.2: one late report) + 2 (2.2) = 8 of 12
    # (1.3 not applicable; 2.1 counts 0 until measured; the survey left out until known);
    # bonus 2 capped at 1.5, penalty 1.5 capped at 1: 8.50 of 12 = 70.83 %.
    svc.assessment_submit(actor=head_a, assessment=assessment, version=assessment.version)
    unit_html = client_for(focal_a).get(reverse("par:assessment_detail", args=[assessment.pk])).content.decode()
    assert 'data-testid="measured-pending"' in unit_html and 'data-testid="survey-pending"' in unit_html
    assert 'data-testid="tree-own-note"' not in unit_html  # the tree and the total are the same figures
    assert_one_total(everywhere(scene, people), Shown("8,50", "12,00", "70,83"), "Tự đánh giá")

    # The on-time rate arrives (90 % of 3 = 2.7): 11.20 of 12.
    measured_value_set(
        actor=secretariat, period=period, unit=unit, metric="directives.on_time_rate", value=D("0.9"), source_note="x"
    )
    assert_one_total(everywhere(scene, people), Shown("11,20", "12,00", "93,33"), "Tự đánh giá")

    # Round 1: 1.1 cut to 2.5 and questioned, the rest accepted. A round under way does not count yet.
    for code in ("1.1", "1.2", "2.2", "9.1", "10.1"):
        score = _score(assessment, code)
        if code == "1.1":
            svc.score_appraise(actor=appraiser, score=score, version=score.version, points=D("2.5"), reason="Muộn")
            score = _score(assessment, code)
            svc.score_request_explanation(actor=appraiser, score=score, version=score.version, note="Giải trình")
        else:
            svc.score_appraise(actor=appraiser, score=score, version=score.version, points=None, accept=True)
    assert_one_total(everywhere(scene, people), Shown("11,20", "12,00", "93,33"), "Tự đánh giá")
    # The appraiser sees what the round would give, marked as such.
    appraisal_html = client_for(appraiser).get(reverse("par:appraisal_detail", args=[assessment.pk])).content.decode()
    assert "<strong>10,20</strong> / 12,00 · 85,00 %" in _block(appraisal_html, "round-preview")
    assessment.refresh_from_db()
    svc.appraisal_conclude(actor=appraiser, assessment=assessment, version=assessment.version)
    assert_one_total(everywhere(scene, people), Shown("10,20", "12,00", "85,00"), "Sau thẩm định vòng 1")

    # The unit explains; round 2 settles 1.1 at 3: 10.70 of 12.
    assessment.refresh_from_db()
    svc.explanation_submit(
        actor=focal_a,
        assessment=assessment,
        version=assessment.version,
        answers={_score(assessment, "1.1").pk: "Đã ban hành"},
    )
    score = _score(assessment, "1.1")
    svc.score_appraise(actor=appraiser, score=score, version=score.version, points=D("3"), reason="Chấp nhận một phần")
    assessment.refresh_from_db()
    svc.appraisal_conclude(actor=appraiser, assessment=assessment, version=assessment.version)
    assert_one_total(everywhere(scene, people), Shown("10,70", "12,00", "89,17"), "Sau thẩm định vòng 2")

    # The survey index (80 %) arrives: 4 of its 5 points join the total and the maximum: 14.70 of 17.
    measured_value_set(actor=secretariat, period=period, unit=unit, metric=SURVEY_INDEX, value=D("80"), source_note="x")
    shown = everywhere(scene, people)
    assert_one_total(shown, Shown("14,70", "17,00", "86,47"), "Sau thẩm định vòng 2")

    assessment.refresh_from_db()
    svc.assessment_finalise(actor=secretariat, assessment=assessment, version=assessment.version)
    shown = everywhere(scene, people)
    assert_one_total(shown, Shown("14,70", "17,00", "86,47"), "Kết quả chính thức")
    unit_html = client_for(focal_a).get(reverse("par:assessment_detail", args=[assessment.pk])).content.decode()
    assert 'data-testid="measured-pending"' not in unit_html and 'data-testid="survey-pending"' not in unit_html
    assert 'data-testid="provisional"' not in unit_html
    # the tree still shows the unit's own points: the page says so next to the stage's total
    assert "Điểm ở các tiêu chí dưới đây là điểm đơn vị tự chấm" in _block(unit_html, "tree-own-note")
