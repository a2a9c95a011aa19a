"""Statistics reads: sums of the rollups (never a scan of the dossiers) plus the dossiers pending "now"
from the indexed Dossier table. The figures come from apps.onestop.engine.stats."""

import calendar as pycalendar
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from apps.core.metrics import DateWindow
from apps.core.workdays import get_calendar
from apps.onestop import engine
from apps.onestop.engine import stats as figures
from apps.onestop.engine.stats import COLUMNS, Counts
from apps.onestop.models import Dossier, DossierRollup, DossierState, Procedure
from apps.onestop.permissions import OnestopAction
from apps.org.models import Unit
from apps.org.permissions import scope, sees_all_units

PERIOD_KINDS = ("month", "quarter", "year", "custom")


@dataclass(frozen=True)
class Period:
    kind: str
    start: date
    end: date
    year: int
    number: int = 0  # the month or the quarter

    @property
    def window(self) -> DateWindow:
        return DateWindow(self.start, self.end)

    @property
    def label(self) -> str:
        if self.kind == "month":
            return _("Month %(month)d/%(year)d") % {"month": self.number, "year": self.year}
        if self.kind == "quarter":
            return _("Quarter %(quarter)d/%(year)d") % {"quarter": self.number, "year": self.year}
        if self.kind == "year":
            return _("Year %(year)d") % {"year": self.year}
        return _("%(start)s to %(end)s") % {
            "start": date_format(self.start, "SHORT_DATE_FORMAT"),
            "end": date_format(self.end, "SHORT_DATE_FORMAT"),
        }


class PeriodError(ValueError):
    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(message)
        self.field = field_name
        self.message = message


