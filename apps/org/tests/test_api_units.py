"""GET /api/v1/org/units and /api/v1/org/units/{id}: any signed-in user reads the unit tree."""

from typing import Any

import pytest
from django.test import Client

from apps.org.models import Unit, UnitKind
from apps.org.services import unit_search_text
from apps.org.tests.factories import UnitFactory, UnitGroupFactory
from conftest import client_for

pytestmark = pytest.mark.django_db

URL = "/api/v1/org/units"


def _indexed(unit: Unit) -> Unit:
    Unit.objects.filter(pk=unit.pk).update(search_text=unit_search_text(unit))
    return unit


def test_it_lists_units_paginated(focal_a: Any, unit_b: Unit, commune: Unit) -> None:
    response = client_for(focal_a).get(URL, {"limit": 2, "offset": 0})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 4  # province, unit_a, unit_b, commune
    assert len(body["items"]) == 2
    rest = client_for(focal_a).get(URL, {"limit": 2, "offset": 2}).json()["items"]
    ids = {item["id"] for item in body["items"] + rest}
    assert ids == set(Unit.objects.values_list("pk", flat=True))


def test_it_describes_each_unit(focal_a: Any, unit_a: Unit, province: Unit) -> None:
    items = client_for(focal_a).get(URL, {"kind": UnitKind.DEPARTMENT}).json()["items"]
    assert items == [
        {
            "id": unit_a.pk,
            "kind": "department",
            "kind_label": str(UnitKind.DEPARTMENT.label),
            "code": "",
            "name": "Sở Tư pháp",
            "short_name": "STP",
            "parent_id": province.pk,
            "valid_from": None,
            "valid_to": None,
        }
    ]


def test_it_filters_by_kind(focal_a: Any, commune: Unit) -> None:
    items = client_for(focal_a).get(URL, {"kind": "ward"}).json()["items"]
    assert [item["id"] for item in items] == [commune.pk]


def test_it_refuses_an_unknown_kind(focal_a: Any) -> None:
    response = client_for(focal_a).get(URL, {"kind": "kingdom"})
    assert response.status_code == 422
    assert set(response.json()) == {"message", "detail"}


def test_it_searches_without_diacritics(focal_a: Any, unit_a: Unit, unit_b: Unit, commune: Unit) -> None:
    for unit in (unit_a, unit_b, commune):
        _indexed(unit)
    items = client_for(focal_a).get(URL, {"q": "minh xuan"}).json()["items"]
    assert [item["id"] for item in items] == [commune.pk]
    items = client_for(focal_a).get(URL, {"q": "Sở Tư"}).json()["items"]
    assert [item["id"] for item in items] == [unit_a.pk]


@pytest.mark.parametrize("rows", [5, 50])
def test_it_lists_units_in_a_fixed_number_of_queries(
    rows: int, focal_a: Any, province: Unit, django_assert_max_num_queries: Any
) -> None:
    UnitFactory.create_batch(rows, parent=province)
    client = client_for(focal_a)
    # session read and save (SESSION_SAVE_EVERY_REQUEST, in a savepoint: 4), user, count, page
    with django_assert_max_num_queries(7):
        response = client.get(URL, {"limit": 100})
    assert response.json()["count"] == rows + 2


def test_it_shows_one_unit_with_its_parent_and_groups(focal_b: Any, unit_a: Unit, province: Unit) -> None:
    group = UnitGroupFactory(code="so-nganh", name="Sở, ban, ngành")
    group.units.add(unit_a)
    response = client_for(focal_b).get(f"{URL}/{unit_a.pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "Sở Tư pháp"
    assert body["parent"] == {"id": province.pk, "name": "Tỉnh Tuyên Quang"}
    assert body["groups"] == [{"id": group.pk, "code": "so-nganh", "name": "Sở, ban, ngành"}]


def test_it_answers_404_for_a_missing_unit(focal_a: Any) -> None:
    response = client_for(focal_a).get(f"{URL}/999999")
    assert response.status_code == 404
    assert set(response.json()) == {"message", "detail"}


def test_it_refuses_anonymous_visitors(citizen: Client, unit_a: Unit) -> None:
    assert citizen.get(URL).status_code == 401
    assert citizen.get(f"{URL}/{unit_a.pk}").status_code == 401


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_it_is_read_only(method: str, focal_a: Any, sysadmin: Any, unit_a: Unit) -> None:
    client = client_for(sysadmin)
    assert getattr(client, method)(URL, {}, content_type="application/json").status_code == 405
    assert getattr(client, method)(f"{URL}/{unit_a.pk}", {}, content_type="application/json").status_code == 405


@pytest.mark.parametrize(
    "params", [{"limit": 10**24}, {"offset": 10**24}, {"limit": 1001}, {"limit": 0}, {"offset": -1}]
)
def test_it_refuses_a_page_out_of_bounds(focal_a: Any, params: dict[str, int]) -> None:
    response = client_for(focal_a).get(URL, params)
    assert response.status_code == 422
    assert set(response.json()) == {"message", "detail"}
