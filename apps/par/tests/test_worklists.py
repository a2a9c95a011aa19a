"""PAR's worklist panels on the start pages: what waits for each role today, read in a fixed number
of queries whatever the number of units, criteria and periods."""

from datetime import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.org.models import Role, Unit
from apps.org.permissions import roles_of
from apps.org.tests.factories import UnitFactory, user_with_role
from apps.par.models import Assessment, AssessmentResult, AssessmentStatus, PeriodStatus, Score
from apps.par.selectors import worklists
from apps.par.tests.factories import build_set, group_of, open_period
from conftest import client_for

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
BEFORE_DEADLINE = datetime(2026, 1, 8, 9, tzinfo=TZ)  # the self-assessment deadline is 15/01/2026
AFTER_DEADLINE = datetime(2026, 1, 20, 9, tzinfo=TZ)
# Queries of the unit roles', the appraiser's, the secretariat's and the leader's panels, at most.
LIMITS = (5, 5, 4, 2)


@pytest.fixture
def period(unit_a: Unit, unit_b: Unit) -> Any:
    group = group_of(unit_a, unit_b)
    return open_period(group, build_set(group))


def assessment_of(period: Any, unit: Unit) -> Assessment:
    return Assessment.objects.get(period=period, unit=unit)


def start_page(user: Any) -> str:
    response = client_for(user).get(reverse("portal:start"))
    assert response.status_code == 200
    return response.content.decode()


def queries(function: Any, **kwargs: Any) -> int:
    with CaptureQueriesContext(connection) as captured:
        function(**kwargs)
    return len(captured)


@time_machine.travel(BEFORE_DEADLINE)
def test_it_lists_what_the_focal_points_unit_still_lacks_as_links_to_the_criteria(period, focal_a, unit_a) -> None:  # type: ignore[no-untyped-def]
    assessment = assessment_of(period, unit_a)
    s11 = assessment.scores.get(criterion__code="1.1")
    Score.objects.filter(pk=s11.pk).update(self_points=Decimal("3"), self_value=Decimal("3"))  # scored, no evidence
    content = start_page(focal_a)
    assert 'data-panel="par-focal-point"' in content
    assert "Self-assessment in progress" in content or "Đang tự đánh giá" in content
    assert 'data-testid="filled">1 / 6<' in content  # the metric leaf 2.1 is not the unit's to score
    s12 = assessment.scores.get(criterion__code="1.2")
    detail = reverse("par:assessment_detail", args=[assessment.pk])
    assert f'href="{detail}#leaf-{s12.pk}"' in content  # unscored
    assert f'href="{detail}#leaf-{s11.pk}"' in content  # scored but lacking evidence
    metric = assessment.scores.get(criterion__code="2.1")
    assert f"#leaf-{metric.pk}" not in content
    assert "15/01/2026" in content


@time_machine.travel(BEFORE_DEADLINE)
def test_it_offers_the_head_the_word_report_to_check_and_sign(period, head_a, unit_a) -> None:  # type: ignore[no-untyped-def]
    assessment = assessment_of(period, unit_a)
    content = start_page(head_a)
    assert 'data-panel="par-unit-head"' in content
    assert reverse("par:assessment_report_docx", args=[assessment.pk]) in content
    assert 'data-testid="awaits-submission"' in content


@time_machine.travel(BEFORE_DEADLINE)
def test_it_shows_the_unit_the_explanation_asked_of_it_with_its_deadline(period, focal_a, unit_a) -> None:  # type: ignore[no-untyped-def]
    assessment = assessment_of(period, unit_a)
    Assessment.objects.filter(pk=assessment.pk).update(status=AssessmentStatus.EXPLANATION_REQUESTED)
    Score.objects.filter(assessment=assessment, criterion__code="1.1").update(
        explanation_requested=True, explanation_request_note="Ngày ban hành kế hoạch?"
    )
    content = start_page(focal_a)
    assert 'data-testid="explanation-request"' in content
    assert "Ngày ban hành kế hoạch?" in content
    assert reverse("par:explanation_form", args=[assessment.pk]) in content
    assert "28/02/2026" in content  # the explanation deadline


