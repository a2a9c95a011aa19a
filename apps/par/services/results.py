"""Computes every unit's result in a period in a fixed number of queries, then ranks and bands."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction

from apps.par.engine import (
    ZERO,
    AssessmentTotals,
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
    stage_of,
    stage_points,
)
from apps.par.engine.tree import Totals
from apps.par.engine.workflow import Stage
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
    shape: SetShape,
    leaf_id: int,
    row: tuple[Any, ...] | None,
    measured: dict[str, Decimal],
    stage: str = Stage.FINAL,
) -> Decimal:
    """The points a leaf counts for at `stage` (apps.par.engine.workflow.stage_points): measured for
    metric criteria (0 until the value is entered), else the latest concluded round's, else the unit's."""
    node_max = next(n.max_points for n in shape.nodes if n.id == leaf_id) if row is None else row[-1]
    if leaf_id in shape.metric_leaves:
        value = measured.get(shape.metric_leaves[leaf_id])
        return points_for(shape.methods[leaf_id], node_max, value) if value is not None else ZERO
    if row is None:
        return ZERO
    chosen = stage_points(stage, row[0], row[1], row[2])
    return clamp(chosen, node_max) if chosen is not None else ZERO


@dataclass(frozen=True)
class StageTotals:
    """An assessment's figures at a stage: what every page, document and the stored result show."""

    stage: str
    totals: AssessmentTotals  # the survey counted only once its index is known
    tree: Totals  # every node's points and applicable maximum at the stage
    self_points: Decimal  # the normal areas with the unit's own scores (measured criteria left out)
    appraised_points: Decimal  # the normal areas at the stage, measured criteria left out
    measured_points: Decimal
    measured_pending: bool  # an applicable measured criterion has no value yet (it counts 0)
    survey_pending: bool  # the period has a survey share and the unit's survey index is not known yet


def _applicable(shape: SetShape, leaf_id: int, skip: set[int]) -> bool:
    if not skip:
        return True
    parent_of = {n.id: n.parent_id for n in shape.nodes}
    current: int | None = leaf_id
    while current is not None:
        if current in skip:
            return False
        current = parent_of.get(current)
    return True


def stage_totals(
    shape: SetShape,
    stage: str,
    rows: dict[int, tuple[Any, ...]],
    measured: dict[str, Decimal],
    skip: set[int],
    caps: Caps,
) -> StageTotals:
    """One assessment's figures at `stage`, from its score rows (self, round 1, round 2, max) and
    its unit's measured values. Pure; `compute_period` and the pages' selector both call it."""
    points = {leaf: final_leaf_points(shape, leaf, rows.get(leaf), measured, stage) for leaf in shape.leaves}
    without_metrics = {leaf: p for leaf, p in points.items() if leaf not in shape.metric_leaves}
    own = {leaf: clamp(rows[leaf][0], rows[leaf][-1]) for leaf in shape.leaves if leaf in rows and rows[leaf][0]}
    own = {leaf: p for leaf, p in own.items() if leaf not in shape.metric_leaves}
    tree = roll_up(shape.nodes, points, skip)
    survey_index = measured.get(SURVEY_INDEX)
    with_survey = caps.survey_points > 0 and survey_index is not None
    summed = assessment_totals(shape.roots, tree, caps, survey_index=survey_index, with_survey=with_survey)
    appraised = assessment_totals(shape.roots, roll_up(shape.nodes, without_metrics, skip), caps, with_survey=False)
    self_total = assessment_totals(shape.roots, roll_up(shape.nodes, own, skip), caps, with_survey=False)
    pending = any(
        metric not in measured and _applicable(shape, leaf, skip) for leaf, metric in shape.metric_leaves.items()
    )
    return StageTotals(
        stage=stage,
        totals=summed,
        tree=tree,
        self_points=self_total.points,
        appraised_points=appraised.points,
        measured_points=quantize(summed.points - appraised.points),
        measured_pending=pending,
        survey_pending=caps.survey_points > 0 and survey_index is None,
    )


def _load_rows(
    period: ScoringPeriod, shape: SetShape, assessment_ids: list[int] | None = None
) -> tuple[dict[int, dict[int, tuple[Any, ...]]], dict[int, bool]]:
    """Score rows per assessment, and whether each held a second round."""
    maxima = {n.id: n.max_points for n in shape.nodes}
    scores = Score.objects.filter(assessment__period=period)
    if assessment_ids is not None:
        scores = scores.filter(assessment_id__in=assessment_ids)
    score_rows: dict[int, dict[int, tuple[Any, ...]]] = defaultdict(dict)
    second_round: dict[int, bool] = defaultdict(bool)
    for assessment_id, criterion_id, self_points, round1, round2 in scores.values_list(
        "assessment_id", "criterion_id", "self_points", "round1_points", "round2_points"
    ):
        if criterion_id not in maxima:
            continue
        score_rows[assessment_id][criterion_id] = (self_points, round1, round2, maxima[criterion_id])
        if round2 is not None:
            second_round[assessment_id] = True
    return score_rows, second_round


