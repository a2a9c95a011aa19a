"""GET /api/v1/par/periods/{id}/results: public once published, never before."""

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from apps.accounts.tokens import api_token_create
from apps.org.tests.factories import UnitFactory
from apps.par.models import AssessmentStatus, PeriodStatus, ScoringPeriod
from apps.par.services.measured import measured_value_set
from apps.par.services.periods import period_publish
from apps.par.services.results import results_recompute
from apps.par.tests.factories import build_set, group_of, open_period
from conftest import client_for

pytestmark = pytest.mark.django_db
API = "/api/v1/par"


def _period(*units: Any, actor: Any = "test") -> ScoringPeriod:
    group = group_of(*units)
    period = open_period(group, build_set(group), actor=actor)
    for assessment in period.assessments.all():
        rate = (Decimal(assessment.unit_id % 10 + 1) / 10).quantize(Decimal("0.01"))
        measured_value_set(
            actor=actor,
            period=period,
            unit=assessment.unit,
            metric="directives.on_time_rate",
            value=rate,
            source_note="x",
        )
    results_recompute(period=period)
    return period  # type: ignore[no-any-return]


@pytest.fixture
def published(unit_a: Any, unit_b: Any, secretariat: Any) -> ScoringPeriod:
    period = _period(unit_a, unit_b, actor=secretariat)
    period.assessments.update(status=AssessmentStatus.FINALISED)
    return period_publish(actor=secretariat, period=period, version=period.version, decision_reference="1/QĐ-UBND")


def test_it_serves_published_results_to_anyone(published: ScoringPeriod, citizen: Client, unit_a: Any) -> None:
    response = citizen.get(f"{API}/periods/{published.pk}/results")
    assert response.status_code == 200
    body = response.json()
    assert body["period"]["status"] == "published"
    rows = body["results"]
    assert len(rows) == 2
    assert [r["rank"] for r in rows] == sorted(r["rank"] for r in rows)
    row = next(r for r in rows if r["unit"]["id"] == unit_a.pk)
    assert set(row) >= {"total_points", "max_points", "index", "band", "survey_points", "bonus_points"}
    assert [a["code"] for a in row["areas"]] == ["1", "2", "9", "10"]
    assert row["areas"][1]["max"] == "5.00"
    assert row["max_points"] == "15.00"


def test_it_hides_unpublished_results_from_anonymous_callers(unit_a: Any, unit_b: Any, citizen: Client) -> None:
    period = _period(unit_a, unit_b)
    response = citizen.get(f"{API}/periods/{period.pk}/results")
    assert response.status_code == 404
    assert set(response.json()) == {"message", "detail"}
    assert citizen.get(f"{API}/periods/999999/results").status_code == 404


def test_it_shows_unpublished_results_to_province_wide_roles_only(
    unit_a: Any, unit_b: Any, leader: Any, focal_a: Any
) -> None:
    period = _period(unit_a, unit_b)
    assert client_for(leader).get(f"{API}/periods/{period.pk}/results").status_code == 200
    assert client_for(focal_a).get(f"{API}/periods/{period.pk}/results").status_code == 403


def test_it_accepts_a_token(unit_a: Any, unit_b: Any, leader: Any, citizen: Client) -> None:
    period = _period(unit_a, unit_b)
    _token, raw = api_token_create(user=leader, name="BI")
    url = f"{API}/periods/{period.pk}/results"
    assert citizen.get(url, headers={"Authorization": f"Bearer {raw}"}).status_code == 200
    assert citizen.get(url, headers={"Authorization": "Bearer cchc_wrong"}).status_code == 401


def test_it_is_read_only(published: ScoringPeriod, secretariat: Any) -> None:
    url = f"{API}/periods/{published.pk}/results"
    assert client_for(secretariat).post(url, {}, content_type="application/json").status_code == 405


def test_it_rate_limits_anonymous_callers(published: ScoringPeriod, citizen: Client, settings: Any) -> None:
    from django.core.cache import cache

    cache.clear()
    settings.PUBLIC_API_RATE_LIMIT = "2/m"
    url = f"{API}/periods/{published.pk}/results"
    statuses = [citizen.get(url).status_code for _ in range(3)]
    cache.clear()
    assert statuses[-1] == 429


@pytest.mark.parametrize("units", [3, 30])
def test_it_reads_results_in_a_fixed_number_of_queries(
    units: int, province: Any, secretariat: Any, citizen: Client, django_assert_max_num_queries: Any
) -> None:
    period = _period(*UnitFactory.create_batch(units, parent=province), actor=secretariat)
    ScoringPeriod.objects.filter(pk=period.pk).update(status=PeriodStatus.PUBLISHED)
    with django_assert_max_num_queries(6):
        response = citizen.get(f"{API}/periods/{period.pk}/results")
    assert len(response.json()["results"]) == units
