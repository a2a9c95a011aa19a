"""Read-side queries for PAR results and analysis.

Every function takes a period and returns plain dataclasses, in a fixed number of queries
whatever the number of units: rows are fetched in bulk and joined in Python.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from apps.org.models import Unit, UnitKind
from apps.par.models import (
    Assessment,
    AssessmentResult,
    Criterion,
    CriterionExclusion,
    MeasuredValue,
    NodeKind,
    PeriodStatus,
    Score,
    ScoringPeriod,
)
from apps.par.scoring import ZERO, FromMetric, Node, Totals, parse_method, quantize, roll_up
from apps.par.services.results import FIELDS as RESULT_FIELDS
from apps.par.services.results import SetShape, final_leaf_points

# Band colours, best band first (Bootstrap's success, primary, info, warning, danger, then greys).
BAND_COLOURS = ["#198754", "#0d6efd", "#0dcaf0", "#fd7e14", "#dc3545", "#6c757d", "#adb5bd"]
BAND_CLASSES = ["success", "primary", "info", "warning", "danger", "secondary", "light"]


def _dec(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    return Decimal(str(value))


def band_colours(period: ScoringPeriod) -> dict[str, str]:
    """Colour per band label, the best band first."""
    ordered = sorted(period.bands or [], key=lambda b: -float(b["min"]))
    return {str(b["label"]): BAND_COLOURS[min(i, len(BAND_COLOURS) - 1)] for i, b in enumerate(ordered)}


def band_classes(period: ScoringPeriod) -> dict[str, str]:
    """Bootstrap colour name per band label (for badges: text-bg-<name>)."""
    ordered = sorted(period.bands or [], key=lambda b: -float(b["min"]))
    return {str(b["label"]): BAND_CLASSES[min(i, len(BAND_CLASSES) - 1)] for i, b in enumerate(ordered)}


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
    final: dict[int, dict[int, Decimal]]  # assessment id -> leaf id -> final points
    self_points: dict[int, dict[int, Decimal | None]]
    appraised: dict[int, dict[int, Decimal | None]]  # latest appraisal (round 2, else round 1)
    reasons: dict[int, dict[int, str]]
    notes: dict[int, dict[int, str]]
    excluded: dict[int, set[int]]  # assessment id -> excluded node ids (as declared)
    exclusion_reasons: dict[int, dict[int, str]]

    def is_excluded(self, assessment_id: int, node_id: int) -> bool:
        skip = self.excluded.get(assessment_id, set())
        return bool(skip) and any(n in skip for n in self.tree.ancestors_and_self(node_id))

    def totals(self, assessment_id: int) -> Totals:
        return roll_up(self.tree.shape.nodes, self.final.get(assessment_id, {}), self.excluded.get(assessment_id, ()))


def load_leaf_scores(
    period: ScoringPeriod, assessments: Iterable[tuple[int, int]], tree: Tree | None = None
) -> LeafScores:
    """`assessments` are (assessment id, unit id) pairs of the period. Three queries (four with the tree)."""
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

    final: dict[int, dict[int, Decimal]] = {}
    for assessment_id in assessment_ids:
        unit_rows = rows.get(assessment_id, {})
        unit_measured = measured.get(unit_of[assessment_id], {})
        final[assessment_id] = {
            leaf: final_leaf_points(tree.shape, leaf, unit_rows.get(leaf), unit_measured) for leaf in tree.shape.leaves
        }
    return LeafScores(tree, final, self_points, appraised, reasons, notes, excluded, exclusion_reasons)


# --- results table --------------------------------------------------------------------------


@dataclass
class ResultRow:
    assessment_id: int
    unit_id: int
    unit_name: str
    status: str
    status_label: str
    has_result: bool
    self_points: Decimal = ZERO
    appraised_points: Decimal = ZERO
    measured_points: Decimal = ZERO
    survey_points: Decimal = ZERO
    bonus_points: Decimal = ZERO
    penalty_points: Decimal = ZERO
    total_points: Decimal = ZERO
    max_points: Decimal = ZERO
    index: Decimal = ZERO
    rank: int | None = None
    band: str = ""
    band_colour: str = ""
    band_class: str = "secondary"
    area_points: dict[int, Decimal] = field(default_factory=dict)
    area_max: dict[int, Decimal] = field(default_factory=dict)
    area_index: dict[int, Decimal | None] = field(default_factory=dict)
    area_list: list[Decimal | None] = field(default_factory=list)  # sub-indices of the normal areas, in order
    previous_index: Decimal | None = None
    previous_rank: int | None = None
    compared_with: str = ""  # the predecessor's name when last year's figure is a predecessor's

    @property
    def index_change(self) -> Decimal | None:
        return None if self.previous_index is None or not self.has_result else self.index - self.previous_index

    @property
    def rank_change(self) -> int | None:
        """Places gained since last year (positive = moved up)."""
        if self.previous_rank is None or self.rank is None:
            return None
        return self.previous_rank - self.rank

    @property
    def rank_change_abs(self) -> int | None:
        change = self.rank_change
        return None if change is None else abs(change)

    def area_indices(self, areas: list[Area]) -> list[Decimal | None]:
        return [self.area_index.get(a.id) for a in areas]


@dataclass
class ResultsTable:
    period: ScoringPeriod
    areas: list[Area]  # every root of the set
    rows: list[ResultRow]
    previous_period: ScoringPeriod | None = None

    @property
    def normal_areas(self) -> list[Area]:
        return [a for a in self.areas if a.kind == NodeKind.NORMAL]

    @property
    def scored(self) -> list[ResultRow]:
        return [r for r in self.rows if r.has_result]

    def average_index(self) -> Decimal | None:
        rows = self.scored
        return quantize(sum((r.index for r in rows), ZERO) / len(rows)) if rows else None

    def area_averages(self) -> dict[int, Decimal | None]:
        averages: dict[int, Decimal | None] = {}
        for area in self.areas:
            values = [v for r in self.scored if (v := r.area_index.get(area.id)) is not None]
            averages[area.id] = quantize(sum(values, ZERO) / len(values)) if values else None
        return averages

    def row_for_unit(self, unit_id: int) -> ResultRow | None:
        return next((r for r in self.rows if r.unit_id == unit_id), None)


def _areas(criteria_set_id: int) -> list[Area]:
    return [
        Area(pk, code, name, kind, maximum)
        for pk, code, name, kind, maximum in Criterion.objects.filter(
            criteria_set_id=criteria_set_id, parent__isnull=True
        )
        .order_by("sort_order", "code")
        .values_list("pk", "code", "name", "kind", "max_points")
    ]


def _result_rows(period: ScoringPeriod, areas: list[Area]) -> list[ResultRow]:
    """One query: the period's assessments with their unit and stored result."""
    colours = band_colours(period)
    classes = band_classes(period)
    rows = []
    for assessment in Assessment.objects.filter(period=period).select_related("unit", "result"):
        result: AssessmentResult | None = getattr(assessment, "result", None)
        row = ResultRow(
            assessment_id=assessment.pk,
            unit_id=assessment.unit_id,
            unit_name=assessment.unit.name,
            status=assessment.status,
            status_label=str(assessment.get_status_display()),
            has_result=result is not None,
        )
        if result is not None:
            for name in RESULT_FIELDS:
                if name != "areas":
                    setattr(row, name, getattr(result, name))
            row.band_colour = colours.get(result.band, "")
            row.band_class = classes.get(result.band, "secondary")
            for area in areas:
                data = (result.areas or {}).get(str(area.id)) or {}
                row.area_points[area.id] = _dec(data.get("points")) or ZERO
                row.area_max[area.id] = _dec(data.get("max")) or ZERO
                row.area_index[area.id] = _dec(data.get("index"))
            row.area_list = [row.area_index.get(a.id) for a in areas if a.kind == NodeKind.NORMAL]
        rows.append(row)
    return rows


