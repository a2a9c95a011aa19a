"""Where PAR's metric values come from: a module that computes them (apps.core.metrics, registered
through that module's hooks) or, while none does, a declaration (`DeclaredMetric` rows) whose
values the secretariat enters as measured values. A computed metric takes over a declared key."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from apps.core import metrics
from apps.core.metrics import DateWindow
from apps.par.models import DeclaredMetric, ScoringPeriod

SURVEY_INDEX = "survey.index"  # the citizen satisfaction index (%), the survey's share of a unit's points


@dataclass(frozen=True)
class MetricInfo:
    key: str
    label: str
    unit: str
    source: str
    computed: bool  # a module computes it: entered values give way to computed ones

    @property
    def compute(self) -> bool:  # the name the criteria form reads
        return self.computed


def _computed(metric: metrics.Metric) -> MetricInfo:
    return MetricInfo(metric.key, str(metric.label), str(metric.unit), str(metric.source), metric.compute is not None)


def metric_info(key: str) -> MetricInfo | None:
    """The metric under `key`: computed by a module when one registers it, else declared, else None."""
    metric = metrics.get(key)
    if metric is not None:
        return _computed(metric)
    declared = DeclaredMetric.objects.filter(key=key).first()
    if declared is None:
        return None
    return MetricInfo(declared.key, declared.label, declared.unit, declared.source, computed=False)


def metric_catalogue() -> list[MetricInfo]:
    """Every metric a criterion may score from, by key. Two reads: the hooks and one query."""
    found = {m.key: _computed(m) for m in metrics.all_metrics()}
    for declared in DeclaredMetric.objects.all():
        found.setdefault(
            declared.key, MetricInfo(declared.key, declared.label, declared.unit, declared.source, computed=False)
        )
    return sorted(found.values(), key=lambda m: m.key)


def period_window(period: ScoringPeriod) -> DateWindow:
    """The dates a period scores: its calendar year."""
    return DateWindow(date(period.year, 1, 1), date(period.year, 12, 31))


def computed_values(period: ScoringPeriod, key: str, unit_ids: list[int]) -> dict[int, Decimal] | None:
    """A module's values of `key` for the period's window, or None when no module computes it."""
    return metrics.compute(key, period_window(period), unit_ids)
