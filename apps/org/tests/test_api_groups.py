"""GET /api/v1/org/groups: the groups units are scored and ranked in."""

from typing import Any

import pytest
from django.test import Client

from apps.org.models import Unit
from apps.org.tests.factories import UnitFactory, UnitGroupFactory
from conftest import client_for

pytestmark = pytest.mark.django_db

URL = "/api/v1/org/groups"


def test_it_lists_groups_with_their_units(focal_a: Any, unit_a: Unit, unit_b: Unit, commune: Unit) -> None:
    departments = UnitGroupFactory(code="so-nganh", name="Sở, ban, ngành", description="Khối sở")
    departments.units.add(unit_a, unit_b)
    communes = UnitGroupFactory(code="xa-phuong", name="Xã, phường")
    communes.units.add(commune)
    response = client_for(focal_a).get(URL)
    assert response.status_code == 200
    body = sorted(response.json(), key=lambda g: g["code"])
    assert body == [
        {
            "id": departments.pk,
            "code": "so-nganh",
            "name": "Sở, ban, ngành",
            "description": "Khối sở",
            "unit_ids": sorted([unit_a.pk, unit_b.pk]),
        },
        {"id": communes.pk, "code": "xa-phuong", "name": "Xã, phường", "description": "", "unit_ids": [commune.pk]},
    ]


@pytest.mark.parametrize("rows", [5, 50])
def test_it_lists_groups_in_a_fixed_number_of_queries(
    rows: int, focal_a: Any, province: Unit, django_assert_max_num_queries: Any
) -> None:
    for group in UnitGroupFactory.create_batch(rows):
        group.units.add(*UnitFactory.create_batch(2, parent=province))
    client = client_for(focal_a)
    # session read and save (SESSION_SAVE_EVERY_REQUEST, in a savepoint: 4), user, groups, their units
    with django_assert_max_num_queries(7):
        response = client.get(URL)
    assert len(response.json()) == rows


def test_it_refuses_anonymous_visitors(citizen: Client) -> None:
    assert citizen.get(URL).status_code == 401


def test_it_is_read_only(sysadmin: Any) -> None:
    assert client_for(sysadmin).post(URL, {}, content_type="application/json").status_code == 405
