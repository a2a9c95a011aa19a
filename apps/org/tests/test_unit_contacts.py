"""unit_contacts: who a notification about a unit goes to."""

from typing import Any

import pytest

from apps.org.models import Membership, Role, Unit
from apps.org.selectors import unit_contacts
from apps.org.tests.factories import MembershipFactory, user_with_role

pytestmark = pytest.mark.django_db


def test_it_lists_the_active_people_in_the_roles_of_each_unit_in_one_query(
    unit_a: Unit, unit_b: Unit, focal_a: Any, head_a: Any, focal_b: Any, django_assert_num_queries: Any
) -> None:
    MembershipFactory(user=focal_a, unit=unit_a, role=Role.UNIT_HEAD)  # two roles: listed once
    left = user_with_role("left", Role.FOCAL_POINT, unit_a)
    Membership.objects.filter(user=left).update(is_active=False)
    gone = user_with_role("gone", Role.FOCAL_POINT, unit_a)
    gone.is_active = False
    gone.save(update_fields=["is_active"])
    user_with_role("officer_a", Role.ONESTOP_OFFICER, unit_a)  # another role
    with django_assert_num_queries(1):
        contacts = unit_contacts(unit_ids=[unit_a.pk, unit_b.pk], roles=[Role.FOCAL_POINT, Role.UNIT_HEAD])
    assert {unit: sorted(u.username for u in users) for unit, users in contacts.items()} == {
        unit_a.pk: ["focal_a", "head_a"],
        unit_b.pk: ["focal_b"],
    }
    heads = unit_contacts(unit_ids=[unit_a.pk], roles=[Role.UNIT_HEAD])
    assert sorted(u.username for u in heads[unit_a.pk]) == ["focal_a", "head_a"]
    assert unit_contacts(unit_ids=[], roles=[Role.UNIT_HEAD]) == {}