def _int(params: Any, name: str, default: int, low: int, high: int, message: str) -> int:
    raw = (params.get(name) or "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise PeriodError(name, message) from None
    if not low <= value <= high:
        raise PeriodError(name, message)
    return value


def _day(params: Any, name: str, message: str) -> date:
    raw = (params.get(name) or "").strip()
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise PeriodError(name, message) from None


def period_from(params: Any, today: date | None = None) -> Period:
    """The period asked for in a query string (period=month|quarter|year|custom, year, month, quarter,
    from, to); this year by default. Bad input raises PeriodError with a message for its field."""
    today = today or timezone.localdate()
    kind = (params.get("period") or "year").strip()
    if kind not in PERIOD_KINDS:
        raise PeriodError("period", _("Choose a month, a quarter, a year or your own dates."))
    year = _int(params, "year", today.year, 2000, 2100, _("Enter a year between 2000 and 2100."))
    if kind == "month":
        month = _int(params, "month", today.month, 1, 12, _("Choose a month from 1 to 12."))
        last = pycalendar.monthrange(year, month)[1]
        return Period(kind, date(year, month, 1), date(year, month, last), year, month)
    if kind == "quarter":
        quarter = _int(params, "quarter", (today.month - 1) // 3 + 1, 1, 4, _("Choose a quarter from 1 to 4."))
        first_month = 3 * (quarter - 1) + 1
        end = date(year, first_month + 2, pycalendar.monthrange(year, first_month + 2)[1])
        return Period(kind, date(year, first_month, 1), end, year, quarter)
    if kind == "year":
        return Period(kind, date(year, 1, 1), date(year, 12, 31), year)
    start = _day(params, "from", _("Enter the first day as dd/mm/yyyy."))
    end = _day(params, "to", _("Enter the last day as dd/mm/yyyy."))
    if end < start:
        raise PeriodError("to", _("The last day must not come before the first day."))
    if (end - start).days > 3660:
        raise PeriodError("to", _("Choose a period of at most ten years."))
    return Period(kind, start, end, start.year)


def local_start(day: date) -> datetime:
    """The first moment of a local (Asia/Ho_Chi_Minh) day."""
    return datetime.combine(day, time.min, tzinfo=get_calendar().tz)


# --- sums of the rollups ---------------------------------------------------------------------------

GROUP_FIELDS = {"unit": "unit_id", "procedure": "procedure_id", "field": "procedure__field", "total": None}


def rollup_counts(
    window: DateWindow,
    unit_ids: list[int] | None = None,
    *,
    by: str = "unit",
    procedure_id: int | None = None,
    field_name: str = "",
) -> dict[Any, Counts]:
    """Summed rollup columns over the window, grouped by unit, procedure, field or in total (key None).
    One query."""
    qs = DossierRollup.objects.filter(day__gte=window.start, day__lte=window.end)
    if unit_ids is not None:
        qs = qs.filter(unit_id__in=unit_ids)
    if procedure_id is not None:
        qs = qs.filter(procedure_id=procedure_id)
    if field_name:
        qs = qs.filter(procedure__field=field_name)
    sums = {c: Sum(c) for c in COLUMNS}
    group = GROUP_FIELDS[by]
    if group is None:
        return {None: Counts.of(qs.aggregate(**sums))}
    return {row[group]: Counts.of(row) for row in qs.values(group).annotate(**sums).order_by()}


@dataclass(frozen=True)
class Pending:
    open: int = 0
    overdue: int = 0


def pending_now(
    unit_ids: list[int] | None = None,
    *,
    by: str = "unit",
    procedure_id: int | None = None,
    field_name: str = "",
    today: date | None = None,
) -> dict[Any, Pending]:
    """Dossiers still open now (received, processing, waiting for supplement) and those past their
    appointment date, from the Dossier indexes (state, due date). One query."""
    today = today or timezone.localdate()
    qs = Dossier.objects.filter(state__in=list(engine.OPEN_STATES))
    if unit_ids is not None:
        qs = qs.filter(resolving_unit_id__in=unit_ids)
    if procedure_id is not None:
        qs = qs.filter(procedure_id=procedure_id)
    if field_name:
        qs = qs.filter(procedure__field=field_name)
    # Waiting for a supplement stops the clock: such a dossier is pending but not overdue.
    overdue = Q(due_date__lt=today) & ~Q(state=DossierState.SUPPLEMENT)
    aggregates = {"n": Count("pk"), "late": Count("pk", filter=overdue)}
    group = {"unit": "resolving_unit_id", "procedure": "procedure_id", "field": "procedure__field"}.get(by)
    if group is None:
        row = qs.aggregate(**aggregates)
        return {None: Pending(row["n"] or 0, row["late"] or 0)}
    return {r[group]: Pending(r["n"], r["late"]) for r in qs.values(group).annotate(**aggregates).order_by()}


# --- the page model --------------------------------------------------------------------------------


@dataclass
class StatRow:
    key: Any
    label: str
    counts: Counts
    pending: Pending
    url_params: dict[str, Any] = field(default_factory=dict)
    code: str = ""

    @property
    def resolved(self) -> int:
        return figures.resolved(self.counts)

    @property
    def on_time_share(self) -> Decimal | None:
        return figures.on_time_share(self.counts)

    @property
    def online_share(self) -> Decimal | None:
        return figures.online_share(self.counts)

    @property
    def postal_share(self) -> Decimal | None:
        return figures.postal_share(self.counts)

    @property
    def average_days(self) -> Decimal | None:
        return figures.average_days(self.counts)

    def percent(self, name: str) -> Decimal | None:
        value = getattr(self, name)
        return None if value is None else value * 100


@dataclass
class StatsPage:
    period: Period
    level: str  # province | unit | procedure
    rows: list[StatRow]
    total: StatRow
    unit: Unit | None = None
    procedure: Procedure | None = None
    field_name: str = ""
    fields: list[str] = field(default_factory=list)
    dossiers: QuerySet[Dossier] | None = None


def stats_units(user: Any) -> QuerySet[Unit]:
    """The units whose statistics the user may see."""
    return scope(user, OnestopAction.VIEW_STATS, Unit.objects.all())


def stats_unit_get_for_user(*, user: Any, pk: Any) -> Unit:
    """A unit whose statistics the user may see; 404 (Unit.DoesNotExist) otherwise."""
    return stats_units(user).get(pk=int(pk))


def _total_row(rows: list[StatRow]) -> StatRow:
    counts, pending = Counts(), Pending()
    for row in rows:
        counts = counts + row.counts
        pending = Pending(pending.open + row.pending.open, pending.overdue + row.pending.overdue)
    return StatRow(None, _("Total"), counts, pending)


def stats_page(
    *,
    user: Any,
    period: Period,
    unit: Unit | None = None,
    procedure: Procedure | None = None,
    field_name: str = "",
) -> StatsPage:
    """Province (a row per resolving unit) → unit (a row per procedure) → procedure (its dossiers).
    A unit-scoped user sees only the units of their scope, also at the province level."""
    window = period.window
    allowed = None if sees_all_units(user) else list(stats_units(user).values_list("pk", flat=True))
    if unit is None:
        counts = rollup_counts(window, allowed, by="unit", field_name=field_name)
        pending = pending_now(allowed, by="unit", field_name=field_name)
        ids = set(counts) | set(pending)
        names = dict(Unit.objects.filter(pk__in=ids).values_list("pk", "name"))
        rows = [
            StatRow(pk, names.get(pk, str(pk)), counts.get(pk, Counts()), pending.get(pk, Pending()), {"unit": pk})
            for pk in ids
        ]
        rows.sort(key=lambda r: r.label)
        level = "province"
    elif procedure is None:
        counts = rollup_counts(window, [unit.pk], by="procedure", field_name=field_name)
        pending = pending_now([unit.pk], by="procedure", field_name=field_name)
        ids = set(counts) | set(pending)
        procedures = {p.pk: p for p in Procedure.objects.filter(pk__in=ids).only("pk", "code", "name", "field")}
        rows = [
            StatRow(
                pk,
                procedures[pk].name if pk in procedures else str(pk),
                counts.get(pk, Counts()),
                pending.get(pk, Pending()),
                {"unit": unit.pk, "procedure": pk},
                procedures[pk].code if pk in procedures else "",
            )
            for pk in ids
        ]
        rows.sort(key=lambda r: (r.code, r.label))
        level = "unit"
    else:
        counts = rollup_counts(window, [unit.pk], by="total", procedure_id=procedure.pk)
        pending = pending_now([unit.pk], by="total", procedure_id=procedure.pk)
        rows = [StatRow(procedure.pk, procedure.name, counts[None], pending[None], code=procedure.code)]
        level = "procedure"
    fields_qs = DossierRollup.objects.filter(day__gte=window.start, day__lte=window.end)
    if allowed is not None:
        fields_qs = fields_qs.filter(unit_id__in=allowed)
    if unit is not None:
        fields_qs = fields_qs.filter(unit_id=unit.pk)
    fields = sorted(set(fields_qs.values_list("procedure__field", flat=True).distinct()))
    page = StatsPage(period, level, rows, _total_row(rows), unit, procedure, field_name, fields)
    if procedure is not None and unit is not None:
        page.dossiers = dossiers_of(unit=unit, procedure=procedure, window=window)
    return page


def dossiers_of(*, unit: Unit, procedure: Procedure, window: DateWindow) -> QuerySet[Dossier]:
    """The drill-down's last step: the unit's dossiers of the procedure received in the window
    (the resolving index: unit, received at)."""
    return (
        Dossier.objects.filter(
            resolving_unit=unit,
            procedure=procedure,
            received_at__gte=local_start(window.start),
            received_at__lt=local_start(window.end + timedelta(days=1)),
        )
        .only("pk", "code", "applicant_name", "received_at", "due_date", "state", "timing", "resolved_at")
        .order_by("-received_at", "-pk")
    )


def chart_data(page: StatsPage) -> dict[str, Any]:
    """ECharts data (static/js/onestop-stats.js): resolved early / on time / late per row, with the
    same figures as a data table under the chart."""
    rows = [r for r in page.rows if r.resolved or r.counts.received]
    return {
        "labels": [r.label for r in rows],
        "series": [
            {"name": _("Early"), "values": [r.counts.resolved_early for r in rows]},
            {"name": _("On time"), "values": [r.counts.resolved_on_time for r in rows]},
            {"name": _("Late"), "values": [r.counts.resolved_late for r in rows]},
        ],
        "table": {
            "head": [_("Name"), _("Early"), _("On time"), _("Late"), _("On time %")],
            "rows": [
                [
                    r.label,
                    r.counts.resolved_early,
                    r.counts.resolved_on_time,
                    r.counts.resolved_late,
                    None if r.on_time_share is None else float(r.on_time_share * 100),
                ]
                for r in rows
            ],
        },
    }


def by_unit(window: DateWindow, unit_ids: list[int]) -> dict[int, Counts]:
    """For the metrics: summed counts per resolving unit."""
    return {k: v for k, v in rollup_counts(window, list(unit_ids), by="unit").items() if k is not None}


def worst_procedures(window: DateWindow, unit_ids: list[int] | None = None, limit: int = 5) -> list[dict[str, Any]]:
    """The procedures with the most late dossiers in the window (the dashboard tile)."""
    counts = rollup_counts(window, unit_ids, by="procedure")
    late = sorted(((c.resolved_late, pk) for pk, c in counts.items() if c.resolved_late), reverse=True)[:limit]
    names = dict(Procedure.objects.filter(pk__in=[pk for _n, pk in late]).values_list("pk", "name"))
    return [{"name": names.get(pk, ""), "late": n, "resolved": figures.resolved(counts[pk])} for n, pk in late]


def totals(window: DateWindow, unit_ids: list[int] | None = None) -> Counts:
    return rollup_counts(window, unit_ids, by="total")[None]
