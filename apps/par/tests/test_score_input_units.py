"""Issue 7, scoring input: each method says how its value is typed (percent, ratio, count, yes/no,
points); the page asks in that unit, reads the decimal comma, previews the points from the engine
as the user types, and answers a refused value next to the field with the value and notes kept."""

from datetime import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from apps.par import excel_criteria
from apps.par.engine import Deduction, FixedIfDone, FromMetric, Manual, Proportional, Tier, Tiers, parse_method
from apps.par.engine.methods import (
    InputUnit,
    from_input,
    input_problem,
    input_unit,
    method_to_json,
    points_for,
    preview,
    to_input,
)
from apps.par.forms.criteria import CriterionForm, describe_method
from apps.par.models import Assessment, AssessmentStatus, CriteriaSet, Criterion, Score, ScoringPeriod
from apps.par.services.bulk import ScoreRow, Step, scores_bulk_load
from apps.par.tests.factories import build_set, group_of, open_period
from conftest import client_for

D = Decimal
HX = {"HTTP_HX_REQUEST": "true"}
TIERS = ({"min_ratio": "1", "share": "1"}, {"min_ratio": "0.8", "share": "0.5"})


# --- The engine: units and conversion -------------------------------------------------------------


def test_it_declares_the_input_unit_of_every_method() -> None:
    tiers = (Tier(min_ratio=D("1"), share=D("1")),)
    assert input_unit(Manual()) == InputUnit.POINTS
    assert input_unit(FixedIfDone()) == InputUnit.YES_NO
    assert input_unit(Deduction(per_occurrence=D("0.5"))) == InputUnit.COUNT
    assert input_unit(Tiers(tiers=tiers)) == InputUnit.PERCENT
    assert input_unit(Tiers(tiers=tiers, input="ratio")) == InputUnit.RATIO
    assert input_unit(Proportional(full_at=D("1"), input="ratio")) == InputUnit.RATIO
    assert input_unit(FromMetric(metric="directives.on_time_rate")) == InputUnit.MEASURED
    assert input_unit(parse_method({"type": "sum"})) == InputUnit.NONE


def test_a_rate_stored_before_the_unit_existed_is_typed_as_a_percentage() -> None:
    method = parse_method({"type": "tiers", "tiers": list(TIERS)})
    assert input_unit(method) == InputUnit.PERCENT
    assert method_to_json(method)["input"] == "percent"  # written out explicitly from now on


def test_a_metrics_rate_has_no_input_unit_in_its_json() -> None:
    method = parse_method({"type": "metric", "metric": "a.b", "then": {"type": "proportional", "full_at": "1"}})
    assert "input" not in method_to_json(method)["then"]


def test_it_refuses_an_unknown_input_unit() -> None:
    with pytest.raises(Exception, match="input"):
        parse_method({"type": "proportional", "full_at": "1", "input": "permille"})


rates = st.sampled_from(
    [
        parse_method({"type": "tiers", "tiers": list(TIERS)}),
        parse_method({"type": "tiers", "tiers": list(TIERS), "input": "ratio"}),
        parse_method({"type": "proportional", "full_at": "0.5"}),
        parse_method({"type": "proportional", "full_at": "0.5", "input": "ratio"}),
    ]
)


@given(method=rates, ratio=st.decimals(min_value=D("0"), max_value=D("100"), places=4))
def test_the_typed_value_and_the_engine_value_convert_both_ways(method: Any, ratio: Decimal) -> None:
    typed = to_input(method, ratio)
    assert from_input(method, typed) == ratio
    if input_unit(method) == InputUnit.PERCENT:
        assert typed == ratio * 100
    else:
        assert typed == ratio


@given(
    method=rates,
    maximum=st.decimals(min_value=D("0.25"), max_value=D("20"), places=2),
    ratio=st.decimals(min_value=D("0"), max_value=D("100"), places=4),
)
def test_the_preview_gives_the_points_a_save_would_give(method: Any, maximum: Decimal, ratio: Decimal) -> None:
    shown = preview(method, maximum, to_input(method, ratio))
    assert shown.problem is None
    assert shown.points == points_for(method, maximum, ratio)


