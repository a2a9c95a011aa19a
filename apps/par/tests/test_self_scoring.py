from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from apps.core.models import AuditEvent
from apps.par.models import Assessment, AssessmentStatus, CriterionExclusion, Score
from apps.par.tests.factories import build_set, group_of, open_period
from conftest import client_for

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def _before_the_deadline(time_machine) -> None:  # type: ignore[no-untyped-def]
    time_machine.move_to(datetime(2026, 1, 10, 9, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")))


@pytest.fixture
def assessment(unit_a, unit_b, focal_a, head_a, focal_b):  # type: ignore[no-untyped-def]
    group = group_of(unit_a, unit_b)
    period = open_period(group, build_set(group))
    return Assessment.objects.get(period=period, unit=unit_a)


def score(assessment, code) -> Score:  # type: ignore[no-untyped-def]
    return assessment.scores.select_related("criterion", "assessment__period").get(criterion__code=code)


def test_it_shows_the_tree_with_inputs_per_method(assessment, focal_a, unit_a) -> None:  # type: ignore[no-untyped-def]
    CriterionExclusion.objects.create(
        criterion=assessment.period.criteria_set.nodes.get(code="1.3"), unit=unit_a, reason="Không có đơn vị trực thuộc"
    )
    response = client_for(focal_a).get(reverse("par:assessment_detail", args=[assessment.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    manual = score(assessment, "1.1")
    assert f'id="v-{manual.pk}"' in body and "From 0 to 4, in steps of 0.25." in body
    assert 'type="number"' not in body  # type=number refuses the decimal comma: text with the decimal keypad
    assert f'hx-get="{reverse("par:score_preview", args=[manual.pk])}"' in body
    assert "Không có đơn vị trực thuộc" in body
    assert f'id="v-{score(assessment, "1.3").pk}"' not in body  # not applicable: no input
    # a metric leaf, read-only, by its label (the key only in a title)
    assert "Nhiệm vụ được giao hoàn thành đúng hạn" in body
    assert '<span class="font-monospace">directives.on_time_rate' not in body
    assert f'id="v-{score(assessment, "2.1").pk}"' not in body
    assert "Rate achieved (%)" not in body  # the only tiers leaf is excluded
    assert "Number of occurrences" in body and "Done?" in body
    assert "1.1 has no score yet." in body


def test_it_saves_a_leaf_through_htmx_and_updates_the_totals(assessment, focal_a) -> None:  # type: ignore[no-untyped-def]
    s = score(assessment, "1.1")
    response = client_for(focal_a).post(
        reverse("par:score_save", args=[s.pk]), {"value": "3.5", "note": "Đã ban hành", "version": s.version}, **HX
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert f'id="leaf-{s.pk}"' in body
    assert 'name="version" value="2"' in body
    assert 'id="par-totals"' in body and 'hx-swap-oob="true"' in body
    assert "data-total>3.50<" in body  # Vietnamese decimal comma
    s.refresh_from_db()
    assert s.self_points == Decimal("3.50") and s.self_note == "Đã ban hành"
    assert AuditEvent.objects.filter(action="par.score.self_update").count() == 1


def test_it_converts_a_percentage_into_a_ratio(assessment, focal_a) -> None:  # type: ignore[no-untyped-def]
    s = score(assessment, "1.3")  # tiers: 100 % → full, 80 % → half
    response = client_for(focal_a).post(
        reverse("par:score_save", args=[s.pk]), {"value": "85", "version": s.version}, **HX
    )
    assert response.status_code == 200
    s.refresh_from_db()
    assert s.self_value == Decimal("0.85") and s.self_points == Decimal("1.50")
    assert f'id="v-{s.pk}" value="85"' in response.content.decode()


def test_it_works_without_javascript(assessment, focal_a) -> None:  # type: ignore[no-untyped-def]
    s = score(assessment, "2.2")
    response = client_for(focal_a).post(reverse("par:score_save", args=[s.pk]), {"value": "1", "version": s.version})
    assert response.status_code == 302
    assert response["Location"] == reverse("par:assessment_detail", args=[assessment.pk]) + f"#leaf-{s.pk}"
    s.refresh_from_db()
    assert s.self_points == Decimal("2.00")


def test_it_refuses_a_stale_edit_and_keeps_what_the_user_typed(assessment, focal_a, head_a) -> None:  # type: ignore[no-untyped-def]
    s = score(assessment, "1.1")
    stale = s.version
    client_for(head_a).post(
        reverse("par:score_save", args=[s.pk]), {"value": "2", "note": "Của thủ trưởng", "version": stale}, **HX
    )
    response = client_for(focal_a).post(
        reverse("par:score_save", args=[s.pk]), {"value": "3.75", "note": "Ghi chú của tôi", "version": stale}, **HX
    )
    assert response.status_code == 409
    body = response.content.decode()
    assert "Someone else changed" in body
    assert "data-theirs>2<" in body and "Của thủ trưởng" in body  # the other person's current value
    assert 'value="3.75"' in body and "Ghi chú của tôi</textarea>" in body  # the user's input is kept
    assert 'name="version" value="2"' in body  # saving again applies it on purpose
    s.refresh_from_db()
    assert s.self_points == Decimal("2.00")
    plain = client_for(focal_a).post(reverse("par:score_save", args=[s.pk]), {"value": "3", "version": stale})
    assert plain.status_code == 409 and 'value="3"' in plain.content.decode()


def test_it_refuses_a_bad_value_with_the_message(assessment, focal_a) -> None:  # type: ignore[no-untyped-def]
    s = score(assessment, "1.1")
    response = client_for(focal_a).post(
        reverse("par:score_save", args=[s.pk]), {"value": "9", "version": s.version}, **HX
    )
    assert response.status_code == 400
    assert "The score must be between 0 and 4" in response.content.decode()
    assert 'value="9"' in response.content.decode()


def test_it_refuses_changes_after_submission(assessment, focal_a) -> None:  # type: ignore[no-untyped-def]
    Assessment.objects.filter(pk=assessment.pk).update(status=AssessmentStatus.SUBMITTED)
    s = score(assessment, "1.1")
    response = client_for(focal_a).post(
        reverse("par:score_save", args=[s.pk]), {"value": "1", "version": s.version}, **HX
    )
    assert response.status_code == 400
    assert "scores can no longer be changed" in response.content.decode()
    s.refresh_from_db()
    assert s.self_points is None
    page = client_for(focal_a).get(reverse("par:assessment_detail", args=[assessment.pk])).content.decode()
    assert 'data-testid="read-only"' in page and 'data-testid="score-form"' not in page


def test_it_hides_another_units_assessment(assessment, focal_b) -> None:  # type: ignore[no-untyped-def]
    s = score(assessment, "1.1")
    client = client_for(focal_b)
    assert client.get(reverse("par:assessment_detail", args=[assessment.pk])).status_code == 404
    assert (
        client.post(reverse("par:score_save", args=[s.pk]), {"value": "1", "version": s.version}, **HX).status_code
        == 404
    )
    assert client.post(reverse("par:assessment_submit", args=[assessment.pk])).status_code == 404
    s.refresh_from_db()
    assert s.self_points is None


def test_it_guards_the_score_endpoint(assessment, secretariat, leader, focal_a) -> None:  # type: ignore[no-untyped-def]
    s = score(assessment, "1.1")
    url = reverse("par:score_save", args=[s.pk])
    assert client_for(secretariat).post(url, {"value": "1"}).status_code == 403  # sees it, may not edit
    assert client_for(leader).post(url, {"value": "1"}).status_code == 403
    assert client_for(focal_a).post(reverse("par:score_save", args=[s.pk + 999]), {"value": "1"}).status_code == 404
    assert client_for(focal_a).get(url).status_code == 405


def test_it_runs_a_fixed_number_of_queries_whatever_the_number_of_criteria(  # type: ignore[no-untyped-def]
    unit_a, focal_a, django_assert_max_num_queries
) -> None:
    def assessment_with(leaves: int, year: int) -> Assessment:
        spec = [("1", "Lĩnh vực", leaves, None, False, "normal")]
        spec += [
            (f"1.{i}", f"Tiêu chí {i}", 1, {"type": "manual", "step": "0.5"}, True, "normal")
            for i in range(1, leaves + 1)
        ]
        group = group_of(unit_a, code=f"g{year}")
        period = open_period(group, build_set(group, year=year, spec=spec))
        return Assessment.objects.get(period=period)

    small, large = assessment_with(10, 2024), assessment_with(40, 2025)
    client = client_for(focal_a)
    client.get(reverse("par:assessment_detail", args=[small.pk]))
    counts = []
    for assessment in (small, large):
        with django_assert_max_num_queries(25) as captured:
            assert client.get(reverse("par:assessment_detail", args=[assessment.pk])).status_code == 200
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]


def test_it_keeps_the_drafts_result_in_step_with_its_page(assessment, focal_a) -> None:  # type: ignore[no-untyped-def]
    from apps.par.models import AssessmentResult
    from apps.par.selectors.figures import assessment_figures

    s = score(assessment, "1.1")
    client_for(focal_a).post(reverse("par:score_save", args=[s.pk]), {"value": "3,5", "version": s.version}, **HX)
    result = AssessmentResult.objects.get(assessment=assessment)
    figures = assessment_figures(assessment)
    assert result.total_points == figures.totals.total == Decimal("3.50")
    assert result.index == figures.totals.index
    s = score(assessment, "1.1")
    client_for(focal_a).post(
        reverse("par:score_save", args=[s.pk]), {"note": "chỉ ghi chú", "version": s.version}, **HX
    )
    assert AssessmentResult.objects.get(assessment=assessment).total_points == Decimal("3.50")
