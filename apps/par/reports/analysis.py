"""Analysis: where units lost points, a unit's trend, per-criterion columns, the province's name."""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from apps.org.models import Unit, UnitKind
from apps.par.engine import ZERO, Totals, quantize
from apps.par.models import (
    Assessment,
    AssessmentResult,
    PeriodStatus,
    ScoringPeriod,
)
from apps.par.reports.results import predecessors_of
from apps.par.reports.tree import Area, CriterionInfo, LeafScores, Tree, load_leaf_scores, load_tree

# --- analysis ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class LostPoints:
    criterion_id: int
    code: str
    name: str
    area: str
    max_points: Decimal
    self_points: Decimal | None
    final_points: Decimal
    lost: Decimal
    reason: str


@dataclass(frozen=True)
class ProvinceLoss:
    criterion_id: int
    code: str
    name: str
    area: str
    max_points: Decimal
    total_lost: Decimal
    average_lost: Decimal
    units_losing: int
    units_counted: int


def _loss_leaves(tree: Tree) -> list[CriterionInfo]:
    """Leaves of normal areas (bonus and penalty points are not "lost")."""
    normal = {a.id for a in tree.normal_areas}
    return [n for n in tree.nodes if n.id in tree.shape.leaves and n.root_id in normal]


def _area_label(tree: Tree, node: CriterionInfo) -> str:
    root = tree.by_id[node.root_id]
    return f"{root.code}. {root.name}"


def losses_of(scores: LeafScores, assessment_id: int, *, with_reasons: bool = True) -> list[LostPoints]:
    """The criteria where one loaded assessment lost points, largest loss first. No query."""
    tree = scores.tree
    lost: list[LostPoints] = []
    final = scores.final.get(assessment_id, {})
    for node in _loss_leaves(tree):
        if scores.is_excluded(assessment_id, node.id):
            continue
        points = final.get(node.id, ZERO)
        loss = quantize(node.max_points - points)
        if loss <= 0:
            continue
        lost.append(
            LostPoints(
                criterion_id=node.id,
                code=node.code,
                name=node.name,
                area=_area_label(tree, node),
                max_points=node.max_points,
                self_points=scores.self_points.get(assessment_id, {}).get(node.id),
                final_points=points,
                lost=loss,
                reason=scores.reasons.get(assessment_id, {}).get(node.id, "") if with_reasons else "",
            )
        )
    order = {n.id: i for i, n in enumerate(tree.nodes)}
    return sorted(lost, key=lambda item: (-item.lost, order[item.criterion_id]))


def unit_losses(period: ScoringPeriod, assessment_id: int, unit_id: int, tree: Tree | None = None) -> list[LostPoints]:
    """The criteria where one unit lost points, largest loss first. At most four queries."""
    return losses_of(load_leaf_scores(period, [(assessment_id, unit_id)], tree), assessment_id)


def province_losses_of(scores: LeafScores, assessment_ids: Iterable[int]) -> list[ProvinceLoss]:
    """Criteria ranked by the points lost across the loaded assessments. No query."""
    tree = scores.tree
    ids = list(assessment_ids)
    losses: list[ProvinceLoss] = []
    for node in _loss_leaves(tree):
        total, losing, counted = ZERO, 0, 0
        for assessment_id in ids:
            if scores.is_excluded(assessment_id, node.id):
                continue
            counted += 1
            loss = node.max_points - scores.final[assessment_id].get(node.id, ZERO)
            if loss > 0:
                total += loss
                losing += 1
        if losing:
            losses.append(
                ProvinceLoss(
                    criterion_id=node.id,
                    code=node.code,
                    name=node.name,
                    area=_area_label(tree, node),
                    max_points=node.max_points,
                    total_lost=quantize(total),
                    average_lost=quantize(total / counted),
                    units_losing=losing,
                    units_counted=counted,
                )
            )
    order = {n.id: i for i, n in enumerate(tree.nodes)}
    return sorted(losses, key=lambda item: (-item.total_lost, order[item.criterion_id]))


def province_losses(period: ScoringPeriod, tree: Tree | None = None) -> list[ProvinceLoss]:
    """Criteria ranked by the points lost across every unit of the period. At most five queries."""
    pairs = list(Assessment.objects.filter(period=period).values_list("pk", "unit_id"))
    return province_losses_of(load_leaf_scores(period, pairs, tree), [a for a, _u in pairs])


@dataclass(frozen=True)
class TrendPoint:
    year: int
    index: Decimal
    rank: int | None
    unit_name: str


def unit_trend(period: ScoringPeriod, unit_id: int) -> list[TrendPoint]:
    """The unit's index in every published period of its group (a predecessor's for years before a
    merger), plus the period shown when it is not published yet. Two queries."""
    predecessor_ids = predecessors_of([unit_id]).get(unit_id, [])
    candidates = [unit_id, *predecessor_ids]
    rows = AssessmentResult.objects.filter(
        assessment__period__group_id=period.group_id, assessment__unit_id__in=candidates
    ).values_list(
        "assessment__period__year",
        "assessment__period__status",
        "assessment__unit_id",
        "index",
        "rank",
        "assessment__unit__name",
    )
    by_year: dict[int, TrendPoint] = {}
    preference = {uid: i for i, uid in enumerate(candidates)}
    best: dict[int, int] = {}
    for year, status, row_unit, index, rank, name in rows:
        if status != PeriodStatus.PUBLISHED and year != period.year:
            continue
        if year > period.year:
            continue
        if year == period.year and row_unit != unit_id:
            continue
        if year in best and best[year] <= preference[row_unit]:
            continue
        best[year] = preference[row_unit]
        by_year[year] = TrendPoint(year, index, rank, name)
    return [by_year[y] for y in sorted(by_year)]


# --- per-criterion points (the Excel layout) -----------------------------------------------------


@dataclass
class CriterionColumns:
    """Depth-2 criteria grouped under their (normal) area, with each unit's points per node."""

    tree: Tree
    columns: list[tuple[Area, list[CriterionInfo]]]
    totals: dict[int, Totals]  # assessment id -> node totals


def criterion_columns(period: ScoringPeriod) -> CriterionColumns:
    """Five queries."""
    tree = load_tree(period.criteria_set_id)
    pairs = list(Assessment.objects.filter(period=period).values_list("pk", "unit_id"))
    scores = load_leaf_scores(period, pairs, tree)
    columns = [(area, tree.children(area.id)) for area in tree.normal_areas]
    return CriterionColumns(tree, columns, {a: scores.totals(a) for a, _u in pairs})


def province_name() -> tuple[str, str]:
    """(full name, place name) of the province: the root unit of kind province. One query."""
    unit = Unit.objects.filter(kind=UnitKind.PROVINCE, parent__isnull=True).order_by("pk").first()
    if unit is None:
        return "Tỉnh", ""
    place = unit.short_name or unit.name
    for prefix in ("Tỉnh ", "tỉnh ", "Thành phố ", "thành phố "):
        if place.startswith(prefix):
            place = place[len(prefix) :]
    return unit.name, place
