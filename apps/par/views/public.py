"""The public pages of published PAR results (no sign-in). Only published periods exist here."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from apps.core.public import public_page
from apps.par.exports import XLSX_CONTENT_TYPE, public_results_filename, public_results_workbook
from apps.par.reports import radar_chart, ranking_chart, results_table, trend_chart, unit_trend
from apps.par.selectors import published_period_get, published_periods


@public_page()
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    periods = published_periods().order_by("-year", "group__name")
    return render(request, "par/public/index.html", {"periods": periods})


@public_page()
@require_GET
def period(request: HttpRequest, pk: int) -> HttpResponse:
    scoring_period = published_period_get(pk=pk)
    table = results_table(scoring_period)
    context = {"period": scoring_period, "table": table, "ranking_chart": ranking_chart(table)}
    return render(request, "par/public/period.html", context)


@public_page()
@require_GET
def unit(request: HttpRequest, pk: int, unit_pk: int) -> HttpResponse:
    scoring_period = published_period_get(pk=pk)
    table = results_table(scoring_period)
    row = table.row_for_unit(unit_pk)
    if row is None or not row.has_result:
        raise Http404
    context = {
        "period": scoring_period,
        "table": table,
        "row": row,
        "areas": [
            {
                "label": area.label,
                "points": row.area_points.get(area.id),
                "max": row.area_max.get(area.id),
                "index": row.area_index.get(area.id),
            }
            for area in table.normal_areas
        ],
        "radar_chart": radar_chart(table, row.unit_id, average_label=_("Group average")),
        "trend_chart": trend_chart(unit_trend(scoring_period, row.unit_id), row.unit_name),
    }
    return render(request, "par/public/unit.html", context)


@public_page()
@require_GET
def results_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    scoring_period = published_period_get(pk=pk)
    response = HttpResponse(public_results_workbook(scoring_period), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{public_results_filename(scoring_period)}"'
    return response