def test_95_and_0_95_typed_as_a_percentage_mean_what_they_say() -> None:
    method = parse_method({"type": "tiers", "tiers": [{"min_ratio": "0.95", "share": "1"}, *TIERS[1:]]})
    assert preview(method, D("1.5"), D("95")).points == D("1.50")
    low = preview(method, D("1.5"), D("0.95"))  # 0,95 % is below every tier...
    assert low.points == D("0.00") and low.looks_like_ratio  # ...and the page asks whether 95 % was meant
    assert not preview(method, D("1.5"), D("95")).looks_like_ratio
    ratio = parse_method({"type": "tiers", "tiers": list(TIERS), "input": "ratio"})
    assert (
        preview(ratio, D("1.5"), D("0.95")).points == D("0.75")
        and not preview(ratio, D("1.5"), D("0.95")).looks_like_ratio
    )


@given(
    method=rates,
    maximum=st.decimals(min_value=D("0.25"), max_value=D("20"), places=2),
    ratio=st.decimals(min_value=D("0"), max_value=D("100"), places=4),
)
def test_a_rate_above_100_percent_is_accepted_but_flagged(method: Any, maximum: Decimal, ratio: Decimal) -> None:
    shown = preview(method, maximum, to_input(method, ratio))
    assert shown.problem is None  # some rates do exceed 100 %: never refused...
    assert shown.over_hundred == (ratio > 1)  # ...but the page asks to check it, in either unit


def test_150_typed_as_a_percentage_is_capped_at_full_marks_with_a_hint() -> None:
    method = parse_method({"type": "proportional", "full_at": "0.5"})
    over = preview(method, D("1.5"), D("150"))
    assert over.points == D("1.50") and over.over_hundred and not over.looks_like_ratio
    assert not preview(method, D("1.5"), D("100")).over_hundred  # exactly 100 % is nothing unusual
    assert not preview(Manual(), D("5"), D("4")).over_hundred  # points are not a rate
    assert not preview(Deduction(per_occurrence=D("0.25")), D("1"), D("150")).over_hundred


def test_the_preview_explains_a_refused_value_in_the_methods_unit() -> None:
    manual = Manual(step=D("0.25"))
    assert "between 0 and 0.5" in (preview(manual, D("0.50"), D("5")).problem or "")
    assert preview(manual, D("0.50"), D("5")).points is None
    assert "percentage" in (
        input_problem(parse_method({"type": "proportional", "full_at": "1"}), D("1"), D("1000")) or ""
    )
    ratio = parse_method({"type": "proportional", "full_at": "1", "input": "ratio"})
    assert "ratio" in (preview(ratio, D("1"), D("1000")).problem or "")
    assert "two decimals" in (
        preview(parse_method({"type": "proportional", "full_at": "1"}), D("1"), D("95.125")).problem or ""
    )


# --- The page -----------------------------------------------------------------------------------

SPEC: list[tuple[Any, ...]] = [
    ("1", "Công tác chỉ đạo", 10, None, False, "normal"),
    ("1.1", "Kế hoạch", D("0.5"), {"type": "manual", "step": "0.25"}, False, "normal"),
    ("1.2", "Tỷ lệ nhiệm vụ hoàn thành", D("1.5"), {"type": "tiers", "tiers": list(TIERS)}, True, "normal"),
    ("1.3", "Tỷ lệ văn bản", 1, {"type": "proportional", "full_at": "1", "input": "ratio"}, False, "normal"),
    ("1.4", "Báo cáo muộn", 1, {"type": "deduction", "per_occurrence": "0.25"}, False, "normal"),
    ("2", "Thủ tục hành chính", 2, None, False, "normal"),
    ("2.1", "Hồ sơ đúng hạn", 2, {"type": "metric", "metric": "directives.on_time_rate"}, False, "normal"),
]


