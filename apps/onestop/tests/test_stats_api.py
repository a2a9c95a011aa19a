"""GET /api/v1/onestop/stats: the statistics page's figures with its permissions."""

from typing import Any

import pytest
from django.test import Client

from apps.accounts.tokens import api_token_create
from apps.onestop.models import Channel
from apps.onestop.services import dossiers as svc
from apps.onestop.tests.factories import local, receive

pytestmark = pytest.mark.django_db
URL = "/api/v1/onestop/stats"


def _get(user: Any, **params: Any) -> Any:
    _token, raw = api_token_create(user=user, name="BI")
    return Client().get(URL, params, headers={"Authorization": f"Bearer {raw}"})


@pytest.fixture
def data(desk: Any, clerk_a: Any, office: Any, procedure: Any) -> None:
    d = receive(desk, office, procedure, local(2026, 3, 2, 9), channel=Channel.ONLINE)
    d = svc.dossier_transfer(actor=desk, dossier=d, version=d.version, at=local(2026, 3, 2, 10))
    svc.dossier_resolve(actor=clerk_a, dossier=d, version=d.version, at=local(2026, 3, 3, 10))
    receive(desk, office, procedure, local(2026, 3, 4, 9))


def test_it_serves_the_statistics_per_unit_and_procedure(leader: Any, data: None, unit_a: Any, procedure: Any) -> None:
    response = _get(leader, period="month", year=2026, month=3)
    assert response.status_code == 200
    body = response.json()
    assert (body["level"], body["start"], body["end"]) == ("province", "2026-03-01", "2026-03-31")
    row = body["rows"][0]
    assert (row["id"], row["received"], row["resolved_early"], row["pending_now"]) == (unit_a.pk, 2, 1, 1)
    assert (row["on_time_rate"], row["online_rate"]) == ("1.0000", "0.5000")
    unit = _get(leader, year=2026, unit=unit_a.pk).json()
    assert unit["level"] == "unit" and unit["rows"][0]["id"] == procedure.pk
    one = _get(leader, year=2026, unit=unit_a.pk, procedure=procedure.pk).json()
    assert one["level"] == "procedure" and one["total"]["received"] == 2


def test_it_keeps_the_pages_permissions(head_a: Any, focal_a: Any, clerk_b: Any, data: None, unit_a: Any) -> None:
    assert _get(head_a, year=2026, unit=unit_a.pk).status_code == 200
    assert _get(clerk_b, year=2026, unit=unit_a.pk).status_code == 404
    assert _get(focal_a, year=2026).status_code == 403
    assert Client().get(URL).status_code == 401


def test_it_answers_bad_periods_with_400(leader: Any) -> None:
    assert _get(leader, period="month", month=13).status_code == 400
    assert _get(leader, period="custom", start="2026-03-10", end="2026-03-01").status_code == 400
    assert _get(leader, period="week").status_code == 400
    assert _get(leader, procedure=1).status_code == 400
