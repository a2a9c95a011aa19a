"""GET /api/v1/par/criteria-sets, periods and assessments: what each caller may read."""

from typing import Any

import pytest
from django.test import Client

from apps.par.models import Assessment, PeriodStatus, ScoringPeriod
from apps.par.tests.factories import build_set, group_of, open_period
from conftest import client_for

pytestmark = pytest.mark.django_db

API = "/api/v1/par"


@pytest.fixture
def period(unit_a: Any, unit_b: Any, secretariat: Any) -> ScoringPeriod:
    group = group_of(unit_a, unit_b)
    return open_period(group, build_set(group), actor=secretariat)  # type: ignore[no-any-return]


def test_it_lists_criteria_sets(period: ScoringPeriod, focal_a: Any) -> None:
    response = client_for(focal_a).get(f"{API}/criteria-sets")
    assert response.status_code == 200
    [row] = response.json()
    assert row["id"] == period.criteria_set_id
    assert row["year"] == 2025
    assert row["group_name"] == "Sở, ban, ngành"


def test_it_returns_a_set_with_its_nodes_as_a_flat_list(period: ScoringPeriod, focal_a: Any) -> None:
    response = client_for(focal_a).get(f"{API}/criteria-sets/{period.criteria_set_id}")
    assert response.status_code == 200
    nodes = response.json()["nodes"]
    assert [n["code"] for n in nodes][:4] == ["1", "1.1", "1.2", "1.3"]
    by_code = {n["code"]: n for n in nodes}
    assert by_code["1.1"]["parent_id"] == by_code["1"]["id"]
    assert by_code["1.1"]["depth"] == 2
    assert by_code["1.1"]["max_points"] == "4.00"
    assert by_code["1.1"]["method"] == {"type": "manual", "step": "0.25"}
    assert by_code["1.1"]["evidence_required"] is True
    assert by_code["9"]["kind"] == "bonus"
    assert set(by_code["1.1"]) == {
        "id",
        "parent_id",
        "code",
        "name",
        "depth",
        "max_points",
        "method",
        "guidance",
        "evidence_required",
        "kind",
        "predecessor_id",
    }


def test_it_answers_404_for_a_missing_set(focal_a: Any) -> None:
    assert client_for(focal_a).get(f"{API}/criteria-sets/999999").status_code == 404


def test_it_lists_periods_the_caller_may_see(period: ScoringPeriod, focal_a: Any, focal_b: Any, commune: Any) -> None:
    from apps.org.models import Role
    from apps.org.tests.factories import user_with_role

    assert [p["id"] for p in client_for(focal_a).get(f"{API}/periods").json()] == [period.pk]
    outsider = user_with_role("outsider", Role.FOCAL_POINT, commune, "Xã")
    assert client_for(outsider).get(f"{API}/periods").json() == []
    assert client_for(outsider).get(f"{API}/periods/{period.pk}").status_code == 404
    ScoringPeriod.objects.filter(pk=period.pk).update(status=PeriodStatus.PUBLISHED)
    assert [p["id"] for p in client_for(outsider).get(f"{API}/periods").json()] == [period.pk]


def test_it_returns_a_period(period: ScoringPeriod, secretariat: Any) -> None:
    response = client_for(secretariat).get(f"{API}/periods/{period.pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["self_assessment_deadline"] == "2026-01-15"
    assert body["bands"][0] == {"label": "Xuất sắc", "min": 90.0}
    assert body["status"] == "open"
    assert body["version"] == period.version


def test_it_returns_an_assessment_with_its_scores(period: ScoringPeriod, focal_a: Any, unit_a: Any) -> None:
    assessment = Assessment.objects.get(period=period, unit=unit_a)
    response = client_for(focal_a).get(f"{API}/assessments/{assessment.pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "draft"
    assert body["unit"] == {"id": unit_a.pk, "name": "Sở Tư pháp"}
    codes = [s["code"] for s in body["scores"]]
    assert codes == ["1.1", "1.2", "1.3", "2.1", "2.2", "9.1", "10.1"]
    assert body["scores"][0]["evidence_ids"] == []
    assert body["scores"][0]["self_points"] is None


@pytest.mark.parametrize("units", [2, 12])
def test_it_reads_an_assessment_in_a_fixed_number_of_queries(
    units: int, province: Any, focal_a: Any, unit_a: Any, django_assert_max_num_queries: Any
) -> None:
    from apps.org.tests.factories import UnitFactory

    group = group_of(unit_a, *UnitFactory.create_batch(units - 1, parent=province))
    period = open_period(group, build_set(group), actor="test")
    assessment = Assessment.objects.get(period=period, unit=unit_a)
    client = client_for(focal_a)
    with django_assert_max_num_queries(16):
        assert client.get(f"{API}/assessments/{assessment.pk}").status_code == 200


def test_it_hides_another_units_unpublished_assessment(period: ScoringPeriod, focal_b: Any, unit_a: Any) -> None:
    assessment = Assessment.objects.get(period=period, unit=unit_a)
    response = client_for(focal_b).get(f"{API}/assessments/{assessment.pk}")
    assert response.status_code == 404
    assert set(response.json()) == {"message", "detail"}


def test_it_hides_drafts_from_appraisers(period: ScoringPeriod, appraiser: Any, unit_a: Any) -> None:
    assessment = Assessment.objects.get(period=period, unit=unit_a)
    assert client_for(appraiser).get(f"{API}/assessments/{assessment.pk}").status_code == 404


def test_it_shows_any_assessment_once_published(period: ScoringPeriod, focal_b: Any, unit_a: Any) -> None:
    ScoringPeriod.objects.filter(pk=period.pk).update(status=PeriodStatus.PUBLISHED)
    assessment = Assessment.objects.get(period=period, unit=unit_a)
    assert client_for(focal_b).get(f"{API}/assessments/{assessment.pk}").status_code == 200


@pytest.mark.parametrize("path", ["criteria-sets", "periods", "assessments/1", "criteria-sets/1", "periods/1"])
def test_it_refuses_anonymous_reads(citizen: Client, path: str) -> None:
    assert citizen.get(f"{API}/{path}").status_code == 401


def test_it_is_read_only_where_it_should_be(period: ScoringPeriod, secretariat: Any) -> None:
    client = client_for(secretariat)
    assert client.post(f"{API}/periods", {}, content_type="application/json").status_code == 405
    assert client.delete(f"{API}/criteria-sets/{period.criteria_set_id}").status_code == 405