def _sort_rows(rows: list[ResultRow], sort: str = "rank") -> list[ResultRow]:
    def by_rank(r: ResultRow) -> tuple[int, str]:
        return (r.rank if r.rank is not None else 10**9, r.unit_name)

    if sort == "-rank":
        return sorted(rows, key=lambda r: (r.rank is None, -(r.rank or 0), r.unit_name))
    if sort == "unit":
        return sorted(rows, key=lambda r: r.unit_name)
    return sorted(rows, key=by_rank)


def previous_period_of(period: ScoringPeriod) -> ScoringPeriod | None:
    """Last year's published period of the same group. One query."""
    return (
        ScoringPeriod.objects.filter(group_id=period.group_id, year=period.year - 1, status=PeriodStatus.PUBLISHED)
        .order_by("-pk")
        .first()
    )


def _predecessors(unit_ids: Iterable[int]) -> dict[int, list[int]]:
    """Unit id -> its predecessors' ids, in their display order. One query."""
    through = Unit.predecessors.through
    found: dict[int, list[int]] = defaultdict(list)
    for from_id, to_id in (
        through.objects.filter(from_unit_id__in=list(unit_ids))
        .order_by("to_unit__sort_order", "to_unit__name")
        .values_list("from_unit_id", "to_unit_id")
    ):
        found[from_id].append(to_id)
    return found


