"""Metrics in core: a module that computes a metric registers it through its hooks; PAR scores a
metric criterion from it for the period's window, and its values take over entered ones."""

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.core import hooks
from apps.core.metrics import DateWindow, Metric
from apps.par.models import Assessment, AssessmentResult, MeasuredValue, Score
from apps.par.services.measured import measured_value_set, metrics_refresh
from apps.par.tests.factories import build_set, group_of, open_period
from conftest import client_for

pytestmark = pytest.mark.django_db
D = Decimal
KEY = "directives.on_time_rate"  # declared as data until a module computes it


class OneStopModule:
    """What a one-stop module's hooks.py would register."""

    def __init__(self, values: dict[int, Decimal]) -> None:
        self.values = values
        self.windows: list[DateWindow] = []

    def compute(self, window: DateWindow, unit_ids: list[int]) -> dict[int, Decimal]:
        self.windows.append(window)
        return {unit_id: value for unit_id, value in self.values.items() if unit_id in unit_ids}


@pytest.fixture
def registry() -> Iterator[None]:
    with hooks.isolated(discover=True):
        yield


@pytest.fixture
def period(unit_a: Any, unit_b: Any, secretariat: Any) -> Any:
    group = group_of(unit_a, unit_b)
    return open_period(group, build_set(group), actor=secretariat)


def test_it_scores_a_metric_criterion_from_a_module_for_the_periods_window(
    registry: None, period: Any, unit_a: Any, unit_b: Any, secretariat: Any
) -> None:
    module = OneStopModule({unit_a.pk: D("0.8"), unit_b.pk: D("1")})
    hooks.register(hooks.METRICS, Metric(KEY, "Dossiers on time", source="One-stop", compute=module.compute))
    MeasuredValue.objects.create(period=period, unit=unit_a, metric=KEY, value=D("0.1"), source_note="typed earlier")

    assert metrics_refresh(actor=secretariat, period=period) == 2

    assert module.windows == [DateWindow(date(2025, 1, 1), date(2025, 12, 31))]
    assert MeasuredValue.objects.get(period=period, unit=unit_a, metric=KEY).value == D("0.8")  # computed wins
    result = AssessmentResult.objects.get(assessment__period=period, assessment__unit=unit_a)
    area = period.criteria_set.nodes.get(code="2")
    assert D(result.areas[str(area.pk)]["points"]) == D("2.40")  # 3 points x 0.8, proportional
    page = client_for(secretariat).get(reverse("par:period_measured", args=[period.pk]))
    assert "computed by One-stop" in page.content.decode()


def test_it_refuses_typing_a_value_a_module_computes(
    registry: None, period: Any, unit_a: Any, secretariat: Any
) -> None:
    hooks.register(hooks.METRICS, Metric(KEY, "Dossiers on time", source="One-stop", compute=lambda w, u: {}))
    with pytest.raises(ValidationError, match="computed by"):
        measured_value_set(actor=secretariat, period=period, unit=unit_a, metric=KEY, value=D("0.5"), source_note="x")


def test_it_takes_entered_values_while_no_module_computes_the_key(period: Any, unit_a: Any, secretariat: Any) -> None:
    measured_value_set(actor=secretariat, period=period, unit=unit_a, metric=KEY, value=D("0.5"), source_note="x")
    score = Score.objects.get(assessment=Assessment.objects.get(period=period, unit=unit_a), criterion__code="2.1")
    assert score.criterion.is_metric


def test_it_refuses_a_duplicate_metric_key_at_registration(registry: None) -> None:
    hooks.register(hooks.METRICS, Metric(KEY, "Dossiers on time"))
    with pytest.raises(ImproperlyConfigured):
        hooks.register(hooks.METRICS, Metric(KEY, "Another module's idea of it"))


def test_it_refreshes_many_units_in_a_fixed_number_of_queries(registry: None, province: Any, secretariat: Any) -> None:
    from apps.par.tests.test_results_support import many_units

    units = many_units(province, 30)
    group = group_of(*units, code="xa")
    period = open_period(group, build_set(group), actor=secretariat)
    module = OneStopModule({unit.pk: D("0.9") for unit in units})
    hooks.register(hooks.METRICS, Metric(KEY, "Dossiers on time", source="One-stop", compute=module.compute))
    with CaptureQueriesContext(connection) as small:
        metrics_refresh(actor=secretariat, period=period)
    assert len(small.captured_queries) < 40  # bulk: not one query (or more) per unit