@pytest.fixture(autouse=True)
def _before_the_deadline(time_machine: Any) -> None:
    time_machine.move_to(datetime(2026, 1, 10, 9, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=False)


@pytest.fixture
def assessment(unit_a: Any, unit_b: Any, secretariat: Any) -> Assessment:
    group = group_of(unit_a, unit_b)
    period = open_period(group, build_set(group, spec=SPEC), actor=secretariat)
    return Assessment.objects.get(period=period, unit=unit_a)


def score(assessment: Assessment, code: str) -> Score:
    return assessment.scores.select_related("criterion", "assessment__period").get(criterion__code=code)


def preview_of(client: Any, s: Score, typed: str) -> str:
    response = client.get(reverse("par:score_preview", args=[s.pk]), {"value": typed}, **HX)
    assert response.status_code == 200
    return str(response.content.decode())


def save(client: Any, s: Score, **data: str) -> Any:
    return client.post(reverse("par:score_save", args=[s.pk]), {"version": str(s.version), **data}, **HX)


@pytest.mark.django_db
def test_it_asks_for_each_value_in_its_unit(assessment: Assessment, focal_a: Any) -> None:
    body = client_for(focal_a).get(reverse("par:assessment_detail", args=[assessment.pk])).content.decode()
    assert "Rate achieved (%)" in body and "A percentage: 95 means 95 %." in body
    assert "Rate achieved (as a ratio)" in body and "A ratio: 0,95 means 95 %." in body
    assert "From 0 to 0.5, in steps of 0.25." in body and "A whole number." in body
    assert 'type="number"' not in body and 'inputmode="decimal"' in body
    assert "is-invalid" not in body  # nothing is red before the user tried


@pytest.mark.django_db
def test_it_previews_the_points_from_the_engine_as_the_user_types(assessment: Assessment, focal_a: Any) -> None:
    client = client_for(focal_a)
    rate = score(assessment, "1.2")
    assert "= <strong>1.50</strong> / 1.50" in preview_of(client, rate, "100")
    assert "= <strong>0.75</strong> / 1.50" in preview_of(client, rate, "95")
    assert "0.75</strong> / 1.50" in preview_of(client, rate, "85")
    low = preview_of(client, rate, "0,95")
    assert (
        "0.00</strong> / 1.50" in low and 'data-testid="preview-hint"' in low and "If you meant 95 %, type 95." in low
    )
    over = preview_of(client, rate, "150")
    assert "1.50</strong> / 1.50" in over and "Over 100 %: the points cannot exceed 1.50;" in over
    assert "Over 100 %" not in preview_of(client, rate, "100")
    assert "percentage between 0 and 10.000" in preview_of(client, rate, "20000")
    assert "Enter a number" in preview_of(client, rate, "0,9,5")
    assert "0.40</strong> / 1.00" in preview_of(client, score(assessment, "1.3"), "0,4")
    assert "between 0 and 0.5" in preview_of(client, score(assessment, "1.1"), "5")
    assert preview_of(client, rate, "").count("<strong>") == 0
    rate.refresh_from_db()
    assert rate.self_value is None and rate.version == 1  # a preview saves nothing


@pytest.mark.django_db
def test_the_preview_goes_through_the_permission_dispatcher(
    assessment: Assessment, focal_b: Any, appraiser: Any
) -> None:
    rate = score(assessment, "1.2")
    url = reverse("par:score_preview", args=[rate.pk])
    assert client_for(focal_b).get(url, {"value": "95"}, **HX).status_code == 404
    assert client_for(appraiser).get(url, {"value": "95"}, **HX).status_code in (403, 404)
    assert client_for(focal_b).post(url, {"value": "95"}, **HX).status_code == 405


@pytest.mark.django_db
def test_it_saves_the_decimal_comma_and_shows_it_back(assessment: Assessment, focal_a: Any) -> None:
    client = client_for(focal_a)
    rate, ratio = score(assessment, "1.2"), score(assessment, "1.3")
    assert save(client, rate, value="95,5").status_code == 200
    rate.refresh_from_db()
    assert rate.self_value == D("0.955") and rate.self_points == D("0.75")
    answer = save(client, ratio, value="0,4")
    assert answer.status_code == 200 and f'id="v-{ratio.pk}" value="0.4"' in answer.content.decode()
    ratio.refresh_from_db()
    assert ratio.self_value == D("0.4") and ratio.self_points == D("0.40")
    assert save(client, score(assessment, "1.2"), value="100 %").status_code == 200
    assert score(assessment, "1.2").self_points == D("1.50")


@pytest.mark.django_db
def test_a_saved_rate_above_100_percent_keeps_its_hint(assessment: Assessment, focal_a: Any) -> None:
    client = client_for(focal_a)
    rate = score(assessment, "1.2")
    answer = save(client, rate, value="150").content.decode()
    assert "Over 100 %: the points cannot exceed 1.50;" in answer  # in the saved answer...
    page = client.get(reverse("par:assessment_detail", args=[rate.assessment_id])).content.decode()
    assert "Over 100 %: the points cannot exceed 1.50;" in page  # ...and on the page after a reload
    rate.refresh_from_db()
    assert rate.self_value == D("1.5") and rate.self_points == D("1.50")  # accepted, capped


@pytest.mark.django_db
def test_it_answers_a_refused_value_next_to_the_field_keeping_value_and_note(
    assessment: Assessment, focal_a: Any
) -> None:
    s = score(assessment, "1.1")
    response = save(client_for(focal_a), s, value="5", note="Kế hoạch số 12/KH")
    assert response.status_code == 400
    body = response.content.decode()
    assert f'id="err-{s.pk}"' in body and "The score must be between 0 and 0.5." in body
    assert 'value="5"' in body and "Kế hoạch số 12/KH</textarea>" in body and "is-invalid" in body
    garbled = save(client_for(focal_a), s, value="0,2,5", note="x")
    assert garbled.status_code == 400 and "Enter a number" in garbled.content.decode()
    s.refresh_from_db()
    assert s.self_value is None and s.self_note == ""


@pytest.mark.django_db
def test_a_missing_evidence_reason_turns_red_only_after_a_save(assessment: Assessment, focal_a: Any) -> None:
    client = client_for(focal_a)
    rate = score(assessment, "1.2")  # evidence required, none attached
    page = client.get(reverse("par:assessment_detail", args=[assessment.pk])).content.decode()
    assert f'id="r-{rate.pk}"' in page and "is-invalid" not in page
    after = save(client, rate, value="95").content.decode()
    assert f'class="form-control form-control-sm is-invalid" name="no_evidence_reason" id="r-{rate.pk}"' in after


@pytest.mark.django_db
def test_the_measured_values_page_reads_0_95_as_a_ratio(assessment: Assessment, secretariat: Any) -> None:
    period = assessment.period
    response = client_for(secretariat).post(
        reverse("par:measured_set", args=[period.pk]),
        {
            "unit": assessment.unit_id,
            "metric": "directives.on_time_rate",
            "value": "0,95",
            "source_note": "Hệ thống",
            "version": "0",
        },
        **HX,
    )
    assert response.status_code == 200, response.content.decode()
    assert 'value="0.95"' in response.content.decode()  # shown back as typed (the test locale writes a dot)
    assert period.measured_values.get().value == D("0.95")


@pytest.mark.django_db
def test_a_spreadsheet_row_is_read_with_the_same_parser(assessment: Assessment, secretariat: Any) -> None:
    rate = Criterion.objects.get(criteria_set=assessment.period.criteria_set, code="1.2")
    written = scores_bulk_load(
        actor=secretariat, assessment=assessment, step=Step.SELF, rows=[ScoreRow(rate.pk, value="0,85")]
    )
    assert written[0].self_value == D("0.85") and written[0].self_points == D("0.75")
    with pytest.raises(Exception, match="is not a number"):
        scores_bulk_load(
            actor=secretariat, assessment=assessment, step=Step.SELF, rows=[ScoreRow(rate.pk, value="0,8,5")]
        )


@pytest.mark.django_db
def test_the_appraiser_types_points_with_the_decimal_comma_and_is_answered_next_to_the_field(
    assessment: Assessment, appraiser: Any
) -> None:
    Assessment.objects.filter(pk=assessment.pk).update(status=AssessmentStatus.SUBMITTED)
    s = score(assessment, "1.1")  # worth 0,50
    client = client_for(appraiser)
    url = reverse("par:score_appraise", args=[s.pk])
    refused = client.post(url, {"points": "5", "reason": "Thiếu sản phẩm", "version": s.version}, **HX)
    assert refused.status_code == 400
    body = refused.content.decode()
    assert f'id="perr-{s.pk}"' in body and "between 0 and 0.5" in body
    assert 'value="5"' in body and "Thiếu sản phẩm</textarea>" in body
    saved = client.post(url, {"points": "0,4", "reason": "Thiếu sản phẩm", "version": s.version}, **HX)
    assert saved.status_code == 200
    s.refresh_from_db()
    assert s.round1_points == D("0.40")


@pytest.mark.django_db
def test_the_appraiser_sees_the_units_input_in_its_unit(assessment: Assessment, focal_a: Any, appraiser: Any) -> None:
    rate = score(assessment, "1.2")
    save(client_for(focal_a), rate, value="95")
    Assessment.objects.filter(pk=assessment.pk).update(status=AssessmentStatus.SUBMITTED)
    body = client_for(appraiser).get(reverse("par:appraisal_detail", args=[assessment.pk])).content.decode()
    assert 'data-testid="self-input">95 %<' in body


@pytest.mark.django_db
def test_a_periods_points_and_bands_are_typed_with_the_decimal_comma(
    unit_a: Any, unit_b: Any, secretariat: Any
) -> None:
    group = group_of(unit_a, unit_b)
    criteria_set = build_set(group, spec=SPEC)
    data = {
        "year": "2025",
        "group": str(group.pk),
        "criteria_set": str(criteria_set.pk),
        "name": "Chỉ số CCHC năm 2025",
        "self_assessment_deadline": "15/01/2026",
        "appraisal_deadline": "15/02/2026",
        "explanation_deadline": "28/02/2026",
        "survey_points": "0",
        "bonus_cap": "2,5",
        "penalty_cap": "1,25",
        "band_label_0": "Xuất sắc",
        "band_min_0": "90,5",
        "band_label_1": "Yếu",
        "band_min_1": "0",
    }
    client = client_for(secretariat)
    page = client.get(reverse("par:period_create")).content.decode()
    assert 'type="text" name="bonus_cap"' in page and 'type="text" name="band_min_0"' in page
    assert client.post(reverse("par:period_create"), data).status_code == 302
    period = ScoringPeriod.objects.get()
    assert (period.bonus_cap, period.penalty_cap) == (D("2.5"), D("1.25"))
    assert period.bands[0] == {"label": "Xuất sắc", "min": 90.5}


@pytest.mark.django_db
def test_the_criteria_workbook_and_editor_carry_the_input_unit(unit_a: Any, unit_b: Any, secretariat: Any) -> None:
    group = group_of(unit_a, unit_b)
    criteria_set = CriteriaSet.objects.create(year=2030, group=group, name="Bộ tiêu chí 2030")
    tiers = '{"input": "ratio", "tiers": [{"min_ratio": "1", "share": "1"}]}'
    rows = [
        (2, ["1", "Lĩnh vực", 2, "sum", "", "Không", "normal", "", ""]),
        (3, ["1.1", "Tỷ lệ", 2, "tiers", tiers, "Không", "normal", "Nhập tỷ lệ, ví dụ 0,95", ""]),
    ]
    parsed = excel_criteria.parse_rows(criteria_set, rows)
    assert parsed[1]["method"]["input"] == "ratio"
    bad = [rows[0], (3, ["1.1", "Tỷ lệ", 2, "tiers", tiers.replace("ratio", "permille"), "Không", "normal", "", ""])]
    with pytest.raises(Exception, match="3"):
        excel_criteria.parse_rows(criteria_set, bad)

    base = {"code": "1.1", "name": "Tỷ lệ", "max_points": "2", "method_type": "proportional", "full_at": "1"}
    form = CriterionForm({**base, "input_unit": "ratio", "kind": "normal"}, criteria_set=criteria_set)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["method"]["input"] == "ratio"
    assert "typed as a ratio" in describe_method(form.cleaned_data["method"])
    default = CriterionForm({**base, "kind": "normal"}, criteria_set=criteria_set)
    assert default.is_valid() and default.cleaned_data["method"]["input"] == "percent"
