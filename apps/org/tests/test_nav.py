from typing import Any

import pytest
from django.urls import reverse

from apps.core.navigation import items_for
from apps.org.tests.factories import UserFactory
from conftest import client_for

pytestmark = pytest.mark.django_db


def _names(user: Any) -> set[str]:
    return {item["name"] for item in items_for(user)}


def test_it_offers_units_and_people_to_unit_members(focal_a: Any) -> None:
    names = _names(focal_a)
    assert {"org:unit_list", "org:user_list"} <= names
    assert "org:group_list" not in names


def test_it_offers_groups_to_province_wide_roles(secretariat: Any) -> None:
    assert {"org:unit_list", "org:user_list", "org:group_list"} <= _names(secretariat)


def test_it_offers_no_people_to_someone_without_a_role(db: None) -> None:
    names = _names(UserFactory())
    assert "org:unit_list" in names
    assert "org:user_list" not in names


def test_the_entries_render_in_the_menu(focal_a: Any) -> None:
    response = client_for(focal_a).get(reverse("org:unit_list"))
    assert 'data-nav="org:unit_list"' in response.text
