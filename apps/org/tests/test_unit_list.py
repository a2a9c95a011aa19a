from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from apps.org.models import Unit, UnitKind
from apps.org.tests.factories import UnitFactory, refresh_search_text
from conftest import client_for

pytestmark = pytest.mark.django_db


def test_it_shows_the_tree_to_any_signed_in_user(focal_a: Any, unit_a: Unit, unit_b: Unit, commune: Unit) -> None:
    response = client_for(focal_a).get(reverse("org:unit_list"))
    assert response.status_code == 200
    assert 'data-testid="unit-tree"' in response.text
    for unit in (unit_a, unit_b, commune):
        assert f'data-unit="{unit.pk}"' in response.text
    assert "<details open>" in response.text  # the province is expanded


def test_it_sends_anonymous_visitors_to_sign_in(citizen: Client) -> None:
    response = citizen.get(reverse("org:unit_list"))
    assert response.status_code == 302


def test_it_greys_inactive_units_with_their_dates(focal_a: Any, province: Unit) -> None:
    old = UnitFactory(
        parent=province, name="Sở Kế hoạch và Đầu tư", valid_from=date(2008, 1, 1), valid_to=date(2025, 2, 28)
    )
    response = client_for(focal_a).get(reverse("org:unit_list"))
    assert f'data-unit="{old.pk}" data-inactive' in response.text
    assert "01/01/2008 – 28/02/2025" in response.text


def test_it_finds_units_without_diacritics(focal_a: Any, unit_a: Unit, unit_b: Unit) -> None:
    refresh_search_text()
    response = client_for(focal_a).get(reverse("org:unit_list"), {"q": "tu phap"})
    assert response.status_code == 200
    assert 'data-testid="unit-flat-list"' in response.text
    assert "Sở Tư pháp" in response.text
    assert f'data-unit="{unit_b.pk}"' not in response.text


def test_it_serves_live_results_as_a_fragment(focal_a: Any, unit_a: Unit, unit_b: Unit) -> None:
    refresh_search_text()
    response = client_for(focal_a).get(reverse("org:unit_list_results"), {"q": "SYT"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "<html" not in response.text
    assert f'data-unit="{unit_b.pk}"' in response.text
    assert f'data-unit="{unit_a.pk}"' not in response.text


def test_it_filters_by_kind(focal_a: Any, unit_a: Unit, commune: Unit) -> None:
    response = client_for(focal_a).get(reverse("org:unit_list"), {"kind": UnitKind.WARD})
    assert f'data-unit="{commune.pk}"' in response.text
    assert f'data-unit="{unit_a.pk}"' not in response.text


def test_it_refuses_posts(sysadmin: Any) -> None:
    assert client_for(sysadmin).post(reverse("org:unit_list")).status_code == 405
    assert client_for(sysadmin).post(reverse("org:unit_list_results")).status_code == 405


@pytest.mark.parametrize("rows", [5, 60])
def test_it_lists_units_in_a_fixed_number_of_queries(
    rows: int, focal_a: Any, province: Unit, django_assert_max_num_queries: Any
) -> None:
    for i in range(rows):
        parent = UnitFactory(parent=province, name=f"Sở số {i}")
        UnitFactory(parent=parent, kind=UnitKind.SUB_UNIT, name=f"Phòng số {i}")
    refresh_search_text()
    client = client_for(focal_a)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("org:unit_list")).status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(reverse("org:unit_list"), {"q": "so"}).status_code == 200
