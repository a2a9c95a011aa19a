"""The org policy decides what the role predicates used to decide in selectors, the API and the navigation."""

from typing import Any

import pytest

from apps.accounts.models import User
from apps.org.models import Role, Unit
from apps.org.permissions import OrgAction, can, first_role_of, scope
from apps.org.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_it_lets_only_province_wide_roles_view_all_units(
    sysadmin: Any, secretariat: Any, leader: Any, appraiser: Any, focal_a: Any, head_a: Any
) -> None:
    assert all(can(user, OrgAction.VIEW_ALL_UNITS) for user in (sysadmin, secretariat, leader, appraiser))
    assert not any(can(user, OrgAction.VIEW_ALL_UNITS) for user in (focal_a, head_a))


def test_it_scopes_people_to_the_own_units_of_a_unit_scoped_role(
    focal_a: Any, focal_b: Any, head_a: Any, secretariat: Any
) -> None:
    seen = set(scope(focal_a, OrgAction.VIEW_PEOPLE, User.objects.all()).distinct())
    assert {focal_a, head_a} <= seen
    assert focal_b not in seen
    assert focal_b in set(scope(secretariat, OrgAction.VIEW_PEOPLE, User.objects.all()))


def test_it_shows_no_people_to_someone_without_a_role() -> None:
    assert not scope(UserFactory(username="nobody"), OrgAction.VIEW_PEOPLE, User.objects.all()).exists()


def test_it_scopes_units_to_the_own_units(focal_a: Any, unit_a: Unit, unit_b: Unit, leader: Any) -> None:
    assert set(scope(focal_a, OrgAction.VIEW_UNIT_PRIVATE, Unit.objects.all())) >= {unit_a}
    assert unit_b not in set(scope(focal_a, OrgAction.VIEW_UNIT_PRIVATE, Unit.objects.all()))
    assert unit_b in set(scope(leader, OrgAction.VIEW_UNIT_PRIVATE, Unit.objects.all()))


def test_it_finds_the_first_role_held_in_the_order_given(focal_a: Any) -> None:
    assert first_role_of(focal_a, [Role.SYSTEM_ADMIN, Role.FOCAL_POINT]) == Role.FOCAL_POINT
    assert first_role_of(focal_a, [Role.SYSTEM_ADMIN]) is None
