"""The criteria tree and every leaf's points for a period's assessments, loaded in bulk."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from apps.par.engine import ZERO, FromMetric, Node, Totals, parse_method, roll_up, stage_of
from apps.par.models import (
    Assessment,
    Criterion,
    CriterionExclusion,
    MeasuredValue,
    NodeKind,
    Score,
    ScoringPeriod,
)
from apps.par.services.results import SetShape, final_leaf_points

# --- the criteria tree ----------------------------------------------------------------------


@dataclass(frozen=True)
class CriterionInfo:
    id: int
    parent_id: int | None
    code: str
    name: str
    depth: int
    max_points: Decimal
    kind: str
    root_id: int


@dataclass(frozen=True)
class Area:
    """A root node of the criteria set (lĩnh vực)."""

    id: int
    code: str
    name: str
    kind: str
    max_points: Decimal

    @property
    def label(self) -> str:
        return f"{self.code}. {self.name}"

    @property
    def short(self) -> str:
        words = self.name.split()
        name = " ".join(words[:3]) + ("…" if len(words) > 3 else "")
        return f"{self.code}. {name}"


@dataclass
class Tree:
    """A criteria set loaded once: its nodes in order, its shape for the engine, its areas."""

    nodes: list[CriterionInfo]
    by_id: dict[int, CriterionInfo]
    shape: SetShape
    areas: list[Area]  # every root, in order

    @property
    def normal_areas(self) -> list[Area]:
        return [a for a in self.areas if a.kind == NodeKind.NORMAL]

    def children(self, node_id: int) -> list[CriterionInfo]:
        return [n for n in self.nodes if n.parent_id == node_id]

    def ancestors_and_self(self, node_id: int) -> list[int]:
        chain, current = [], self.by_id.get(node_id)
        while current is not None:
            chain.append(current.id)
            current = self.by_id.get(current.parent_id) if current.parent_id else None
        return chain


def load_tree(criteria_set_id: int) -> Tree:
    """One query."""
    rows = list(
        Criterion.objects.filter(criteria_set_id=criteria_set_id)
        .order_by("sort_order", "code")
        .values_list("pk", "parent_id", "code", "name", "depth", "max_points", "kind", "method")
    )
    parent_of = {pk: parent for pk, parent, *_rest in rows}

    def root_of(pk: int) -> int:
        while parent_of.get(pk):
            pk = parent_of[pk]
        return pk

    infos = [
        CriterionInfo(pk, parent, code, name, depth, maximum, kind, root_of(pk))
        for pk, parent, code, name, depth, maximum, kind, _method in rows
    ]
    nodes = [Node(pk, parent, maximum, kind) for pk, parent, _c, _n, _d, maximum, kind, _m in rows]
    parents = {parent for _pk, parent, *_rest in rows if parent}
    methods = {pk: parse_method(method) for pk, *_rest, method in rows}
    leaves = {pk for pk, *_rest in rows if pk not in parents}
    metric_leaves = {pk: m.metric for pk, m in methods.items() if pk in leaves and isinstance(m, FromMetric)}
    shape = SetShape(nodes, methods, [n for n in nodes if n.parent_id is None], leaves, metric_leaves)
    areas = [Area(i.id, i.code, i.name, i.kind, i.max_points) for i in infos if i.parent_id is None]
    return Tree(infos, {i.id: i for i in infos}, shape, areas)


# --- per-leaf scores of a period ------------------------------------------------------------


@dataclass
class LeafScores:
    """Final points of every leaf of the assessments loaded, with the appraisers' reasons."""

    tree: Tree
    final: dict[int, dict[int, Decimal]]  # assessment id -> leaf id -> points at the assessment's stage
    self_points: dict[int, dict[int, Decimal | None]]
    appraised: dict[int, dict[int, Decimal | None]]  # latest appraisal (round 2, else round 1)
    reasons: dict[int, dict[int, str]]
    notes: dict[int, dict[int, str]]
    excluded: dict[int, set[int]]  # assessment id -> excluded node ids (as declared)
    exclusion_reasons: dict[int, dict[int, str]]

    def is_excluded(self, assessment_id: int, node_id: int) -> bool:
        skip = self.excluded.get(assessment_id, set())
        return bool(skip) and any(n in skip for n in self.tree.ancestors_and_self(node_id))

    def own_points(self, assessment_id: int) -> dict[int, Decimal]:
        """The unit's own points per leaf: its self-score, and the measured points of metric criteria
        (what its self-assessment page shows)."""
        own = {leaf: value or ZERO for leaf, value in self.self_points.get(assessment_id, {}).items()}
        final = self.final.get(assessment_id, {})
        own.update({leaf: final.get(leaf, ZERO) for leaf in self.tree.shape.metric_leaves})
        return own

    def totals(self, assessment_id: int) -> Totals:
        return roll_up(self.tree.shape.nodes, self.final.get(assessment_id, {}), self.excluded.get(assessment_id, ()))


