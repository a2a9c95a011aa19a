from typing import Any

import pytest
from django.urls import reverse

from apps.org.models import Role, Unit
from apps.org.tests.factories import MembershipFactory, UserFactory, refresh_search_text, user_with_role
from conftest import client_for

pytestmark = pytest.mark.django_db


def test_it_shows_everyone_to_the_secretariat(secretariat: Any, focal_a: Any, focal_b: Any) -> None:
    response = client_for(secretariat).get(reverse("org:user_list"))
    assert response.status_code == 200
    for person in (secretariat, focal_a, focal_b):
        assert f'data-person="{person.pk}"' in response.text


def test_it_shows_a_unit_member_only_the_people_of_their_unit(focal_a: Any, head_a: Any, focal_b: Any) -> None:
    response = client_for(focal_a).get(reverse("org:user_list"))
    assert response.status_code == 200
    assert f'data-person="{head_a.pk}"' in response.text
    assert f'data-person="{focal_b.pk}"' not in response.text


def test_it_refuses_a_person_without_any_role(db: None) -> None:
    nobody = UserFactory()
    assert client_for(nobody).get(reverse("org:user_list")).status_code == 403
    assert client_for(nobody).get(reverse("org:user_list_results")).status_code == 403


def test_it_finds_people_without_diacritics(secretariat: Any, unit_a: Unit) -> None:
    nguyen = user_with_role("nva", Role.FOCAL_POINT, unit_a, "Nguyễn Văn An")
    tran = user_with_role("ttb", Role.FOCAL_POINT, unit_a, "Trần Thị Bình")
    refresh_search_text()
    response = client_for(secretariat).get(reverse("org:user_list"), {"q": "nguyen van"})
    assert f'data-person="{nguyen.pk}"' in response.text
    assert f'data-person="{tran.pk}"' not in response.text


def test_it_filters_by_unit_and_role(secretariat: Any, focal_a: Any, head_a: Any, focal_b: Any, unit_a: Unit) -> None:
    response = client_for(secretariat).get(reverse("org:user_list"), {"unit": unit_a.pk, "role": Role.UNIT_HEAD})
    assert f'data-person="{head_a.pk}"' in response.text
    assert f'data-person="{focal_a.pk}"' not in response.text
    assert f'data-person="{focal_b.pk}"' not in response.text


def test_it_serves_live_results_as_a_fragment(secretariat: Any, focal_a: Any, focal_b: Any) -> None:
    refresh_search_text()
    response = client_for(secretariat).get(reverse("org:user_list_results"), {"q": "focal_b"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "<html" not in response.text
    assert f'data-person="{focal_b.pk}"' in response.text
    assert f'data-person="{focal_a.pk}"' not in response.text


def test_it_refuses_posts(secretariat: Any) -> None:
    assert client_for(secretariat).post(reverse("org:user_list")).status_code == 405


@pytest.mark.parametrize("rows", [5, 60])
@pytest.mark.parametrize("viewer", ["secretariat", "focal_a"])
def test_it_lists_people_in_a_fixed_number_of_queries(
    rows: int, viewer: str, request: Any, unit_a: Unit, unit_b: Unit, django_assert_max_num_queries: Any
) -> None:
    user = request.getfixturevalue(viewer)
    for _ in range(rows):
        person = UserFactory()
        MembershipFactory(user=person, unit=unit_a, role=Role.FOCAL_POINT)
        MembershipFactory(user=person, unit=unit_b, role=Role.RESOLVING_OFFICER)
    client = client_for(user)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("org:user_list"))
    assert response.status_code == 200
    with django_assert_max_num_queries(14):
        client.get(reverse("org:user_list"), {"q": "nguyen", "unit": unit_a.pk, "role": Role.FOCAL_POINT})
