"""One-stop pages: statistics per unit, field, procedure and period, with the drill-down province →
unit → procedure → dossiers, charts and an Excel export. Reads rollups only (plus the pending counts)."""

from io import BytesIO
from typing import Any
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from openpyxl import Workbook

from apps.core.spreadsheets import append_row
from apps.onestop.engine import stats as figures
from apps.onestop.models import Procedure
from apps.onestop.permissions import OnestopAction
from apps.onestop.selectors import stats as selectors
from apps.org.models import Unit
from apps.org.permissions import can, require, sees_all_units

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _page(request: HttpRequest) -> dict[str, Any]:
    """The page model for the query string; bad dates give a message next to their field."""
    require(request.user, OnestopAction.VIEW_STATS)
    params = request.GET
    unit: Unit | None = None
    procedure: Procedure | None = None
    try:
        if params.get("unit"):
            unit = selectors.stats_unit_get_for_user(user=request.user, pk=params["unit"])
        if params.get("procedure") and unit is not None:
            procedure = Procedure.objects.get(pk=int(params["procedure"]))
    except (ValueError, Unit.DoesNotExist, Procedure.DoesNotExist):
        raise Http404(_("No statistics here.")) from None
    context: dict[str, Any] = {"params": params, "errors": {}, "today": timezone.localdate()}
    try:
        period = selectors.period_from(params)
    except selectors.PeriodError as error:
        context["errors"] = {error.field: error.message}
        period = selectors.period_from({})
    field_name = (params.get("field") or "").strip()[:200]
    page = selectors.stats_page(user=request.user, period=period, unit=unit, procedure=procedure, field_name=field_name)
    context.update(page=page, chart=selectors.chart_data(page), query=_query(params))
    if page.dossiers is not None:
        context["dossiers"] = list(page.dossiers[:200])
    return context


def _query(params: Any) -> str:
    """The period and field part of the query string, carried along the drill-down links."""
    keep = {k: params.get(k) for k in ("period", "year", "month", "quarter", "from", "to", "field") if params.get(k)}
    return urlencode(keep)


@require_safe
def stats(request: HttpRequest) -> HttpResponse:
    context = _page(request)
    context["years"] = list(range(timezone.localdate().year, timezone.localdate().year - 6, -1))
    return render(request, "onestop/stats/stats.html", context)


@require_safe
def stats_results(request: HttpRequest) -> HttpResponse:
    """The results part of the statistics page (htmx)."""
    return render(request, "onestop/stats/_stats_results.html", _page(request))


def _heads() -> list[str]:
    return [
        _("Name"),
        _("Received"),
        _("Online"),
        _("Postal"),
        _("Resolved"),
        _("Early"),
        _("On time"),
        _("Late"),
        _("On time %"),
        _("Pending now"),
        _("Overdue now"),
        _("Apologies"),
        _("Refused, stopped, withdrawn"),
        _("Average working days"),
    ]


def _cells(row: selectors.StatRow) -> list[Any]:
    c = row.counts
    on_time = row.percent("on_time_share")
    average = row.average_days
    return [
        row.label,
        c.received,
        c.received_online,
        c.received_postal,
        row.resolved,
        c.resolved_early,
        c.resolved_on_time,
        c.resolved_late,
        None if on_time is None else round(float(on_time), 2),
        row.pending.open,
        row.pending.overdue,
        c.apologies,
        c.refused + c.stopped + c.withdrawn,
        None if average is None else round(float(average), 2),
    ]


@require_safe
def stats_xlsx(request: HttpRequest) -> HttpResponse:
    """The statistics as shown, as an Excel workbook (names written as text, never as formulas)."""
    context = _page(request)
    page: selectors.StatsPage = context["page"]
    book = Workbook()
    sheet = book.worksheets[0]
    sheet.title = _("Statistics")[:31]
    append_row(sheet, [_("One-stop statistics"), page.period.label])
    if page.unit is not None:
        append_row(sheet, [_("Unit"), page.unit.name])
    if page.field_name:
        append_row(sheet, [_("Field"), page.field_name])
    append_row(sheet, [])
    append_row(sheet, _heads())
    for row in page.rows:
        append_row(sheet, _cells(row))
    append_row(sheet, _cells(page.total))
    buffer = BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="thong-ke-mot-cua-{page.period.start:%Y%m%d}-{page.period.end:%Y%m%d}.xlsx"'
    )
    response["Cache-Control"] = "private, no-store"
    return response


def timing_tile(user: Any) -> dict[str, Any] | None:
    """The dashboard tile: on time and late this month in the user's scope, with the worst procedures."""
    if not can(user, OnestopAction.VIEW_STATS):
        return None
    today = timezone.localdate()
    period = selectors.period_from({"period": "month", "year": str(today.year), "month": str(today.month)})
    units = None if sees_all_units(user) else list(selectors.stats_units(user).values_list("pk", flat=True))
    counts = selectors.totals(period.window, units)
    share = figures.on_time_share(counts)
    return {
        "period": period,
        "in_time": figures.in_time(counts),
        "late": counts.resolved_late,
        "on_time_percent": None if share is None else share * 100,
        "worst": selectors.worst_procedures(period.window, units),
    }
