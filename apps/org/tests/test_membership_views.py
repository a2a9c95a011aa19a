from typing import Any

import pytest
from django.urls import reverse

from apps.org.models import Membership, Role, Unit
from conftest import client_for

pytestmark = pytest.mark.django_db


def test_it_adds_a_membership(sysadmin: Any, focal_a: Any, unit_b: Unit) -> None:
    url = reverse("org:membership_add", args=[focal_a.pk])
    response = client_for(sysadmin).post(url, {"unit": unit_b.pk, "role": Role.UNIT_HEAD})
    assert response.status_code == 302
    assert Membership.objects.filter(user=focal_a, unit=unit_b, role=Role.UNIT_HEAD, is_active=True).exists()


def test_it_refuses_a_bad_membership_with_400(sysadmin: Any, focal_a: Any) -> None:
    response = client_for(sysadmin).post(
        reverse("org:membership_add", args=[focal_a.pk]), {"unit": 99999, "role": "king"}
    )
    assert response.status_code == 400
    assert 'data-testid="membership-form"' in response.text


def test_it_refuses_adding_to_a_focal_point(focal_a: Any, head_a: Any, unit_a: Unit) -> None:
    response = client_for(focal_a).post(
        reverse("org:membership_add", args=[head_a.pk]), {"unit": unit_a.pk, "role": Role.SYSTEM_ADMIN}
    )
    assert response.status_code == 403
    assert not Membership.objects.filter(role=Role.SYSTEM_ADMIN, unit=unit_a).exists()


def test_it_gives_404_when_adding_to_a_missing_person(sysadmin: Any, unit_a: Unit) -> None:
    response = client_for(sysadmin).post(
        reverse("org:membership_add", args=[99999]), {"unit": unit_a.pk, "role": Role.FOCAL_POINT}
    )
    assert response.status_code == 404


def test_it_only_accepts_post_for_adding(sysadmin: Any, focal_a: Any) -> None:
    assert client_for(sysadmin).get(reverse("org:membership_add", args=[focal_a.pk])).status_code == 405


def test_it_removes_a_membership(sysadmin: Any, focal_a: Any) -> None:
    membership = Membership.objects.get(user=focal_a)
    response = client_for(sysadmin).post(reverse("org:membership_remove", args=[membership.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("org:user_detail", args=[focal_a.pk])
    membership.refresh_from_db()
    assert not membership.is_active


def test_it_refuses_removing_to_a_focal_point(focal_a: Any, head_a: Any) -> None:
    membership = Membership.objects.get(user=head_a)
    assert client_for(focal_a).post(reverse("org:membership_remove", args=[membership.pk])).status_code == 403
    membership.refresh_from_db()
    assert membership.is_active


def test_it_gives_404_when_removing_a_missing_membership(sysadmin: Any) -> None:
    assert client_for(sysadmin).post(reverse("org:membership_remove", args=[99999])).status_code == 404


def test_it_only_accepts_post_for_removing(sysadmin: Any, focal_a: Any) -> None:
    membership = Membership.objects.get(user=focal_a)
    assert client_for(sysadmin).get(reverse("org:membership_remove", args=[membership.pk])).status_code == 405
