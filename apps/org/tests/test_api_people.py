"""GET /api/v1/org/people and /api/v1/org/people/{id}: people within the caller's reach."""

from typing import Any

import pytest
from django.test import Client

from apps.accounts.models import User
from apps.org.models import Membership, Role, Unit
from apps.org.services import user_search_text
from apps.org.tests.factories import MembershipFactory, UnitFactory, UserFactory
from conftest import client_for

pytestmark = pytest.mark.django_db

URL = "/api/v1/org/people"


def _ids(response: Any) -> set[int]:
    assert response.status_code == 200, response.content
    return {item["id"] for item in response.json()["items"]}


def test_it_shows_a_focal_point_the_people_of_their_own_unit(focal_a: Any, head_a: Any, focal_b: Any) -> None:
    assert _ids(client_for(focal_a).get(URL)) == {focal_a.pk, head_a.pk}


def test_it_includes_people_of_sub_units(focal_a: Any, unit_a: Unit) -> None:
    sub_unit = UnitFactory(parent=unit_a, name="Phòng Hành chính tư pháp")
    clerk = MembershipFactory(unit=sub_unit, role=Role.FOCAL_POINT).user
    assert clerk.pk in _ids(client_for(focal_a).get(URL))


def test_it_hides_people_of_other_units(focal_a: Any, focal_b: Any, unit_b: Unit) -> None:
    client = client_for(focal_a)
    assert focal_b.pk not in _ids(client.get(URL))
    assert _ids(client.get(URL, {"unit_id": unit_b.pk})) == set()
    response = client.get(f"{URL}/{focal_b.pk}")
    assert response.status_code == 404
    assert set(response.json()) == {"message", "detail"}


def test_it_hides_people_of_the_unit_a_member_has_left(focal_a: Any, focal_b: Any) -> None:
    Membership.objects.filter(user=focal_a).update(is_active=False)
    response = client_for(focal_a).get(f"{URL}/{focal_b.pk}")
    assert response.status_code == 403  # no active membership: no right to read people at all


@pytest.mark.parametrize("who", ["secretariat", "leader", "appraiser", "sysadmin"])
def test_it_shows_province_wide_roles_everyone(who: str, request: Any, focal_a: Any, focal_b: Any) -> None:
    user = request.getfixturevalue(who)
    client = client_for(user)
    assert {focal_a.pk, focal_b.pk, user.pk} <= _ids(client.get(URL))
    assert client.get(f"{URL}/{focal_b.pk}").status_code == 200


def test_it_filters_by_unit(secretariat: Any, focal_a: Any, head_a: Any, focal_b: Any, unit_a: Unit) -> None:
    assert _ids(client_for(secretariat).get(URL, {"unit_id": unit_a.pk})) == {focal_a.pk, head_a.pk}


def test_it_searches_without_diacritics(secretariat: Any, focal_a: Any, focal_b: Any) -> None:
    person = UserFactory(username="lan", full_name="Nguyễn Thị Lan Hương", position="Chuyên viên")
    for user in User.objects.all():
        User.objects.filter(pk=user.pk).update(search_text=user_search_text(user))
    assert _ids(client_for(secretariat).get(URL, {"q": "lan huong"})) == {person.pk}


def test_it_shows_a_person_with_contacts_and_active_memberships(secretariat: Any, focal_a: Any, unit_a: Unit) -> None:
    User.objects.filter(pk=focal_a.pk).update(phone="0912 345 678", position="Chuyên viên")
    ended = MembershipFactory(user=focal_a, unit=UnitFactory(name="Sở cũ"), role=Role.UNIT_HEAD, is_active=False)
    response = client_for(secretariat).get(f"{URL}/{focal_a.pk}")
    assert response.status_code == 200
    assert response.json() == {
        "id": focal_a.pk,
        "username": "focal_a",
        "full_name": "Cán bộ đầu mối A",
        "position": "Chuyên viên",
        "email": "focal_a@example.test",
        "phone": "0912 345 678",
        "is_active": True,
        "memberships": [
            {
                "unit_id": unit_a.pk,
                "unit_name": "Sở Tư pháp",
                "role": "focal_point",
                "role_label": str(Role.FOCAL_POINT.label),
            }
        ],
    }
    assert ended.unit_id not in {m["unit_id"] for m in response.json()["memberships"]}


def test_it_refuses_people_without_any_role(citizen: Client, unit_a: Unit) -> None:
    nobody = UserFactory(username="nobody")
    response = client_for(nobody).get(URL)
    assert response.status_code == 403
    assert set(response.json()) == {"message", "detail"}


def test_it_answers_404_for_a_missing_person(secretariat: Any) -> None:
    assert client_for(secretariat).get(f"{URL}/999999").status_code == 404


def test_it_refuses_anonymous_visitors(citizen: Client, focal_a: Any) -> None:
    assert citizen.get(URL).status_code == 401
    assert citizen.get(f"{URL}/{focal_a.pk}").status_code == 401


@pytest.mark.parametrize("rows", [5, 50])
def test_it_lists_people_in_a_fixed_number_of_queries(
    rows: int, secretariat: Any, unit_a: Unit, unit_b: Unit, django_assert_max_num_queries: Any
) -> None:
    for index in range(rows):
        person = MembershipFactory(unit=unit_a if index % 2 else unit_b).user
        MembershipFactory(user=person, unit=unit_b, role=Role.UNIT_HEAD)
    client = client_for(secretariat)
    # session read and save (4), user, roles, count, page, memberships with their units
    with django_assert_max_num_queries(9):
        response = client.get(URL, {"limit": 100})
    assert response.json()["count"] == rows + 1


@pytest.mark.parametrize("rows", [5, 50])
def test_it_lists_a_units_people_in_a_fixed_number_of_queries(
    rows: int, focal_a: Any, unit_a: Unit, django_assert_max_num_queries: Any
) -> None:
    MembershipFactory.create_batch(rows, unit=unit_a)
    client = client_for(focal_a)
    # as above, plus one query for the sub-units of unit A
    with django_assert_max_num_queries(10):
        response = client.get(URL, {"limit": 100})
    assert response.json()["count"] == rows + 1


def test_it_is_read_only(sysadmin: Any, focal_a: Any) -> None:
    client = client_for(sysadmin)
    assert client.post(URL, {}, content_type="application/json").status_code == 405
    assert client.delete(f"{URL}/{focal_a.pk}").status_code == 405


@pytest.mark.parametrize("params", [{"limit": 10**37}, {"offset": 10**20}])
def test_it_refuses_a_page_out_of_bounds(focal_a: Any, params: dict[str, int]) -> None:
    response = client_for(focal_a).get(URL, params)
    assert response.status_code == 422
    assert set(response.json()) == {"message", "detail"}


def test_it_refuses_a_unit_id_too_large_for_the_database(secretariat: Any) -> None:
    response = client_for(secretariat).get(URL, {"unit_id": 10**30})
    assert response.status_code == 422
    assert set(response.json()) == {"message", "detail"}
