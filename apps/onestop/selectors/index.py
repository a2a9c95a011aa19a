"""Reads of the real-time service index: the definition in force, each unit's scores for a month
(computed metrics and entered rates through the engine), the ranking, a unit's trend.

A month's scores cost one metric call per indicator source and one query for the entered values,
whatever the number of units (the metrics read the rollups)."""

import calendar
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from apps.core import metrics
from apps.core.input_bounds import MAX_DB_INT
from apps.core.metrics import DateWindow
from apps.onestop.engine import index as engine
from apps.onestop.engine.index import FormulaKind
from apps.onestop.models import IndexDefinition, IndexEnteredValue, IndexIndicator, OnlineMode, Procedure
from apps.onestop.permissions import OnestopAction
from apps.org.models import Unit, UnitKind
from apps.org.permissions import can, scope

COMPUTED = "computed"
ENTERED = "entered"
MISSING = "missing"
LOCAL_KINDS = (UnitKind.COMMUNE, UnitKind.WARD, UnitKind.SPECIAL_ZONE)


# --- months ------------------------------------------------------------------------------------


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_end(month: date) -> date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def month_window(month: date) -> DateWindow:
    return DateWindow(month_start(month), month_end(month))


def add_months(month: date, count: int) -> date:
    index = month.year * 12 + month.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


def months_in(window: DateWindow) -> list[date]:
    months, month = [], month_start(window.start)
    while month <= window.end:
        months.append(month)
        month = add_months(month, 1)
    return months


def parse_month(text: Any, default: date) -> date:
    """ "2026-03" (the month picker's value) -> 1 March 2026; anything else -> `default`."""
    try:
        year, month = (int(part) for part in str(text or "").split("-"))
        return date(year, month, 1) if 2000 <= year <= 2100 else default
    except (TypeError, ValueError):
        return default


# --- the definition -----------------------------------------------------------------------------


def definitions() -> list[IndexDefinition]:
    """Every definition with its indicators in order (two queries)."""
    indicators = IndexIndicator.objects.order_by("order", "pk")
    return list(IndexDefinition.objects.prefetch_related(Prefetch("indicators", queryset=indicators)))


def definition_in_force(month: date, among: list[IndexDefinition] | None = None) -> IndexDefinition | None:
    """The definition valid on the month's last day (the newest one when several are)."""
    last = month_end(month)
    candidates = [
        d
        for d in (among if among is not None else definitions())
        if d.valid_from <= last and (d.valid_to is None or d.valid_to >= month_start(month))
    ]
    return max(candidates, key=lambda d: (d.valid_from, d.pk), default=None)


def definition_get(pk: int) -> IndexDefinition:
    if not 0 < pk <= MAX_DB_INT:
        raise Http404
    found = [d for d in definitions() if d.pk == pk]
    if not found:
        raise Http404
    return found[0]


def indicator_get(pk: int) -> IndexIndicator:
    if not 0 < pk <= MAX_DB_INT:
        raise Http404
    indicator = IndexIndicator.objects.select_related("definition").filter(pk=pk).first()
    if indicator is None:
        raise Http404
    return indicator


def is_computed(indicator: IndexIndicator) -> bool:
    """A module computes the indicator's source (else an officer enters its rate)."""
    return bool(indicator.source) and metrics.get(indicator.source) is not None


def enterable(definition: IndexDefinition) -> list[IndexIndicator]:
    """The indicators whose rate an officer enters (no computed source, not merely tracked)."""
    return [i for i in definition.indicators.all() if i.formula != FormulaKind.TRACKED and not is_computed(i)]


def groups_of(definition: IndexDefinition) -> list[dict[str, Any]]:
    """The indicators by group, in order, with each group's maximum."""
    groups: dict[str, dict[str, Any]] = {}
    for indicator in definition.indicators.all():
        group = groups.setdefault(indicator.group, {"name": indicator.group, "indicators": [], "max": Decimal(0)})
        group["indicators"].append(indicator)
        group["max"] += indicator.max_points
    return list(groups.values())


def max_total(definition: IndexDefinition) -> Decimal:
    return sum((i.max_points for i in definition.indicators.all()), Decimal(0))


# --- units ---------------------------------------------------------------------------------------


def index_units() -> QuerySet[Unit]:
    """Units the index scores: front offices and the agencies of procedures."""
    return (
        Unit.objects.filter(Q(onestop_office__isnull=False) | Q(procedures__isnull=False))
        .distinct()
        .order_by("sort_order", "name")
    )


def index_units_for_user(*, user: Any) -> QuerySet[Unit]:
    return scope(user, OnestopAction.VIEW_STATS, index_units())


def unit_get_for_user(*, user: Any, pk: int) -> Unit:
    """A unit the index scores and the user may see (else 404)."""
    if not 0 < pk <= MAX_DB_INT:
        raise Http404
    unit = index_units_for_user(user=user).filter(pk=pk).first()
    if unit is None or not can(user, OnestopAction.VIEW_STATS, unit):
        raise Http404
    return unit


# --- scores --------------------------------------------------------------------------------------


@dataclass
class IndicatorScore:
    indicator: IndexIndicator
    rate: Decimal | None
    points: Decimal
    origin: str  # COMPUTED, ENTERED or MISSING
    entered: IndexEnteredValue | None = None

    @property
    def percent(self) -> Decimal | None:
        if self.rate is None or self.indicator.formula == FormulaKind.TRACKED:
            return None
        return (self.rate * 100).quantize(Decimal("0.01"))


@dataclass
class UnitScore:
    unit_id: int
    unit_name: str
    month: date
    total: Decimal
    max_total: Decimal
    rank: int | None = None
    indicators: list[IndicatorScore] = field(default_factory=list)

    @property
    def known(self) -> int:
        return sum(1 for s in self.indicators if s.origin != MISSING)


