"""ECharts data (JSON-ready, for `json_script` and static/js/par-charts.js), built from the report tables."""

from decimal import Decimal
from typing import Any

from apps.par.reports.analysis import TrendPoint
from apps.par.reports.results import ResultsTable

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
