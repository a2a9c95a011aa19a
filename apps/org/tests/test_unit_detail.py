from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from apps.org.models import Unit
from apps.org.tests.factories import UnitFactory, UnitGroupFactory
from conftest import client_for

pytestmark = pytest.mark.django_db


def test_it_shows_a_unit_with_its_relations(focal_a: Any, province: Unit, unit_a: Unit) -> None:
    old = UnitFactory(parent=province, name="Sở Tư pháp (cũ)", valid_to=date(2025, 6, 30))
    unit_a.predecessors.add(old)
    child = UnitFactory(parent=unit_a, name="Phòng Hành chính tư pháp")
    group = UnitGroupFactory(name="Sở, ban, ngành")
    group.units.add(unit_a)
    response = client_for(focal_a).get(reverse("org:unit_detail", args=[unit_a.pk]))
    assert response.status_code == 200
    for text in (old.name, child.name, group.name, province.name):
        assert text in response.text
    assert 'data-testid="unit-people"' in response.text
    assert "Cán bộ đầu mối A" in response.text
    old_page = client_for(focal_a).get(reverse("org:unit_detail", args=[old.pk]))
    assert unit_a.name in old_page.text  # successors
    assert "30/06/2025" in old_page.text


def test_it_hides_the_people_of_another_unit(focal_a: Any, focal_b: Any, unit_b: Unit) -> None:
    response = client_for(focal_a).get(reverse("org:unit_detail", args=[unit_b.pk]))
    assert response.status_code == 200
    assert 'data-testid="unit-people"' not in response.text
    assert "Cán bộ đầu mối B" not in response.text


def test_it_shows_people_to_province_wide_roles(leader: Any, focal_b: Any, unit_b: Unit) -> None:
    response = client_for(leader).get(reverse("org:unit_detail", args=[unit_b.pk]))
    assert "Cán bộ đầu mối B" in response.text


def test_it_shows_edit_links_only_to_the_system_admin(sysadmin: Any, focal_a: Any, unit_a: Unit) -> None:
    url = reverse("org:unit_detail", args=[unit_a.pk])
    assert 'data-testid="unit-edit"' in client_for(sysadmin).get(url).text
    assert 'data-testid="unit-edit"' not in client_for(focal_a).get(url).text


def test_it_gives_404_for_a_missing_unit(focal_a: Any) -> None:
    assert client_for(focal_a).get(reverse("org:unit_detail", args=[99999])).status_code == 404


def test_it_refuses_posts(sysadmin: Any, unit_a: Unit) -> None:
    assert client_for(sysadmin).post(reverse("org:unit_detail", args=[unit_a.pk])).status_code == 405
