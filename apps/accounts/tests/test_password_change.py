import pytest
from django.test import Client

from apps.accounts.models import User
from apps.accounts.services import user_password_change
from apps.core.models import AuditEvent
from conftest import PASSWORD, client_for

pytestmark = pytest.mark.django_db

URL = "/doi-mat-khau/"
NEW_PASSWORD = "Khac-hoan-toan#2026"
CAST = ["focal_a", "head_a", "focal_b", "appraiser", "secretariat", "leader", "sysadmin"]


@pytest.mark.parametrize("cast", CAST)
def test_it_changes_the_password_of_every_user(request: pytest.FixtureRequest, cast: str) -> None:
    user: User = request.getfixturevalue(cast)
    client = client_for(user)
    response = client.post(
        URL, {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == "/doi-mat-khau/xong/"
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert client.get("/trang-cua-toi/").status_code == 200  # this session stays signed in
    assert client.get(response["Location"]).status_code == 200


def test_it_records_the_change_without_any_password_data(focal_a: User) -> None:
    old_hash = focal_a.password
    client_for(focal_a).post(
        URL, {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    focal_a.refresh_from_db()
    event = AuditEvent.objects.get(action="user.password_change")
    assert (event.actor, event.object_id) == (focal_a, str(focal_a.pk))
    assert event.before is None
    assert event.after is None
    stored = " ".join(str(v) for v in AuditEvent.objects.values_list().get(pk=event.pk))
    for secret in (PASSWORD, NEW_PASSWORD, old_hash, focal_a.password):
        assert secret not in stored


def test_it_ends_the_other_sessions(focal_a: User) -> None:
    other = client_for(focal_a)
    client_for(focal_a).post(
        URL, {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert other.get("/trang-cua-toi/").status_code == 302


def test_it_refuses_a_wrong_old_password(focal_a: User) -> None:
    response = client_for(focal_a).post(
        URL, {"old_password": "not-it", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert response.status_code == 200
    assert "old_password" in response.context["form"].errors
    focal_a.refresh_from_db()
    assert focal_a.check_password(PASSWORD)
    assert not AuditEvent.objects.exists()


def test_it_refuses_a_weak_password(focal_a: User) -> None:
    response = client_for(focal_a).post(URL, {"old_password": PASSWORD, "new_password1": "123", "new_password2": "123"})
    assert response.status_code == 200
    assert "new_password2" in response.context["form"].errors
    assert not AuditEvent.objects.exists()


def test_it_sends_anonymous_users_to_login(citizen: Client) -> None:
    response = citizen.post(URL, {})
    assert response.status_code == 302
    assert response["Location"].startswith("/dang-nhap/")


def test_it_validates_in_the_service_too(focal_a: User) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        user_password_change(user=focal_a, new_password="password")
    assert not AuditEvent.objects.exists()
    user_password_change(user=focal_a, new_password=NEW_PASSWORD)
    focal_a.refresh_from_db()
    assert focal_a.check_password(NEW_PASSWORD)
