from io import BytesIO

import pytest
from django.core.cache import cache
from django.urls import reverse
from openpyxl import load_workbook

from apps.core.public import public_url_names
from apps.par.models import Assessment
from apps.par.tests.test_results_support import publish, small_scenario
from conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limit() -> None:
    cache.clear()


def test_it_lists_only_published_periods(unit_a, unit_b, citizen):  # type: ignore[no-untyped-def]
    draft = small_scenario(unit_a, unit_b)
    response = citizen.get(reverse("par_public:index"))
    assert response.status_code == 200
    assert reverse("par_public:period", args=[draft.pk]) not in response.content.decode()
    publish(draft)
    html = citizen.get(reverse("par_public:index")).content.decode()
    assert reverse("par_public:period", args=[draft.pk]) in html


def test_it_hides_every_page_of_an_unpublished_period(unit_a, unit_b, citizen):  # type: ignore[no-untyped-def]
    period = small_scenario(unit_a, unit_b)
    for path in (
        reverse("par_public:period", args=[period.pk]),
        reverse("par_public:unit", args=[period.pk, unit_a.pk]),
        reverse("par_public:results_xlsx", args=[period.pk]),
    ):
        response = citizen.get(path)
        assert response.status_code == 404, path
        assert "Sở Tư pháp" not in response.content.decode()


def test_it_hides_unpublished_periods_from_signed_in_users_too(unit_a, unit_b, secretariat):  # type: ignore[no-untyped-def]
    period = small_scenario(unit_a, unit_b)
    assert client_for(secretariat).get(reverse("par_public:period", args=[period.pk])).status_code == 404


def test_it_shows_a_published_ranking_without_login(unit_a, unit_b, citizen):  # type: ignore[no-untyped-def]
    period = publish(small_scenario(unit_a, unit_b))
    response = citizen.get(reverse("par_public:period", args=[period.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("Sở Y tế") < html.index("Sở Tư pháp")
    assert "80.00" in html and "78.00" in html and "Khá" in html
    assert 'data-chart="ranking"' in html
    assert reverse("par_public:results_xlsx", args=[period.pk]) in html
    assert reverse("par_public:unit", args=[period.pk, unit_a.pk]) in html
    # No internal figures or reasons leak onto the public page.
    assert "Kế hoạch ban hành muộn" not in html


def test_it_shows_a_units_areas(unit_a, unit_b, citizen):  # type: ignore[no-untyped-def]
    period = publish(small_scenario(unit_a, unit_b))
    response = citizen.get(reverse("par_public:unit", args=[period.pk, unit_a.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "65.00" in html and "94.00" in html  # area sub-indices
    assert 'data-chart="radar"' in html and 'data-chart="trend"' in html
    assert citizen.get(reverse("par_public:unit", args=[period.pk, 99999])).status_code == 404


def test_it_downloads_the_excel_without_login(unit_a, unit_b, citizen):  # type: ignore[no-untyped-def]
    period = publish(small_scenario(unit_a, unit_b))
    response = citizen.get(reverse("par_public:results_xlsx", args=[period.pk]))
    assert response.status_code == 200
    ws = load_workbook(BytesIO(response.content)).active
    assert ws["B3"].value == "Sở Y tế" and ws["C4"].value == 78  # the lean public layout


def test_it_shows_the_change_against_last_year(province, unit_a, unit_b, citizen):  # type: ignore[no-untyped-def]
    from apps.par.services.results import results_recompute
    from apps.par.tests.factories import build_set, open_period
    from apps.par.tests.test_results_support import set_scores

    period = publish(small_scenario(unit_a, unit_b))
    last = open_period(period.group, build_set(period.group, year=2024))
    for assessment in Assessment.objects.filter(period=last):
        set_scores(assessment, **{"1.1": {"self_points": 4}, "1.2": {"self_points": 3}})
    results_recompute(period=last)
    publish(last)  # both at 7/15 = 46.67 %, rank 1
    html = citizen.get(reverse("par_public:period", args=[period.pk])).content.decode()
    assert "+33.33" in html and "+31.33" in html


def test_it_refuses_posts(unit_a, unit_b, citizen):  # type: ignore[no-untyped-def]
    period = publish(small_scenario(unit_a, unit_b))
    assert citizen.post(reverse("par_public:period", args=[period.pk])).status_code == 405


def test_it_registers_the_public_names() -> None:
    for name in ("index", "period", "unit", "results_xlsx"):
        assert f"par_public:{name}" in public_url_names()
