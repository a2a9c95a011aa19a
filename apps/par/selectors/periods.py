"""Reads of the period pages: the user's own assessments in the list, status counts on the
progress page, and the measured values grid."""

from collections.abc import Iterable
from typing import Any

from apps.org.permissions import own_unit_ids
from apps.par.models import Assessment, MeasuredValue, ScoringPeriod, metric_q


def own_assessments_by_period(*, user: Any, periods: Iterable[ScoringPeriod]) -> dict[int, list[Assessment]]:
    """Per period id, the assessments of the user's own units (one query; none without units)."""
    own: dict[int, list[Assessment]] = {}
    period_ids = [p.pk for p in periods]
    units = own_unit_ids(user)
    if units and period_ids:
        for assessment in Assessment.objects.filter(period__in=period_ids, unit_id__in=units).select_related("unit"):
            own.setdefault(assessment.period_id, []).append(assessment)
    return own


def assessment_status_counts(*, period: ScoringPeriod) -> dict[str, int]:
    """How many of the period's assessments are in each status (one query)."""
    counts: dict[str, int] = {}
    for value in period.assessments.values_list("status", flat=True):
        counts[value] = counts.get(value, 0) + 1
    return counts


def period_metric_keys(*, period: ScoringPeriod) -> list[str]:
    """The metric keys the period's criteria score from, sorted."""
    used = set(period.criteria_set.nodes.filter(metric_q()).values_list("method__metric", flat=True))
    return [key for key in sorted(used) if key]


def period_assessments(*, period: ScoringPeriod) -> list[Assessment]:
    """The period's assessments with their units (one query)."""
    return list(period.assessments.select_related("unit"))


def period_assessment_count(*, period: ScoringPeriod) -> int:
    return period.assessments.count()


def period_assessment_of_unit(*, period: ScoringPeriod, unit_id: int) -> Assessment | None:
    return period.assessments.select_related("unit").filter(unit_id=unit_id).first()


def measured_values_by_cell(*, period: ScoringPeriod) -> dict[tuple[int, str], MeasuredValue]:
    """The period's measured values by (unit id, metric key)."""
    return {(v.unit_id, v.metric): v for v in MeasuredValue.objects.filter(period=period)}


def measured_value_get(*, period: ScoringPeriod, unit_id: int, metric: str) -> MeasuredValue | None:
    return MeasuredValue.objects.filter(period=period, unit_id=unit_id, metric=metric).first()
