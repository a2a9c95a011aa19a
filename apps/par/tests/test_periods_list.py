from typing import Any

import pytest
from django.urls import reverse

from apps.par.models import PeriodStatus, ScoringPeriod
from apps.par.tests.factories import build_set, group_of, open_period
from conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def periods(unit_a: Any, unit_b: Any) -> tuple[ScoringPeriod, ScoringPeriod]:
    group = group_of(unit_a, unit_b)
    published = open_period(group, build_set(group, year=2024))
    ScoringPeriod.objects.filter(pk=published.pk).update(status=PeriodStatus.PUBLISHED)
    current = open_period(group, build_set(group, year=2025))
    return published, current


def _results_links(user: Any) -> set[str]:
    html = client_for(user).get(reverse("par:period_list")).content.decode()
    links = {reverse("par:results", args=[p.pk]) for p in ScoringPeriod.objects.all()}
    return {link.removeprefix("/chi-so-cchc") for link in links if link in html}


def test_it_links_every_period_to_its_results_for_the_secretariat(periods: Any, secretariat: Any) -> None:
    published, current = periods
    assert _results_links(secretariat) == {
        f"/ky-danh-gia/{published.pk}/ket-qua/",
        f"/ky-danh-gia/{current.pk}/ket-qua/",
    }


def test_it_links_only_published_results_for_a_focal_point(periods: Any, focal_a: Any) -> None:
    published, _current = periods
    assert _results_links(focal_a) == {f"/ky-danh-gia/{published.pk}/ket-qua/"}
