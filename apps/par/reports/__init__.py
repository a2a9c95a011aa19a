"""Read-side queries for PAR results and analysis.

Every function takes a period and returns plain dataclasses, in a fixed number of queries
whatever the number of units: rows are fetched in bulk and joined in Python. Topics: `tree`
(the criteria and every leaf's points), `results` (the results table), `analysis` (losses,
trends, per-criterion columns). Chart options are built in `apps.par.charts`.
"""

from apps.par.reports.analysis import (
    CriterionColumns,
    LostPoints,
    ProvinceLoss,
    TrendPoint,
    criterion_columns,
    losses_of,
    province_losses,
    province_losses_of,
    province_name,
    unit_losses,
    unit_trend,
)
from apps.par.reports.results import (
    ResultRow,
    ResultsTable,
    Stage,
    band_classes,
    band_colours,
    previous_period_of,
    results_table,
    stage_of,
    stage_ranks,
)
from apps.par.reports.tree import Area, CriterionInfo, LeafScores, Tree, load_leaf_scores, load_tree

__all__ = [
    "Area",
    "CriterionColumns",
    "CriterionInfo",
    "LeafScores",
    "LostPoints",
    "ProvinceLoss",
    "ResultRow",
    "ResultsTable",
    "Stage",
    "Tree",
    "TrendPoint",
    "band_classes",
    "band_colours",
    "criterion_columns",
    "heatmap_chart",
    "load_leaf_scores",
    "load_tree",
    "losses_of",
    "previous_period_of",
    "province_losses",
    "province_losses_of",
    "province_name",
    "radar_chart",
    "ranking_chart",
    "results_table",
    "stage_of",
    "stage_ranks",
    "trend_chart",
    "unit_losses",
    "unit_trend",
]

# The chart builders live in apps.par.charts; re-exported for pages that import them from here.
from apps.par.charts import heatmap_chart, radar_chart, ranking_chart, trend_chart
