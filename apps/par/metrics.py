"""The metric registry: values other modules compute (dossier on-time rate, online rate, task
completion, survey index) or the secretariat enters (survey points, enterprise growth, ISO share).

A module registers a metric once, at start-up (AppConfig.ready):

    register_metric(Metric("onestop.on_time_rate", _("Dossiers resolved on time"), unit="ratio",
                           compute=lambda period, unit_ids: {...}))

A criterion whose method is {"type": "metric", "metric": "onestop.on_time_rate", ...} then
scores itself from the value. Metrics without `compute` are entered as measured values.
"""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

Compute = Callable[[Any, list[int]], dict[int, Decimal]]


@dataclass(frozen=True)
class Metric:
    key: str
    label: str | Promise
    unit: str = "ratio"  # "ratio" (0.85 = 85 %), "count", "points", "percent"
    compute: Compute | None = None
    source: str | Promise = ""


_REGISTRY: dict[str, Metric] = {}


def register_metric(metric: Metric) -> None:
    _REGISTRY[metric.key] = metric


def get_metric(key: str) -> Metric | None:
    return _REGISTRY.get(key)


def all_metrics() -> list[Metric]:
    return sorted(_REGISTRY.values(), key=lambda m: m.key)


SURVEY_INDEX = "survey.index"

# Values entered by the secretariat until the modules that compute them exist.
for _metric in [
    Metric(SURVEY_INDEX, _("Citizen satisfaction index (%)"), unit="percent", source=_("Sociological survey")),
    Metric(
        "economy.new_enterprise_growth", _("Growth of new enterprises"), unit="ratio", source=_("Department of Finance")
    ),
    Metric("org.iso_commune_share", _("Share of communes applying ISO 9001"), unit="ratio"),
    Metric("onestop.on_time_rate", _("Dossiers resolved on time"), unit="ratio", source=_("One-stop system")),
    Metric("onestop.online_rate", _("Dossiers filed online"), unit="ratio", source=_("One-stop system")),
    Metric("directives.on_time_rate", _("Assigned tasks done on time"), unit="ratio", source=_("Task follow-up")),
    Metric("directives.late_reports", _("Reports sent late"), unit="count", source=_("Task follow-up")),
]:
    register_metric(_metric)