def month_scores(definition: IndexDefinition, month: date, units: list[Unit]) -> list[UnitScore]:
    """Every unit's score for the month, ranked (ties share a rank; best first)."""
    month = month_start(month)
    window = month_window(month)
    unit_ids = [u.pk for u in units]
    indicators = list(definition.indicators.all())
    computed: dict[str, dict[int, Decimal]] = {}
    for source in sorted({i.source for i in indicators if i.source}):
        values = metrics.compute(source, window, unit_ids) if unit_ids else None
        if values is not None:
            computed[source] = values
    entered = {
        (row.indicator_id, row.unit_id): row
        for row in IndexEnteredValue.objects.filter(indicator__definition=definition, month=month, unit_id__in=unit_ids)
    }
    top = max_total(definition)
    scores = []
    for unit in units:
        items = []
        for indicator in indicators:
            row = entered.get((indicator.pk, unit.pk))
            rate: Decimal | None = None
            origin = MISSING
            if indicator.source in computed and unit.pk in computed[indicator.source]:
                rate, origin = computed[indicator.source][unit.pk], COMPUTED
            elif row is not None:
                rate, origin = row.value, ENTERED
            points = engine.indicator_points(indicator.formula, rate, indicator.max_points, indicator.full_at)
            items.append(IndicatorScore(indicator, rate, points, origin, row))
        scores.append(
            UnitScore(unit.pk, unit.name, month, engine.total(s.points for s in items), top, indicators=items)
        )
    ranks = engine.rank({s.unit_id: s.total for s in scores if s.known})
    for s in scores:
        s.rank = ranks.get(s.unit_id)
    return sorted(scores, key=lambda s: (s.rank is None, s.rank or 0, s.unit_name))


def ranking_for_user(*, user: Any, month: date) -> tuple[IndexDefinition | None, list[UnitScore]]:
    definition = definition_in_force(month)
    if definition is None:
        return None, []
    units = list(index_units_for_user(user=user))
    return definition, month_scores(definition, month, units)


def unit_month(unit: Unit, month: date) -> tuple[IndexDefinition | None, UnitScore | None]:
    definition = definition_in_force(month)
    if definition is None:
        return None, None
    return definition, month_scores(definition, month, [unit])[0]


def unit_trend(unit: Unit, last: date, months: int = 12) -> list[tuple[date, Decimal | None]]:
    """The unit's total for each of the `months` months up to `last` (None where no definition)."""
    among = definitions()
    points: list[tuple[date, Decimal | None]] = []
    for step in range(months - 1, -1, -1):
        month = add_months(month_start(last), -step)
        definition = definition_in_force(month, among)
        if definition is None:
            points.append((month, None))
            continue
        score = month_scores(definition, month, [unit])[0]
        points.append((month, score.total if score.known else None))
    return points


def entered_grid(
    definition: IndexDefinition, month: date, units: list[Unit], indicators: list[IndexIndicator] | None = None
) -> list[dict[str, Any]]:
    """Rows of the entered-values grid: per unit, a cell per enterable indicator (or per one of `indicators`)."""
    indicators = enterable(definition) if indicators is None else indicators
    rows = {
        (row.indicator_id, row.unit_id): row
        for row in IndexEnteredValue.objects.filter(
            indicator__in=indicators, month=month_start(month), unit_id__in=[u.pk for u in units]
        )
    }
    return [{"unit": unit, "cells": [_cell(i, rows.get((i.pk, unit.pk))) for i in indicators]} for unit in units]


def _cell(indicator: IndexIndicator, row: IndexEnteredValue | None) -> dict[str, Any]:
    percent = None if row is None else (row.value * 100).normalize()
    return {"indicator": indicator, "row": row, "percent": percent}


# --- metrics this topic computes ------------------------------------------------------------------


def online_procedure_rate(window: DateWindow, unit_ids: list[int]) -> dict[int, Decimal] | None:
    """The share of a unit's procedures in force offered online (entirely or partly), from the
    catalogue as it stands. A commune's own procedures are the commune-level ones (no agency)."""
    by_unit: dict[int, list[int]] = {}
    for agency_id, online in Procedure.objects.filter(is_active=True, agency_id__in=unit_ids).values_list(
        "agency_id", "online_mode"
    ):
        by_unit.setdefault(agency_id, []).append(int(online != OnlineMode.NONE))
    local = list(Unit.objects.filter(pk__in=unit_ids, kind__in=LOCAL_KINDS).values_list("pk", flat=True))
    if local:
        modes = list(
            Procedure.objects.filter(is_active=True, agency__isnull=True).values_list("online_mode", flat=True)
        )
        for unit_id in local:
            by_unit.setdefault(unit_id, []).extend(int(m != OnlineMode.NONE) for m in modes)
    return {unit_id: Decimal(sum(flags)) / Decimal(len(flags)) for unit_id, flags in by_unit.items() if flags}


def service_index(window: DateWindow, unit_ids: list[int]) -> dict[int, Decimal] | None:
    """Points per unit for a window: the mean of its monthly totals (months with a known value)."""
    among = definitions()
    units = list(Unit.objects.filter(pk__in=unit_ids))
    totals: dict[int, list[Decimal]] = {}
    for month in months_in(window):
        definition = definition_in_force(month, among)
        if definition is None:
            continue
        for score in month_scores(definition, month, units):
            if score.known:
                totals.setdefault(score.unit_id, []).append(score.total)
    return {unit_id: value for unit_id, values in totals.items() if (value := engine.mean(values)) is not None}
