"""Acceptance: one function computes an assessment's totals, so the self-assessment page, the
stored result and the Word report give the same number for a unit with not-applicable criteria,
bonus and penalty points."""

from datetime import datetime
from decimal import Decimal
from io import BytesIO
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from docx import Document

from apps.core.decree30 import vn
from apps.par.models import Assessment, AssessmentResult, CriterionExclusion, MeasuredValue
from apps.par.services import assessments as svc
from apps.par.services.results import results_recompute
from apps.par.tests.factories import build_set, group_of, open_period
from conftest import client_for

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture(autouse=True)
def _before_the_deadline(time_machine: Any) -> None:
    time_machine.move_to(datetime(2026, 1, 10, 9, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=False)


def test_it_gives_one_total_on_the_page_in_the_result_and_in_the_report(
    unit_a: Any, unit_b: Any, focal_a: Any, secretariat: Any
) -> None:
    group = group_of(unit_a, unit_b)
    criteria_set = build_set(group)
    period = open_period(group, criteria_set, actor=secretariat, bonus_cap=D("1.5"), penalty_cap=D("1"))
    assessment = Assessment.objects.get(period=period, unit=unit_a)
    CriterionExclusion.objects.create(criterion=criteria_set.nodes.get(code="1.3"), unit=unit_a, reason="Không có")
    MeasuredValue.objects.create(
        period=period, unit=unit_a, metric="onestop.on_time_rate", value=D("0.9"), source_note="Một cửa"
    )
    for code, value in {"1.1": "3.5", "1.2": "1", "2.2": "1", "9.1": "2", "10.1": "1.5"}.items():
        score = assessment.scores.select_related("criterion").get(criterion__code=code)
        svc.score_self_update(actor=focal_a, score=score, version=score.version, value=value)
    results_recompute(period=period)
    result = AssessmentResult.objects.get(assessment=assessment)

    page = client_for(focal_a).get(reverse("par:assessment_detail", args=[assessment.pk]))
    totals = page.context["totals"]
    report = Document(
        BytesIO(client_for(focal_a).get(reverse("par:assessment_report_docx", args=[assessment.pk])).content)
    )
    text = "\n".join(p.text for p in report.paragraphs)

    # 3.5 + 2.5 (1.2: one occurrence) + 2.7 (2.1: 90 %) + 2 (2.2) = 10.70 over 12 (1.3 not applicable);
    # bonus 2 capped at 1.5, penalty 1.5 capped at 1: 11.20.
    assert totals["total"] == result.total_points == D("11.20")
    assert (totals["bonus"], totals["penalty"]) == (result.bonus_points, result.penalty_points) == (D("1.5"), D("1"))
    assert totals["max"] == result.max_points == D("12")
    assert totals["index"] == result.index
    assert f"{vn(result.total_points)}/{vn(result.max_points)} điểm; chỉ số tự đánh giá: {vn(result.index)}%" in text
    assert f"{vn(result.total_points)}/{vn(result.max_points)} điểm; chỉ số: {vn(result.index)}%" in text
    appraisal = client_for(secretariat).get(reverse("par:appraisal_detail", args=[assessment.pk]))
    assert appraisal.context["totals"].total == result.total_points  # the appraisal page: the same function
    assert not totals["with_survey"]  # the page says the survey is not included
    assert "the survey is not included" in page.content.decode()