def load_leaf_scores(
    period: ScoringPeriod, assessments: Iterable[tuple[int, int]], tree: Tree | None = None
) -> LeafScores:
    """`assessments` are (assessment id, unit id) pairs of the period. Four queries (five with the tree)."""
    pairs = list(assessments)
    tree = tree or load_tree(period.criteria_set_id)
    assessment_ids = [a for a, _u in pairs]
    unit_ids = {u for _a, u in pairs}
    unit_of = dict(pairs)
    by_unit: dict[int, list[int]] = defaultdict(list)
    for assessment_id, unit_id in pairs:
        by_unit[unit_id].append(assessment_id)

    excluded: dict[int, set[int]] = defaultdict(set)
    exclusion_reasons: dict[int, dict[int, str]] = defaultdict(dict)
    for unit_id, criterion_id, reason in CriterionExclusion.objects.filter(
        criterion__criteria_set_id=period.criteria_set_id, unit_id__in=unit_ids
    ).values_list("unit_id", "criterion_id", "reason"):
        for assessment_id in by_unit[unit_id]:
            excluded[assessment_id].add(criterion_id)
            exclusion_reasons[assessment_id][criterion_id] = reason

    measured: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for unit_id, metric, value in MeasuredValue.objects.filter(period=period, unit_id__in=unit_ids).values_list(
        "unit_id", "metric", "value"
    ):
        measured[unit_id][metric] = value

    rows: dict[int, dict[int, tuple[Any, ...]]] = defaultdict(dict)
    self_points: dict[int, dict[int, Decimal | None]] = defaultdict(dict)
    appraised: dict[int, dict[int, Decimal | None]] = defaultdict(dict)
    reasons: dict[int, dict[int, str]] = defaultdict(dict)
    notes: dict[int, dict[int, str]] = defaultdict(dict)
    maxima = {n.id: n.max_points for n in tree.nodes}
    for assessment_id, criterion_id, own, round1, round2, reason1, reason2, note in Score.objects.filter(
        assessment_id__in=assessment_ids
    ).values_list(
        "assessment_id",
        "criterion_id",
        "self_points",
        "round1_points",
        "round2_points",
        "round1_reason",
        "round2_reason",
        "self_note",
    ):
        if criterion_id not in maxima:
            continue
        rows[assessment_id][criterion_id] = (own, round1, round2, maxima[criterion_id])
        self_points[assessment_id][criterion_id] = own
        appraised[assessment_id][criterion_id] = round2 if round2 is not None else round1
        reasons[assessment_id][criterion_id] = (reason2 or reason1 or "").strip()
        notes[assessment_id][criterion_id] = note

    # Each assessment's points at its stage (apps.par.engine.workflow), as its result counts them.
    status_of = dict(Assessment.objects.filter(pk__in=assessment_ids).values_list("pk", "status"))
    final: dict[int, dict[int, Decimal]] = {}
    for assessment_id in assessment_ids:
        unit_rows = rows.get(assessment_id, {})
        unit_measured = measured.get(unit_of[assessment_id], {})
        held = any(row[2] is not None for row in unit_rows.values())
        stage = stage_of(status_of.get(assessment_id, ""), second_round_held=held)
        final[assessment_id] = {
            leaf: final_leaf_points(tree.shape, leaf, unit_rows.get(leaf), unit_measured, stage)
            for leaf in tree.shape.leaves
        }
    return LeafScores(tree, final, self_points, appraised, reasons, notes, excluded, exclusion_reasons)
