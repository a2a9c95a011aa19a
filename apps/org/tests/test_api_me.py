"""GET /api/v1/org/me: the caller, with their memberships and roles."""

from typing import Any

import pytest
from django.test import Client

from apps.org.models import Role, Unit
from apps.org.tests.factories import MembershipFactory, UserFactory
from conftest import client_for

pytestmark = pytest.mark.django_db

URL = "/api/v1/org/me"


def test_it_describes_the_caller(focal_a: Any, unit_a: Unit) -> None:
    response = client_for(focal_a).get(URL)
    assert response.status_code == 200
    assert response.json() == {
        "id": focal_a.pk,
        "username": "focal_a",
        "full_name": "Cán bộ đầu mối A",
        "position": "",
        "email": "focal_a@example.test",
        "phone": "",
        "roles": ["focal_point"],
        "sees_all_units": False,
        "memberships": [
            {
                "unit_id": unit_a.pk,
                "unit_name": "Sở Tư pháp",
                "role": "focal_point",
                "role_label": str(Role.FOCAL_POINT.label),
            }
        ],
    }


def test_it_lists_every_role(secretariat: Any, unit_a: Unit) -> None:
    MembershipFactory(user=secretariat, unit=unit_a, role=Role.UNIT_HEAD)
    body = client_for(secretariat).get(URL).json()
    assert body["roles"] == ["secretariat", "unit_head"]
    assert body["sees_all_units"] is True
    assert len(body["memberships"]) == 2


def test_it_answers_for_a_person_without_any_role(db: None) -> None:
    nobody = UserFactory(username="nobody")
    body = client_for(nobody).get(URL).json()
    assert body["roles"] == []
    assert body["memberships"] == []


def test_it_refuses_anonymous_visitors(citizen: Client) -> None:
    assert citizen.get(URL).status_code == 401


def test_it_is_read_only(focal_a: Any) -> None:
    assert client_for(focal_a).post(URL, {}, content_type="application/json").status_code == 405
