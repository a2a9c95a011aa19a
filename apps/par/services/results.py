"""Computes every unit's result in a period in a fixed number of queries, then ranks and bands."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction

from apps.par.engine import (
    ZERO,
    Caps,
    FromMetric,
    Node,
    assessment_totals,
    band_for,
    clamp,
    competition_ranks,
    parse_method,
    points_for,
    quantize,
    roll_up,
)
from apps.par.metric_sources import SURVEY_INDEX
from apps.par.models import Assessment, AssessmentResult, CriterionExclusion, MeasuredValue, Score, ScoringPeriod


@dataclass(frozen=True)
class SetShape:
    """A criteria set as the engine needs it, loaded once per computation."""

    nodes: list[Node]
    methods: dict[int, Any]
    roots: list[Node]
    leaves: set[int]
    metric_leaves: dict[int, str]


def load_shape(criteria_set_id: int) -> SetShape:
    from apps.par.models import Criterion

    rows = list(
        Criterion.objects.filter(criteria_set_id=criteria_set_id).values_list(
            "pk", "parent_id", "max_points", "kind", "method"
        )
    )
    nodes = [Node(pk, parent, maximum, kind) for pk, parent, maximum, kind, _method in rows]
    parents = {parent for _pk, parent, *_rest in rows if parent}
    methods = {pk: parse_method(method) for pk, _parent, _max, _kind, method in rows}
    leaves = {pk for pk, *_rest in rows if pk not in parents}
    metric_leaves = {pk: m.metric for pk, m in methods.items() if pk in leaves and isinstance(m, FromMetric)}
    return SetShape(nodes, methods, [n for n in nodes if n.parent_id is None], leaves, metric_leaves)


def period_caps(period: ScoringPeriod) -> Caps:
    return Caps(bonus_cap=period.bonus_cap, penalty_cap=period.penalty_cap, survey_points=period.survey_points)


def final_leaf_points(
    shape: SetShape, leaf_id: int, row: tuple[Any, ...] | None, measured: dict[str, Decimal]
) -> Decimal:
    """The points a leaf counts for: measured for metric criteria, else the latest appraisal, else
    the unit's own score."""
    node_max = next(n.max_points for n in shape.nodes if n.id == leaf_id) if row is None else row[-1]
    if leaf_id in shape.metric_leaves:
        value = measured.get(shape.metric_leaves[leaf_id])
        return points_for(shape.methods[leaf_id], node_max, value) if value is not None else ZERO
    if row is None:
        return ZERO
    self_points, round1, round2 = row[0], row[1], row[2]
    for candidate in (round2, round1, self_points):
        if candidate is not None:
            return clamp(candidate, node_max)
    return ZERO


def compute_period(period: ScoringPeriod) -> dict[int, dict[str, Any]]:
    """Results of every assessment, keyed by assessment id. Pure after its five queries."""
    shape = load_shape(period.criteria_set_id)
    maxima = {n.id: n.max_points for n in shape.nodes}
    assessments = list(period.assessments.values_list("pk", "unit_id"))
    excluded: dict[int, set[int]] = defaultdict(set)
    for unit_id, criterion_id in CriterionExclusion.objects.filter(
        criterion__criteria_set_id=period.criteria_set_id
    ).values_list("unit_id", "criterion_id"):
        excluded[unit_id].add(criterion_id)
    measured: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for unit_id, metric, value in MeasuredValue.objects.filter(period=period).values_list("unit_id", "metric", "value"):
        measured[unit_id][metric] = value
    score_rows: dict[int, dict[int, tuple[Any, ...]]] = defaultdict(dict)
    for assessment_id, criterion_id, self_points, round1, round2 in Score.objects.filter(
        assessment__period=period
    ).values_list("assessment_id", "criterion_id", "self_points", "round1_points", "round2_points"):
        score_rows[assessment_id][criterion_id] = (self_points, round1, round2, maxima[criterion_id])

    caps = period_caps(period)
    results: dict[int, dict[str, Any]] = {}
    for assessment_id, unit_id in assessments:
        rows = score_rows.get(assessment_id, {})
        unit_measured = measured.get(unit_id, {})
        final = {leaf: final_leaf_points(shape, leaf, rows.get(leaf), unit_measured) for leaf in shape.leaves}
        self_only = {leaf: (rows[leaf][0] or ZERO) for leaf in shape.leaves if leaf in rows}
        without_metrics = {leaf: p for leaf, p in final.items() if leaf not in shape.metric_leaves}
        skip = excluded.get(unit_id, set())
        totals = roll_up(shape.nodes, final, skip)
        appraised_totals = roll_up(shape.nodes, without_metrics, skip)
        self_totals = roll_up(shape.nodes, self_only, skip)

        summed = assessment_totals(shape.roots, totals, caps, survey_index=unit_measured.get(SURVEY_INDEX))
        appraised = assessment_totals(shape.roots, appraised_totals, caps, with_survey=False).points
        self_total = assessment_totals(shape.roots, self_totals, caps, with_survey=False).points
        index = summed.index if summed.index is not None else ZERO
        results[assessment_id] = {
            "self_points": self_total,
            "appraised_points": appraised,
            "measured_points": quantize(summed.points - appraised),
            "survey_points": summed.survey,
            "bonus_points": summed.bonus,
            "penalty_points": summed.penalty,
            "total_points": summed.total,
            "max_points": summed.maximum,
            "index": index,
            "band": band_for(index, period.bands),
            "areas": {
                str(root.id): {
                    "points": str(totals.points.get(root.id, ZERO)),
                    "max": str(totals.maxima.get(root.id, ZERO)),
                    "index": None if totals.index(root.id) is None else str(totals.index(root.id)),
                }
                for root in shape.roots
            },
        }
    ranks = competition_ranks({assessment_id: result["index"] for assessment_id, result in results.items()})
    for assessment_id, result in results.items():
        result["rank"] = ranks[assessment_id]
    return results


FIELDS = [
    "self_points",
    "appraised_points",
    "measured_points",
    "survey_points",
    "bonus_points",
    "penalty_points",
    "total_points",
    "max_points",
    "index",
    "rank",
    "band",
    "areas",
]


@transaction.atomic
def results_recompute(*, period: ScoringPeriod) -> int:
    """Refresh the stored results of a period. Idempotent; a fixed number of queries."""
    computed = compute_period(period)
    existing = {r.assessment_id: r for r in AssessmentResult.objects.filter(assessment__period=period)}
    to_create, to_update = [], []
    for assessment_id, values in computed.items():
        row = existing.get(assessment_id)
        if row is None:
            to_create.append(AssessmentResult(assessment_id=assessment_id, **values))
        else:
            for key, value in values.items():
                setattr(row, key, value)
            to_update.append(row)
    AssessmentResult.objects.bulk_create(to_create, batch_size=500)
    AssessmentResult.objects.bulk_update(to_update, FIELDS, batch_size=500)
    return len(computed)


def assessment_ids(period: ScoringPeriod) -> list[int]:
    return list(Assessment.objects.filter(period=period).values_list("pk", flat=True))
