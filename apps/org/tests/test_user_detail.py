from typing import Any

import pytest
from django.urls import reverse

from apps.org.models import Role, Unit
from apps.org.tests.factories import MembershipFactory, user_with_role
from conftest import client_for

pytestmark = pytest.mark.django_db


def test_it_shows_a_colleague_to_a_unit_member(focal_a: Any, head_a: Any) -> None:
    response = client_for(focal_a).get(reverse("org:user_detail", args=[head_a.pk]))
    assert response.status_code == 200
    assert "Thủ trưởng A" in response.text
    assert 'data-testid="membership-form"' not in response.text  # no admin controls
    assert reverse("org:user_edit", args=[head_a.pk]) not in response.text


def test_it_hides_a_person_of_another_unit(focal_a: Any, focal_b: Any) -> None:
    assert client_for(focal_a).get(reverse("org:user_detail", args=[focal_b.pk])).status_code == 404


def test_it_shows_a_person_in_both_units_to_unit_a(focal_a: Any, unit_a: Unit, unit_b: Unit) -> None:
    both = user_with_role("both", Role.FOCAL_POINT, unit_b)
    MembershipFactory(user=both, unit=unit_a, role=Role.RESOLVING_OFFICER)
    assert client_for(focal_a).get(reverse("org:user_detail", args=[both.pk])).status_code == 200


def test_it_shows_everyone_to_the_secretariat(secretariat: Any, focal_b: Any) -> None:
    assert client_for(secretariat).get(reverse("org:user_detail", args=[focal_b.pk])).status_code == 200


def test_it_shows_admin_controls_to_the_system_admin(sysadmin: Any, focal_a: Any) -> None:
    response = client_for(sysadmin).get(reverse("org:user_detail", args=[focal_a.pk]))
    assert 'data-testid="membership-form"' in response.text
    assert 'data-testid="password-form"' in response.text
    assert reverse("org:user_deactivate", args=[focal_a.pk]) in response.text


def test_it_gives_404_for_a_missing_person(secretariat: Any) -> None:
    assert client_for(secretariat).get(reverse("org:user_detail", args=[99999])).status_code == 404


def test_it_refuses_posts(secretariat: Any, focal_a: Any) -> None:
    assert client_for(secretariat).post(reverse("org:user_detail", args=[focal_a.pk])).status_code == 405
