"""Acceptance 7: a PAR criterion scores itself from the one-stop on-time metric, and its points equal
a recount from the dossiers (early + on time ÷ resolved, for the unit in 2025) through the PAR method."""

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest

from apps.onestop.models import Dossier, Timing
from apps.onestop.services import dossiers as svc
from apps.onestop.tests.factories import local, receive
from apps.par import demo as par_demo
from apps.par.engine.methods import parse_method, points_for
from apps.par.models import AssessmentResult, MeasuredValue
from apps.par.services.measured import metrics_refresh
from apps.par.tests.factories import SMALL_SET, build_set, group_of, open_period

pytestmark = pytest.mark.django_db
KEY = "onestop.on_time_rate"
METHOD = {"type": "metric", "metric": KEY, "then": {"type": "proportional", "full_at": "1"}}


def test_it_scores_the_demo_communes_on_time_criterion_from_the_one_stop_metric() -> None:
    from openpyxl import load_workbook

    sheet = load_workbook(par_demo.workbook("ubnd-xa-phuong"), read_only=True).worksheets[0]
    params = [row[4] or "" for row in sheet.iter_rows(min_row=2, values_only=True) if row[3] == "metric"]
    assert any(f'"metric": "{KEY}"' in p for p in params)


def test_it_gives_the_par_points_of_a_recount_from_the_dossiers(
    desk: Any, clerk_a: Any, office: Any, procedure: Any, unit_a: Any, unit_b: Any, secretariat: Any
) -> None:
    # 2025: early, on time, late (resolved weeks after the deadline), and one resolved in 2026 (not counted).
    for received, resolved_after in ((3, 1), (10, 14), (20, 40), (30, 2), (360, 30)):
        d = receive(desk, office, procedure, local(2025, 1, 1, 9) + timedelta(days=received))
        d = svc.dossier_transfer(actor=desk, dossier=d, version=d.version, at=d.received_at + timedelta(hours=1))
        at = d.received_at + timedelta(days=resolved_after)
        svc.dossier_resolve(actor=clerk_a, dossier=d, version=d.version, at=at)
    spec = [(*row[:3], METHOD, *row[4:]) if row[0] == "2.1" else row for row in SMALL_SET]
    group = group_of(unit_a, unit_b)
    period = open_period(group, build_set(group, 2025, spec), actor=secretariat)

    metrics_refresh(actor=secretariat, period=period)

    resolved = Dossier.objects.filter(resolving_unit=unit_a, resolved_at__year=2025)
    in_time = resolved.filter(timing__in=[Timing.EARLY, Timing.ON_TIME]).count()
    assert 0 < in_time < resolved.count() == 4
    rate = Decimal(in_time) / Decimal(resolved.count())
    value = MeasuredValue.objects.get(period=period, unit=unit_a, metric=KEY).value
    assert value == rate.quantize(Decimal("0.0001"))
    assert not MeasuredValue.objects.filter(period=period, unit=unit_b).exists()  # nothing to measure there

    criterion = period.criteria_set.nodes.get(code="2.1")
    expected = points_for(parse_method(criterion.method), criterion.max_points, value)
    result = AssessmentResult.objects.get(assessment__period=period, assessment__unit=unit_a)
    area = period.criteria_set.nodes.get(code="2")
    area_points = Decimal(result.areas[str(area.pk)]["points"])
    assert area_points == expected == (Decimal(3) * value).quantize(Decimal("0.01"))
