"""Builders shared by the results, analysis, export and public-page tests (no tests here).

The hand-computed scenario on factories.SMALL_SET (areas 1 = 10 points, 2 = 5 points, bonus 2, penalty 2):

unit A: self 1.1=4, 1.2=3, 1.3=3, 2.2=2, 9.1=1, 10.1=0.5; first appraisal 1.1 → 2 ("Kế hoạch ban hành
        muộn"); second appraisal 1.3 → 1.5 ("Kiểm tra chưa đủ đơn vị"); on-time rate 0.9 → 2.1 = 2.7.
        Area 1 = 2 + 3 + 1.5 = 6.5; area 2 = 2.7 + 2 = 4.7; bonus 1, penalty 0.5;
        total = 11.2 + 1 - 0.5 = 11.7 of 15 → 78.00 % ("Khá"); self 12, appraised 8.5, measured 2.7.
unit B: self 1.1=4, 1.2=3, 1.3=3, 2.2=2; no appraisal, no measured value (2.1 = 0).
        Area 1 = 10, area 2 = 2; total 12 of 15 → 80.00 % ("Tốt"), rank 1.
"""

from decimal import Decimal
from typing import Any

from apps.org.models import Unit
from apps.org.tests.factories import UnitFactory
from apps.par.models import Assessment, AssessmentStatus, MeasuredValue, PeriodStatus, Score, ScoringPeriod
from apps.par.services.results import results_recompute
from apps.par.tests.factories import build_set, group_of, open_period

D = Decimal

# One area of 10 points with one manual leaf: index = points × 10.
SIMPLE_SET: list[tuple[Any, ...]] = [
    ("1", "Công tác chỉ đạo, điều hành", 10, None, False, "normal"),
    ("1.1", "Kế hoạch CCHC năm", 10, {"type": "manual", "step": "0.25"}, False, "normal"),
]


def set_scores(assessment: Assessment, **by_code: dict[str, Any]) -> None:
    """set_scores(a, **{"1.1": {"self_points": D("4")}})"""
    for code, fields in by_code.items():
        Score.objects.filter(assessment=assessment, criterion__code=code).update(**fields)


def small_scenario(unit_a: Unit, unit_b: Unit, *, year: int = 2025) -> ScoringPeriod:
    group = group_of(unit_a, unit_b)
    criteria_set = build_set(group, year=year)
    period = open_period(group, criteria_set)
    a = Assessment.objects.get(period=period, unit=unit_a)
    b = Assessment.objects.get(period=period, unit=unit_b)
    set_scores(
        a,
        **{
            "1.1": {"self_points": D("4"), "round1_points": D("2"), "round1_reason": "Kế hoạch ban hành muộn"},
            "1.2": {"self_points": D("3")},
            "1.3": {
                "self_points": D("3"),
                "round1_points": D("2"),
                "round1_reason": "Chưa kiểm tra",
                "round2_points": D("1.5"),
                "round2_reason": "Kiểm tra chưa đủ đơn vị",
            },
            "2.2": {"self_points": D("2")},
            "9.1": {"self_points": D("1")},
            "10.1": {"self_points": D("0.5")},
        },
    )
    set_scores(
        b,
        **{
            "1.1": {"self_points": D("4")},
            "1.2": {"self_points": D("3")},
            "1.3": {"self_points": D("3")},
            "2.2": {"self_points": D("2")},
        },
    )
    MeasuredValue.objects.create(
        period=period, unit=unit_a, metric="directives.on_time_rate", value=D("0.9"), source_note="Hệ thống một cửa"
    )
    # A's appraisal rounds count once concluded (stage "after round 2"); B stays at its own scores.
    Assessment.objects.filter(pk=a.pk).update(status=AssessmentStatus.APPRAISED)
    results_recompute(period=period)
    return period


def publish(period: ScoringPeriod) -> ScoringPeriod:
    """Mark a period finalised and published without walking the workflow."""
    Assessment.objects.filter(period=period).update(status=AssessmentStatus.FINALISED)
    results_recompute(period=period)
    ScoringPeriod.objects.filter(pk=period.pk).update(status=PeriodStatus.PUBLISHED)
    period.refresh_from_db()
    return period


def simple_period(units: list[Unit], points: list[str], *, year: int = 2025, group: Any = None) -> ScoringPeriod:
    """A period on SIMPLE_SET where unit i self-scores points[i] (index = points × 10)."""
    group = group or group_of(*units, code=f"nhom-{year}-{len(units)}")
    criteria_set = build_set(group, year=year, spec=SIMPLE_SET)
    period = open_period(group, criteria_set)
    for unit, value in zip(units, points, strict=True):
        assessment = Assessment.objects.get(period=period, unit=unit)
        set_scores(assessment, **{"1.1": {"self_points": D(value)}})
    results_recompute(period=period)
    return period


def many_units(province: Unit, count: int) -> list[Unit]:
    return [UnitFactory(parent=province) for _ in range(count)]


def scaled_period(province: Unit, count: int) -> ScoringPeriod:
    """`count` units on SMALL_SET with varied scores, reasons and a measured value each, plus a
    published period last year (so the comparison path runs)."""
    units = many_units(province, count)
    group = group_of(*units, code=f"scale-{count}")
    last = open_period(group, build_set(group, year=2024))
    publish(last)
    period = open_period(group, build_set(group, year=2025))
    for i, assessment in enumerate(Assessment.objects.filter(period=period)):
        set_scores(
            assessment,
            **{
                "1.1": {"self_points": D(i % 5), "round1_points": D(i % 4), "round1_reason": f"Lý do {i}"},
                "1.2": {"self_points": D("2")},
                "2.2": {"self_points": D("2")},
            },
        )
        MeasuredValue.objects.create(
            period=period, unit_id=assessment.unit_id, metric="directives.on_time_rate", value=D("0.5"), source_note="x"
        )
    Assessment.objects.filter(period=period).update(status=AssessmentStatus.APPRAISED)  # round 1 counts
    results_recompute(period=period)
    return period
