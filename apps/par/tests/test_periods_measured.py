from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from apps.par.metric_sources import SURVEY_INDEX
from apps.par.models import Assessment, MeasuredValue, PeriodStatus, ScoringPeriod
from apps.par.tests.factories import build_set, group_of, open_period
from conftest import client_for

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}
METRIC = "directives.on_time_rate"


@pytest.fixture(autouse=True)
def _now(time_machine) -> None:  # type: ignore[no-untyped-def]
    time_machine.move_to(datetime(2026, 1, 10, 9, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")))


@pytest.fixture
def period(unit_a, unit_b) -> ScoringPeriod:  # type: ignore[no-untyped-def]
    group = group_of(unit_a, unit_b)
    return open_period(group, build_set(group), survey_points=Decimal("20"))


def post(client, period, unit, **extra):  # type: ignore[no-untyped-def]
    data = {
        "unit": unit.pk,
        "metric": METRIC,
        "value": "0.9",
        "source_note": "Hệ thống một cửa",
        "version": "0",
        **extra,
    }
    return client.post(reverse("par:measured_set", args=[period.pk]), data, **HX)


def test_it_shows_a_table_of_units_and_metrics(period, secretariat) -> None:  # type: ignore[no-untyped-def]
    response = client_for(secretariat).get(reverse("par:period_measured", args=[period.pk]))
    assert response.status_code == 200
    assert [m["key"] for m in response.context["metrics"]] == [METRIC, SURVEY_INDEX]
    assert len(response.context["rows"]) == 2


def test_it_saves_a_value_and_rescores_the_metric_criterion(period, secretariat, unit_a) -> None:  # type: ignore[no-untyped-def]
    client = client_for(secretariat)
    response = post(client, period, unit_a)
    assert response.status_code == 200
    assert "Hệ thống một cửa" in response.content.decode()
    row = MeasuredValue.objects.get(period=period, unit=unit_a, metric=METRIC)
    assert row.value == Decimal("0.9000") and row.entered_by == secretariat
    result = Assessment.objects.get(period=period, unit=unit_a).result
    assert result.measured_points == Decimal("2.70")  # 90 % of 3 points
    # A second person working from the same empty cell does not overwrite silently.
    stale = post(client, period, unit_a, value="0.5")
    assert stale.status_code == 409 and 'value="0.5"' in stale.content.decode()
    ok = post(client, period, unit_a, value="0.5", version=str(row.version))
    assert ok.status_code == 200
    assert MeasuredValue.objects.get(pk=row.pk).value == Decimal("0.5000")


def test_it_refuses_bad_input_with_a_message(period, secretariat, unit_a, commune) -> None:  # type: ignore[no-untyped-def]
    client = client_for(secretariat)
    assert post(client, period, unit_a, source_note="").status_code == 400
    assert post(client, period, unit_a, value="-1").status_code == 400
    response = post(client, period, commune)  # not in the period
    assert response.status_code == 400 and "not part of the period" in response.content.decode()
    assert (
        post(client, period, unit_a, metric="economy.new_enterprise_growth").status_code == 400
    )  # not used by the set
    plain = client.post(
        reverse("par:measured_set", args=[period.pk]), {"unit": unit_a.pk, "metric": METRIC, "value": "x"}
    )
    assert plain.status_code == 400
    assert not MeasuredValue.objects.exists()
    ScoringPeriod.objects.filter(pk=period.pk).update(status=PeriodStatus.PUBLISHED)
    published = post(client, period, unit_a)
    assert published.status_code == 400 and "published" in published.content.decode()


def test_it_refuses_a_unit_id_too_large_for_the_database(period, secretariat, unit_a) -> None:  # type: ignore[no-untyped-def]
    client = client_for(secretariat)
    url = reverse("par:measured_set", args=[period.pk])
    for data in (
        {"unit": "9" * 30, "metric": METRIC, "value": "0.9", "source_note": "Hệ thống một cửa", "version": "0"},
        {"unit": "9" * 30, "metric": METRIC, "value": "x"},
    ):
        assert client.post(url, data, **HX).status_code == 400
        assert client.post(url, data).status_code == 400
    assert not MeasuredValue.objects.exists()


def test_it_refreshes_computed_metrics(period, secretariat) -> None:  # type: ignore[no-untyped-def]
    response = client_for(secretariat).post(reverse("par:metrics_refresh", args=[period.pk]), follow=True)
    assert response.status_code == 200
    assert "Computed metrics refreshed: 0 values." in response.content.decode()


def test_it_guards_the_measured_values(period, focal_a, appraiser, secretariat, unit_a) -> None:  # type: ignore[no-untyped-def]
    for name in ("par:measured_set", "par:metrics_refresh"):
        url = reverse(name, args=[period.pk])
        assert client_for(focal_a).post(url).status_code == 403
        assert client_for(appraiser).post(url).status_code == 403
        assert client_for(secretariat).post(reverse(name, args=[period.pk + 99])).status_code == 404
        assert client_for(secretariat).get(url).status_code == 405
    assert client_for(focal_a).get(reverse("par:period_measured", args=[period.pk])).status_code == 403
    assert client_for(secretariat).post(reverse("par:period_measured", args=[period.pk])).status_code == 405
    assert post(client_for(focal_a), period, unit_a).status_code == 403
    assert not MeasuredValue.objects.exists()
