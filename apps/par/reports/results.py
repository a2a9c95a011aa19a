"""The results table of a period: one row per unit, with last year's comparison."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any

from django.utils.translation import pgettext_lazy

from apps.org.models import Unit
from apps.org.permissions import can, own_unit_ids
from apps.par.engine import ZERO, competition_ranks, quantize
from apps.par.models import (
    Assessment,
    AssessmentResult,
    AssessmentStatus,
    Criterion,
    NodeKind,
    PeriodStatus,
    ScoringPeriod,
)
from apps.par.permissions import ParAction
from apps.par.reports.tree import Area
from apps.par.services.results import FIELDS as RESULT_FIELDS

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


# --- stages --------------------------------------------------------------------------------


class Stage(StrEnum):
    """How far an assessment's figures have come, least advanced first. Units are ranked only
    against units at the same stage until the period is published."""

    SELF_ASSESSING = "self_assessing"
    SELF_ASSESSED = "self_assessed"
    ROUND1 = "round1"
    APPRAISED = "appraised"
    FINAL = "final"


STAGE_OF_STATUS = {
    AssessmentStatus.DRAFT: Stage.SELF_ASSESSING,
    AssessmentStatus.SUBMITTED: Stage.SELF_ASSESSED,
    AssessmentStatus.EXPLANATION_REQUESTED: Stage.ROUND1,
    AssessmentStatus.EXPLAINED: Stage.ROUND1,
    AssessmentStatus.APPRAISED: Stage.APPRAISED,
    AssessmentStatus.FINALISED: Stage.FINAL,
}
STAGE_LABELS = {
    Stage.SELF_ASSESSING: pgettext_lazy("assessment stage", "Self-assessing"),
    Stage.SELF_ASSESSED: pgettext_lazy("assessment stage", "Self-assessment submitted"),
    Stage.ROUND1: pgettext_lazy("assessment stage", "After round 1"),
    Stage.APPRAISED: pgettext_lazy("assessment stage", "Appraisal concluded"),
    Stage.FINAL: pgettext_lazy("assessment stage", "Final"),
}
STAGE_ORDER = {stage: order for order, stage in enumerate(Stage)}


def stage_of(status: str) -> Stage:
    """The stage of an assessment in `status` (an unknown status counts as still self-assessing)."""
    return STAGE_OF_STATUS.get(status, Stage.SELF_ASSESSING)  # type: ignore[call-overload]


def stage_ranks(rows: Iterable["ResultRow"]) -> dict[int, int]:
    """Assessment id -> competition rank among the scored rows at the same stage. Rows still
    self-assessing are not ranked: their figures are not complete."""
    by_stage: dict[Stage, dict[int, Decimal]] = defaultdict(dict)
    for row in rows:
        if row.has_result and row.stage != Stage.SELF_ASSESSING:
            by_stage[row.stage][row.assessment_id] = row.index
    ranks: dict[int, int] = {}
    for indices in by_stage.values():
        ranks.update(competition_ranks(indices))
    return ranks


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
    area_cells: list[tuple[str, Decimal | None]] = field(default_factory=list)  # (area code, sub-index), in order
    previous_index: Decimal | None = None
    previous_rank: int | None = None
    compared_with: str = ""  # the predecessor's name when last year's figure is a predecessor's
    detail_visible: bool = True  # notes and appraisers' reasons may be shown (ParAction.VIEW_ASSESSMENT_DETAIL)
    stage_rank: int | None = None  # rank among the units at the same stage (see `stage_ranks`)
    provisional: bool = False  # the period is not published: figures and ranks may still change

    @property
    def stage(self) -> Stage:
        return stage_of(self.status)

    @property
    def stage_label(self) -> str:
        return str(STAGE_LABELS[self.stage])

    @property
    def stage_order(self) -> int:
        return STAGE_ORDER[self.stage]

    @property
    def shown_rank(self) -> int | None:
        """The rank a page shows: the published rank, or before publication the rank among the
        units at the same stage."""
        return self.stage_rank if self.provisional else self.rank

    @property
    def index_change(self) -> Decimal | None:
        if self.previous_index is None or not self.has_result:
            return None
        if self.provisional and self.stage == Stage.SELF_ASSESSING:
            return None  # an unfinished self-assessment says nothing against last year's final index
        return self.index - self.previous_index

    @property
    def rank_change(self) -> int | None:
        """Places gained since last year (positive = moved up); only for a published ranking, the
        only one that ranks the same population as last year's."""
        if self.previous_rank is None or self.rank is None or self.provisional:
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
    def provisional(self) -> bool:
        """Before publication the ranking is provisional and ranks units only within their stage."""
        return self.period.status != PeriodStatus.PUBLISHED

    @property
    def stages(self) -> list[tuple[str, int]]:
        """(stage label, number of units) for each stage present, most advanced first."""
        counts: dict[Stage, int] = defaultdict(int)
        for row in self.rows:
            counts[row.stage] += 1
        return [(str(STAGE_LABELS[s]), counts[s]) for s in reversed(Stage) if counts[s]]

    @property
    def mixed_stages(self) -> bool:
        return len({r.stage for r in self.rows}) > 1

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
            row.area_cells = [(a.code, row.area_index.get(a.id)) for a in areas if a.kind == NodeKind.NORMAL]
        rows.append(row)
    return rows