@time_machine.travel(BEFORE_DEADLINE)
def test_it_counts_the_appraisers_queue_by_round(period, appraiser, unit_a, unit_b) -> None:  # type: ignore[no-untyped-def]
    Assessment.objects.filter(period=period, unit=unit_a).update(status=AssessmentStatus.SUBMITTED)
    Assessment.objects.filter(period=period, unit=unit_b).update(status=AssessmentStatus.EXPLAINED)
    content = start_page(appraiser)
    assert 'data-testid="round1-count">1<' in content
    assert 'data-testid="round2-count">1<' in content
    assert reverse("par:appraisal_detail", args=[assessment_of(period, unit_a).pk]) in content
    assert "15/02/2026" in content  # the appraisal deadline


def test_it_shows_the_secretariat_the_units_late_with_their_self_assessment(  # type: ignore[no-untyped-def]
    period, secretariat, unit_a, unit_b
) -> None:
    Assessment.objects.filter(period=period, unit=unit_b).update(status=AssessmentStatus.SUBMITTED)
    with time_machine.travel(BEFORE_DEADLINE):
        assert 'data-testid="no-late"' in start_page(secretariat)
    with time_machine.travel(AFTER_DEADLINE):
        content = start_page(secretariat)
    late = content.split('data-testid="late-units"')[1].split("</ul>")[0]
    assert "Sở Tư pháp" in late and "Sở Y tế" not in late
    assert 'data-testid="stage-count">1<' in content


def test_it_shows_the_leader_the_latest_published_results(period, leader, unit_a, unit_b, settings) -> None:  # type: ignore[no-untyped-def]
    settings.LANGUAGE_CODE = "vi"
    type(period).objects.filter(pk=period.pk).update(status=PeriodStatus.PUBLISHED)
    for unit, index, rank in ((unit_a, "90.50", 1), (unit_b, "70.25", 2)):
        AssessmentResult.objects.create(assessment=assessment_of(period, unit), index=Decimal(index), rank=rank)
    content = start_page(leader)
    assert 'data-panel="par-leader"' in content
    top = content.split('data-testid="top"')[1].split("</ol>")[0]
    assert "Sở Tư pháp" in top and "90,50" in top
    assert 'data-testid="average">80,38<' in content  # (90,50 + 70,25) / 2, Vietnamese format


def test_it_reads_each_worklist_in_a_fixed_number_of_queries(  # type: ignore[no-untyped-def]
    period, focal_a, province, unit_a, unit_b
) -> None:
    def counts() -> list[int]:
        roles_of(focal_a)  # the grants, loaded once per request by the page
        return [
            queries(worklists.unit_worklist, user=focal_a, role=Role.FOCAL_POINT),
            queries(worklists.appraiser_worklist),
            queries(worklists.period_progress, with_late=True),
            queries(worklists.published_summaries),
        ]

    Assessment.objects.filter(period=period, unit=unit_b).update(status=AssessmentStatus.SUBMITTED)
    worklists.period_progress(with_late=True)  # the working-day calendar, cached after the first read
    small = counts()
    # More units, a second open period with the focal point's unit in it, an explanation request.
    more = [UnitFactory(parent=province, name=f"Xã {n}") for n in range(5)]
    group = group_of(unit_a, *more, code="ubnd-xa-phuong")
    second = open_period(group, build_set(group, year=2026), name="Kỳ 2")
    Assessment.objects.filter(period=second, unit__in=more[:3]).update(status=AssessmentStatus.SUBMITTED)
    Assessment.objects.filter(period=period, unit=unit_a).update(status=AssessmentStatus.EXPLANATION_REQUESTED)
    Score.objects.filter(assessment__period=period, assessment__unit=unit_a).update(explanation_requested=True)
    bigger = counts()
    for panel, limit in enumerate(LIMITS):
        assert small[panel] <= limit and bigger[panel] <= limit, (small, bigger)
    assert bigger[1:] == small[1:]


def test_it_shows_a_unit_with_no_open_period_a_plain_sentence(unit_a) -> None:  # type: ignore[no-untyped-def]
    focal = user_with_role("lonely", Role.FOCAL_POINT, unit_a)
    content = start_page(focal)
    assert 'data-testid="nothing"' in content


def test_it_tells_the_unit_when_its_explanation_deadline_has_passed(period, focal_a, unit_a) -> None:  # type: ignore[no-untyped-def]
    assessment = assessment_of(period, unit_a)
    Assessment.objects.filter(pk=assessment.pk).update(status=AssessmentStatus.EXPLANATION_REQUESTED)
    with time_machine.travel(datetime(2026, 3, 2, 9, tzinfo=TZ)):  # after 28/02/2026
        content = start_page(focal_a)
    assert 'data-testid="explanation-closed"' in content
    assert reverse("par:explanation_form", args=[assessment.pk]) not in content