def period_stage_totals(
    period: ScoringPeriod,
    shape: SetShape | None = None,
    assessment_ids: list[int] | None = None,
    *,
    stage: str | None = None,
) -> dict[int, StageTotals]:
    """Every assessment's figures at its stage (or only `assessment_ids`'), keyed by assessment id.
    `stage`: the figures at that stage instead (the appraisal page's "if the round ended now").
    A fixed number of queries."""
    shape = shape or load_shape(period.criteria_set_id)
    assessments = period.assessments.all()
    if assessment_ids is not None:
        assessments = assessments.filter(pk__in=assessment_ids)
    pairs = list(assessments.values_list("pk", "unit_id", "status"))
    unit_ids = {u for _a, u, _s in pairs}
    excluded: dict[int, set[int]] = defaultdict(set)
    for unit_id, criterion_id in CriterionExclusion.objects.filter(
        criterion__criteria_set_id=period.criteria_set_id, unit_id__in=unit_ids
    ).values_list("unit_id", "criterion_id"):
        excluded[unit_id].add(criterion_id)
    measured: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for unit_id, metric, value in MeasuredValue.objects.filter(period=period, unit_id__in=unit_ids).values_list(
        "unit_id", "metric", "value"
    ):
        measured[unit_id][metric] = value
    score_rows, second_round = _load_rows(period, shape, [a for a, _u, _s in pairs])
    caps = period_caps(period)
    return {
        assessment_id: stage_totals(
            shape,
            stage or stage_of(status, second_round_held=second_round[assessment_id]),
            score_rows.get(assessment_id, {}),
            measured.get(unit_id, {}),
            excluded.get(unit_id, set()),
            caps,
        )
        for assessment_id, unit_id, status in pairs
    }


def _result_values(period: ScoringPeriod, figures: StageTotals, roots: list[Node]) -> dict[str, Any]:
    summed = figures.totals
    index = summed.index if summed.index is not None else ZERO
    return {
        "self_points": figures.self_points,
        "appraised_points": figures.appraised_points,
        "measured_points": figures.measured_points,
        "survey_points": summed.survey,
        "bonus_points": summed.bonus,
        "penalty_points": summed.penalty,
        "total_points": summed.total,
        "max_points": summed.maximum,
        "index": index,
        "band": band_for(index, period.bands),
        "areas": {
            str(root.id): {
                "points": str(figures.tree.points.get(root.id, ZERO)),
                "max": str(figures.tree.maxima.get(root.id, ZERO)),
                "index": None if figures.tree.index(root.id) is None else str(figures.tree.index(root.id)),
            }
            for root in roots
        },
    }


def compute_period(period: ScoringPeriod) -> dict[int, dict[str, Any]]:
    """Results of every assessment at its stage, keyed by assessment id. Pure after its queries."""
    shape = load_shape(period.criteria_set_id)
    results = {
        assessment_id: _result_values(period, figures, shape.roots)
        for assessment_id, figures in period_stage_totals(period, shape).items()
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


@transaction.atomic
def result_refresh(*, assessment: Assessment, rerank: bool = True) -> None:
    """Refresh one assessment's stored result (its stage or a score changed) and the period's ranks.

    `rerank=False` (a unit's own score saved): this row only, so that concurrent autosaves of
    different units never contend for the same rows; a draft is not ranked before publication
    (see `reports.results.stage_ranks`) and the period's ranks follow at the next transition."""
    period = assessment.period
    shape = load_shape(period.criteria_set_id)
    figures = period_stage_totals(period, shape, [assessment.pk])[assessment.pk]
    values = _result_values(period, figures, shape.roots)
    if not rerank:
        AssessmentResult.objects.update_or_create(assessment_id=assessment.pk, defaults=values)
        return
    AssessmentResult.objects.update_or_create(assessment_id=assessment.pk, defaults={**values, "rank": 0})
    results = list(AssessmentResult.objects.filter(assessment__period=period).only("pk", "index", "rank"))
    ranks = competition_ranks({r.pk: r.index for r in results})
    changed = [r for r in results if r.rank != ranks[r.pk]]
    for r in changed:
        r.rank = ranks[r.pk]
    AssessmentResult.objects.bulk_update(changed, ["rank"], batch_size=500)


def assessment_ids(period: ScoringPeriod) -> list[int]:
    return list(Assessment.objects.filter(period=period).values_list("pk", flat=True))