def rank_order(row: ResultRow) -> tuple[Any, ...]:
    """Sort key of the shown ranking: before publication the most advanced stage first, then the
    rank in it; unranked rows (still self-assessing) by their index."""
    rank = row.shown_rank
    return (-row.stage_order if row.provisional else 0, rank is None, rank or 0, -row.index, row.unit_name)


def _sort_rows(rows: list[ResultRow], sort: str = "rank") -> list[ResultRow]:
    if sort == "-rank":
        return sorted(rows, key=rank_order, reverse=True)
    if sort == "unit":
        return sorted(rows, key=lambda r: r.unit_name)
    if sort == "overall":  # documents and workbooks: the ranking as it would be published
        return sorted(rows, key=lambda r: (r.rank is None, r.rank or 0, r.unit_name))
    return sorted(rows, key=rank_order)


def previous_period_of(period: ScoringPeriod) -> ScoringPeriod | None:
    """Last year's published period of the same group. One query."""
    return (
        ScoringPeriod.objects.filter(group_id=period.group_id, year=period.year - 1, status=PeriodStatus.PUBLISHED)
        .order_by("-pk")
        .first()
    )


def predecessors_of(unit_ids: Iterable[int]) -> dict[int, list[int]]:
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
    predecessors = predecessors_of(missing) if missing else {}
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


def _restrict_to(user: Any, period: ScoringPeriod, rows: list[ResultRow]) -> None:
    """What `user` may read of the rows. Before publication, results are computed from every unit's
    drafts: who may not read all drafts gets no rank and no other unit's figures (a unit's rank
    would tell it how the others scored). Notes and reasons stay with who may read the detail."""
    if not can(user, ParAction.VIEW_RESULTS, period):
        own = own_unit_ids(user)
        for index, row in enumerate(rows):
            row.rank = row.stage_rank = None
            if row.unit_id not in own:
                rows[index] = ResultRow(
                    row.assessment_id,
                    row.unit_id,
                    row.unit_name,
                    row.status,
                    row.status_label,
                    has_result=False,
                    provisional=row.provisional,
                )
    for row in rows:
        shown = Assessment(pk=row.assessment_id, unit_id=row.unit_id, status=row.status, period=period)
        row.detail_visible = can(user, ParAction.VIEW_ASSESSMENT_DETAIL, shown)


def results_table(
    period: ScoringPeriod, *, sort: str = "rank", with_previous: bool = True, user: Any = None
) -> ResultsTable:
    """The results page: one row per unit with last year's comparison. At most five queries.

    With `user`, only what that user may read (see `_restrict_to`)."""
    areas = _areas(period.criteria_set_id)
    rows = _result_rows(period, areas)
    provisional = period.status != PeriodStatus.PUBLISHED
    ranks = stage_ranks(rows)
    for row in rows:
        row.provisional = provisional
        row.stage_rank = ranks.get(row.assessment_id)
    if user is not None:
        _restrict_to(user, period, rows)
    previous = _attach_previous(period, rows) if with_previous else None
    return ResultsTable(period, areas, _sort_rows(rows, sort), previous)
