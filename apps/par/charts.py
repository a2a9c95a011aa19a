"""ECharts data (JSON-ready, for `json_script` and static/js/par-charts.js), built from the report tables.

Each chart also carries `table`: the same figures as a data table (head, rows of [label, values...]),
which the page shows under the chart for screen readers and for whoever prefers to read numbers.
"""

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from apps.par.reports.analysis import TrendPoint
from apps.par.reports.results import ResultsTable, rank_order


def _num(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _table(head: list[str], rows: list[list[Any]]) -> dict[str, Any]:
    return {"head": head, "rows": rows}


def ranking_chart(table: ResultsTable) -> dict[str, Any]:
    """Index by unit in the order of the ranking, coloured by band. Before publication the bars come
    stage by stage, as in the results table (the chart's data table), and each names its stage."""
    rows = sorted(table.scored, key=rank_order)
    return {
        "units": [r.unit_name for r in rows],
        "values": [_num(r.index) for r in rows],
        "colours": [r.band_colour or "#6c757d" for r in rows],
        "bands": [r.band for r in rows],
        "ranks": [r.shown_rank for r in rows],
        "stages": [r.stage_label for r in rows] if table.provisional else [],
    }


def radar_chart(
    table: ResultsTable, unit_id: int, *, average_label: str = "", with_average: bool = True
) -> dict[str, Any] | None:
    """The unit's area indices against its group's average. Indicator names are the areas' full
    names; the script wraps them."""
    row = table.row_for_unit(unit_id)
    areas = table.normal_areas
    if row is None or not row.has_result or not areas:
        return None
    values = row.area_indices(areas)
    series = [{"name": row.unit_name, "values": [_num(v) or 0 for v in values]}]
    head = [_("Area"), row.unit_name]
    averages: dict[int, Decimal | None] = {}
    if with_average:
        averages = table.area_averages()
        series.append({"name": average_label, "values": [_num(averages[a.id]) or 0 for a in areas]})
        head.append(average_label)
    rows = [
        [a.label, _num(value), *([_num(averages[a.id])] if with_average else [])]
        for a, value in zip(areas, values, strict=True)
    ]
    return {
        "indicators": [{"name": a.label, "max": 100} for a in areas],
        "legend": [a.label for a in areas],
        "series": series,
        "table": _table(head, rows),
    }


def heatmap_chart(table: ResultsTable) -> dict[str, Any]:
    """Area × unit sub-index; units in the order of the ranking. The x axis shows area codes, the
    tooltip, the legend and the data table the areas' names."""
    areas = table.normal_areas
    rows = sorted(table.scored, key=rank_order)
    cells = [
        [x, y, _num(row.area_index.get(area.id))]
        for y, row in enumerate(rows)
        for x, area in enumerate(areas)
        if row.area_index.get(area.id) is not None
    ]
    return {
        "areas": [a.code for a in areas],
        "area_names": [a.label for a in areas],
        "legend": [a.label for a in areas],
        "units": [r.unit_name for r in rows],
        "values": cells,
        "table": _table(
            [_("Unit"), *[a.label for a in areas]],
            [[r.unit_name, *[_num(r.area_index.get(a.id)) for a in areas]] for r in rows],
        ),
    }


def trend_chart(points: list[TrendPoint], name: str) -> dict[str, Any]:
    return {
        "name": name,
        "years": [str(p.year) for p in points],
        "values": [_num(p.index) for p in points],
        "table": _table([_("Year"), _("Index %")], [[str(p.year), _num(p.index)] for p in points]),
    }
