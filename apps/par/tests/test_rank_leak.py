"""Fix 4: before publication a unit's analysis page shows no rank and nothing of other units'
drafts; after publication, and for who may read every draft, the rank is there."""

from typing import Any

import pytest
from django.urls import reverse

from apps.par.tests.test_results_support import publish, small_scenario
from conftest import client_for

pytestmark = pytest.mark.django_db


def test_it_hides_the_rank_from_a_unit_before_publication(unit_a: Any, unit_b: Any, focal_a: Any) -> None:
    period = small_scenario(unit_a, unit_b)
    response = client_for(focal_a).get(reverse("par:analysis", args=[period.pk]))
    assert response.status_code == 200
    row = response.context["row"]
    assert row.unit_id == unit_a.pk and row.rank is None
    others = [r for r in response.context["table"].rows if r.unit_id != unit_a.pk]
    assert others and all(not r.has_result and r.rank is None for r in others)
    assert "Rank" not in response.content.decode()


def test_it_shows_the_rank_once_published(unit_a: Any, unit_b: Any, focal_a: Any) -> None:
    period = publish(small_scenario(unit_a, unit_b))
    response = client_for(focal_a).get(reverse("par:analysis", args=[period.pk]))
    assert response.context["row"].rank is not None


def test_it_shows_the_rank_to_the_secretariat_before_publication(unit_a: Any, unit_b: Any, secretariat: Any) -> None:
    period = small_scenario(unit_a, unit_b)
    response = client_for(secretariat).get(reverse("par:analysis", args=[period.pk]) + f"?don_vi={unit_a.pk}")
    assert response.context["row"].rank is not None


def test_it_keeps_the_appraisers_reasons_from_other_units_once_published(
    unit_a: Any, unit_b: Any, focal_b: Any
) -> None:
    period = publish(small_scenario(unit_a, unit_b))
    response = client_for(focal_b).get(reverse("par:analysis", args=[period.pk]) + f"?don_vi={unit_a.pk}")
    assert response.status_code == 200
    assert response.context["losses"] and all(item.reason == "" for item in response.context["losses"])
    assert "Kế hoạch ban hành muộn" not in response.content.decode()
