"""Results, analysis and exports of a scoring period (signed-in pages)."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from apps.org.permissions import can, member_unit_ids, own_unit_ids, require
from apps.par.documents import (
    DOCX_CONTENT_TYPE,
    assessment_report,
    assessment_report_filename,
    decision_document,
    decision_filename,
)
from apps.par.exports import XLSX_CONTENT_TYPE, results_filename, results_workbook
from apps.par.models import PeriodStatus, ScoringPeriod
from apps.par.permissions import ParAction
from apps.par.reports import (
    ResultsTable,
    heatmap_chart,
    load_leaf_scores,
    load_tree,
    losses_of,
    province_losses_of,
    radar_chart,
    ranking_chart,
    results_table,
    trend_chart,
    unit_trend,
)
from apps.par.selectors import assessment_get_for_user, period_get_for_user, period_list_for_user

SORTS = ("rank", "-rank", "unit")
# Optional columns of the results table shown until the user chooses others (the chooser remembers
# the choice). Rank, unit, stage, index and band always show, on phones too.
DEFAULT_COLUMNS = {"change", "total"}


def result_columns(table: ResultsTable) -> list[dict[str, Any]]:
    """The columns a user may show or hide, in table order."""
    columns = [
        ("change", _("Change")),
        ("self", _("Self-assessed")),
        ("appraised", _("Appraised")),
        ("measured", _("Measured")),
        ("survey", _("Survey")),
        ("bonus", _("Bonus")),
        ("penalty", _("Penalty")),
        ("total", _("Total")),
        ("max", _("Maximum")),
    ]
    chosen = [{"key": key, "label": label, "default": key in DEFAULT_COLUMNS} for key, label in columns]
    chosen += [{"key": f"area-{a.code}", "label": a.label, "default": False} for a in table.normal_areas]
    return chosen


def download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _results_period(request: HttpRequest, pk: int) -> ScoringPeriod:
    period = period_get_for_user(user=request.user, pk=pk)
    require(request.user, ParAction.VIEW_RESULTS, period)
    return period


@require_GET
def results_periods(request: HttpRequest) -> HttpResponse:
    periods = period_list_for_user(user=request.user).order_by("-year", "group__name")
    user = request.user
    has_units = bool(own_unit_ids(user))
    entries = []
    for p in periods:
        results = can(user, ParAction.VIEW_RESULTS, p)
        # The analysis opens for who reads the period's results, or for a unit's own figures.
        entries.append(
            {"period": p, "results": results, "analysis": results or has_units, "manage": can(user, ParAction.MANAGE)}
        )
    return render(request, "par/results/periods.html", {"entries": entries})


@require_GET
def results(request: HttpRequest, pk: int) -> HttpResponse:
    period = _results_period(request, pk)
    sort = request.GET.get("sort", "rank")
    if sort not in SORTS:
        return HttpResponseBadRequest(_("Unknown sort order."))
    table = results_table(period, sort=sort)
    context = {
        "period": period,
        "table": table,
        "sort": sort,
        "ranking_chart": ranking_chart(table),
        "columns": result_columns(table),
        "can_manage": can(request.user, ParAction.MANAGE),
        "published": period.status == PeriodStatus.PUBLISHED,
    }
    return render(request, "par/results/results.html", context)


@require_GET
def results_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    period = _results_period(request, pk)
    return download(results_workbook(period), XLSX_CONTENT_TYPE, results_filename(period))


def _unit_param(request: HttpRequest) -> int | None:
    raw = request.GET.get("don_vi", "").strip()
    if not raw:
        return None
    try:
        return int(raw)
    except ValueError:
        raise ValueError(_("The unit must be given by its number.")) from None


@require_GET
def analysis(request: HttpRequest, pk: int) -> HttpResponse:
    """One unit's lost points; the province's weakest criteria and the area × unit heat map.

    Province-wide roles, and everyone once the period is published, see every unit; a unit's
    members may analyse their own unit before publication."""
    user: Any = request.user
    period = period_get_for_user(user=user, pk=pk)
    full = can(user, ParAction.VIEW_RESULTS, period)
    mine = member_unit_ids(user) if full else own_unit_ids(user)
    table = results_table(period, with_previous=False, user=user)
    own_rows = [r for r in table.rows if r.unit_id in mine]
    if not full and not own_rows:
        raise PermissionDenied
    try:
        unit_id = _unit_param(request)
    except ValueError as exc:
        return HttpResponseBadRequest(str(exc))
    if unit_id is None and own_rows:
        unit_id = own_rows[0].unit_id  # the user's own unit by default
    row = table.row_for_unit(unit_id) if unit_id is not None else None
    if unit_id is not None and row is None:
        raise Http404
    if row is not None and not full and row.unit_id not in mine:
        raise PermissionDenied

    tree = load_tree(period.criteria_set_id)
    # Everyone's scores when the province view is shown, only the unit's otherwise: one load either way.
    loaded = (
        [(r.assessment_id, r.unit_id) for r in table.rows]
        if full
        else ([(row.assessment_id, row.unit_id)] if row else [])
    )
    scores = load_leaf_scores(period, loaded, tree)
    context: dict[str, Any] = {
        "period": period,
        "table": table,
        "full": full,
        "row": row,
        "units": table.rows if full else own_rows,
        "losses": [],
        "province": [],
    }
    if row is not None:
        losses = losses_of(scores, row.assessment_id, with_reasons=row.detail_visible)
        context["losses"] = losses
        context["lost_total"] = sum((item.lost for item in losses), start=type(row.index)(0))
        context["radar_chart"] = radar_chart(table, row.unit_id, average_label=_("Group average"), with_average=full)
        context["trend_chart"] = trend_chart(unit_trend(period, row.unit_id), row.unit_name)
    if full:
        context["province"] = province_losses_of(scores, [a for a, _u in loaded])
        context["heatmap_chart"] = heatmap_chart(table)
    return render(request, "par/results/analysis.html", context)


@require_GET
def decision_docx(request: HttpRequest, pk: int) -> HttpResponse:
    period = period_get_for_user(user=request.user, pk=pk)
    require(request.user, ParAction.MANAGE)
    return download(decision_document(period), DOCX_CONTENT_TYPE, decision_filename(period))


@require_GET
def assessment_report_docx(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = assessment_get_for_user(user=request.user, pk=pk)
    report = assessment_report(assessment, detail=can(request.user, ParAction.VIEW_ASSESSMENT_DETAIL, assessment))
    return download(report, DOCX_CONTENT_TYPE, assessment_report_filename(assessment))
