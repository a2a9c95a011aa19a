from typing import Any

import pytest
from django.urls import reverse

from apps.core.models import AuditEvent
from conftest import client_for

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Mat-Khau#Moi-2025"


def test_it_deactivates_and_reactivates_a_person(sysadmin: Any, focal_a: Any) -> None:
    client = client_for(sysadmin)
    assert client.post(reverse("org:user_deactivate", args=[focal_a.pk])).status_code == 302
    focal_a.refresh_from_db()
    assert not focal_a.is_active
    assert client.post(reverse("org:user_reactivate", args=[focal_a.pk])).status_code == 302
    focal_a.refresh_from_db()
    assert focal_a.is_active


def test_it_refuses_to_deactivate_oneself_with_400(sysadmin: Any) -> None:
    response = client_for(sysadmin).post(reverse("org:user_deactivate", args=[sysadmin.pk]))
    assert response.status_code == 400
    assert "You cannot deactivate your own account." in response.text
    sysadmin.refresh_from_db()
    assert sysadmin.is_active


def test_it_sets_a_password(sysadmin: Any, focal_a: Any) -> None:
    response = client_for(sysadmin).post(
        reverse("org:user_set_password", args=[focal_a.pk]), {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert response.status_code == 302
    focal_a.refresh_from_db()
    assert focal_a.check_password(NEW_PASSWORD)
    event = AuditEvent.objects.get(action="user.set_password")
    assert NEW_PASSWORD not in str(event.after)


def test_it_refuses_a_weak_password_with_400(sysadmin: Any, focal_a: Any) -> None:
    response = client_for(sysadmin).post(
        reverse("org:user_set_password", args=[focal_a.pk]), {"password1": "password", "password2": "password"}
    )
    assert response.status_code == 400
    assert 'data-testid="password-form"' in response.text


@pytest.mark.parametrize("name", ["org:user_deactivate", "org:user_reactivate", "org:user_set_password"])
def test_it_refuses_a_focal_point(name: str, focal_a: Any, head_a: Any) -> None:
    data = {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    assert client_for(focal_a).post(reverse(name, args=[head_a.pk]), data).status_code == 403
    head_a.refresh_from_db()
    assert head_a.is_active
    assert not head_a.check_password(NEW_PASSWORD)


@pytest.mark.parametrize("name", ["org:user_deactivate", "org:user_reactivate", "org:user_set_password"])
def test_it_gives_404_for_a_missing_person(name: str, sysadmin: Any) -> None:
    assert client_for(sysadmin).post(reverse(name, args=[99999])).status_code == 404


@pytest.mark.parametrize("name", ["org:user_deactivate", "org:user_reactivate", "org:user_set_password"])
def test_it_only_accepts_post(name: str, sysadmin: Any, focal_a: Any) -> None:
    assert client_for(sysadmin).get(reverse(name, args=[focal_a.pk])).status_code == 405
