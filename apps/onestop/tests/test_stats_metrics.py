"""The one-stop metrics (apps.core.metrics) and the dashboard tile, from the rollups."""

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.template.loader import render_to_string

from apps.core import hooks, metrics
from apps.core.metrics import DateWindow
from apps.onestop.models import Channel
from apps.onestop.services import dossiers as svc
from apps.onestop.tests.factories import local, receive

pytestmark = pytest.mark.django_db
KEYS = {
    "onestop.on_time_rate",
    "onestop.online_rate",
    "onestop.postal_rate",
    "onestop.apology_count",
    "onestop.supplement_twice_count",
    "onestop.average_days",
    "onestop.paid_online_rate",
    "onestop.digitised_rate",
    "onestop.synced_rate",
    "onestop.result_electronic_rate",
}
MARCH = DateWindow(date(2026, 3, 1), date(2026, 3, 31))


@pytest.fixture
def march(desk: Any, clerk_a: Any, office: Any, procedure: Any) -> None:
    online = receive(desk, office, procedure, local(2026, 3, 2, 9), channel=Channel.ONLINE, flags={"paid_online": True})
    online = svc.dossier_transfer(actor=desk, dossier=online, version=online.version, at=local(2026, 3, 2, 10))
    for day in (3, 4):
        online = svc.dossier_request_supplement(
            actor=clerk_a, dossier=online, version=online.version, reason="Thiếu", at=local(2026, 3, day, 9)
        )
        online = svc.dossier_receive_supplement(
            actor=desk, dossier=online, version=online.version, at=local(2026, 3, day, 10)
        )
    svc.dossier_resolve(actor=clerk_a, dossier=online, version=online.version, at=local(2026, 3, 5, 10))  # late
    postal = receive(desk, office, procedure, local(2026, 3, 9, 9), result_delivery="postal", flags={"digitised": True})
    postal = svc.dossier_transfer(actor=desk, dossier=postal, version=postal.version, at=local(2026, 3, 9, 10))
    svc.dossier_resolve(actor=clerk_a, dossier=postal, version=postal.version, at=local(2026, 3, 10, 10))  # early


def test_it_registers_every_agreed_key_as_computed() -> None:
    assert {m.key for m in metrics.all_metrics() if m.compute is not None} >= KEYS


def test_it_computes_the_metrics_for_a_window_and_the_resolving_units(march: None, unit_a: Any, unit_b: Any) -> None:
    values = {key: metrics.compute(key, MARCH, [unit_a.pk, unit_b.pk]) for key in KEYS}
    half = Decimal("0.5")
    assert values["onestop.on_time_rate"] == {unit_a.pk: half}
    assert values["onestop.online_rate"] == {unit_a.pk: half}
    assert values["onestop.postal_rate"] == {unit_a.pk: half}
    assert values["onestop.paid_online_rate"] == {unit_a.pk: half}
    assert values["onestop.digitised_rate"] == {unit_a.pk: half}
    assert values["onestop.synced_rate"] == {unit_a.pk: 0}
    assert values["onestop.supplement_twice_count"] == {unit_a.pk: 1}
    assert values["onestop.apology_count"] == {unit_a.pk: 0}
    assert set(values["onestop.average_days"]) == {unit_a.pk}  # type: ignore[arg-type]
    assert metrics.compute("onestop.on_time_rate", DateWindow(date(2025, 1, 1), date(2025, 12, 31)), [unit_a.pk]) == {}


def test_it_shows_on_time_and_late_this_month_on_the_dashboard(
    march: None, leader: Any, focal_a: Any, procedure: Any
) -> None:
    tile = hooks.get_one(hooks.DASHBOARD_TILES, "onestop.timing")
    with time_machine.travel(local(2026, 3, 20, 9)):
        data = tile.data(leader)
        assert tile.data(focal_a) is None  # no statistics role
    assert (data["in_time"], data["late"], data["on_time_percent"]) == (1, 1, 50)
    assert data["worst"] == [{"name": procedure.name, "late": 1, "resolved": 2}]
    html = render_to_string(tile.template, data)
    assert procedure.name in html