def _attach_previous(period: ScoringPeriod, rows: list[ResultRow]) -> ScoringPeriod | None:
    """Last year's index and rank of each unit, or of its scored predecessor for a merged unit. Three queries."""
    previous = previous_period_of(period)
    if previous is None:
        return None
    last_year: dict[int, tuple[Decimal, int | None, str]] = {
        unit_id: (index, rank, name)
        for unit_id, index, rank, name in AssessmentResult.objects.filter(assessment__period=previous).values_list(
            "assessment__unit_id", "index", "rank", "assessment__unit__name"
        )
    }
    missing = [r.unit_id for r in rows if r.unit_id not in last_year]
    predecessors = _predecessors(missing) if missing else {}
    for row in rows:
        found = last_year.get(row.unit_id)
        if found is None:
            for predecessor_id in predecessors.get(row.unit_id, []):
                if predecessor_id in last_year:
                    found = last_year[predecessor_id]
                    row.compared_with = found[2]
                    break
        if found is not None:
            row.previous_index, row.previous_rank = found[0], found[1]
    return previous


def results_table(period: ScoringPeriod, *, sort: str = "rank", with_previous: bool = True) -> ResultsTable:
    """The results page: one row per unit with last year's comparison. At most five queries."""
    areas = _areas(period.criteria_set_id)
    rows = _result_rows(period, areas)
    previous = _attach_previous(period, rows) if with_previous else None
    return ResultsTable(period, areas, _sort_rows(rows, sort), previous)


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


def losses_of(scores: LeafScores, assessment_id: int) -> list[LostPoints]:
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
                reason=scores.reasons.get(assessment_id, {}).get(node.id, ""),
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
    predecessor_ids = _predecessors([unit_id]).get(unit_id, [])
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


# --- chart data (JSON-ready, for `json_script` and static/js/par-charts.js) ----------------------


def _num(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def ranking_chart(table: ResultsTable) -> dict[str, Any]:
    """Index by unit, best first, coloured by band."""
    rows = sorted(table.scored, key=lambda r: (r.rank or 10**9, r.unit_name))
    return {
        "units": [r.unit_name for r in rows],
        "values": [_num(r.index) for r in rows],
        "colours": [r.band_colour or "#6c757d" for r in rows],
        "bands": [r.band for r in rows],
        "ranks": [r.rank for r in rows],
    }


def radar_chart(
    table: ResultsTable, unit_id: int, *, average_label: str = "", with_average: bool = True
) -> dict[str, Any] | None:
    """The unit's area indices against its group's average."""
    row = table.row_for_unit(unit_id)
    areas = table.normal_areas
    if row is None or not row.has_result or not areas:
        return None
    series = [{"name": row.unit_name, "values": [_num(v) or 0 for v in row.area_indices(areas)]}]
    if with_average:
        averages = table.area_averages()
        series.append({"name": average_label, "values": [_num(averages[a.id]) or 0 for a in areas]})
    return {"indicators": [{"name": a.short, "max": 100} for a in areas], "series": series}


def heatmap_chart(table: ResultsTable) -> dict[str, Any]:
    """Area × unit sub-index; units ordered by rank."""
    areas = table.normal_areas
    rows = sorted(table.scored, key=lambda r: (r.rank or 10**9, r.unit_name))
    cells = [
        [x, y, _num(row.area_index.get(area.id))]
        for y, row in enumerate(rows)
        for x, area in enumerate(areas)
        if row.area_index.get(area.id) is not None
    ]
    return {"areas": [a.short for a in areas], "units": [r.unit_name for r in rows], "values": cells}


def trend_chart(points: list[TrendPoint], name: str) -> dict[str, Any]:
    return {"name": name, "years": [str(p.year) for p in points], "values": [_num(p.index) for p in points]}
