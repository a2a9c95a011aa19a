from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from apps.accounts.models import User
from apps.core.models import AuditEvent
from conftest import PASSWORD, client_for

pytestmark = pytest.mark.django_db

URL = "/dang-nhap/"
LOCKED_MESSAGE = "Too many failed sign-in attempts"


def _login(client: Client, username: str, password: str, **extra: Any) -> Any:
    return client.post(URL, {"username": username, "password": password}, **extra)


def test_it_shows_the_login_page(citizen: Client) -> None:
    response = citizen.get(URL)
    assert response.status_code == 200
    assert 'name="username"' in response.content.decode()


def test_it_signs_in_and_records_the_login(citizen: Client, focal_a: User) -> None:
    response = _login(citizen, "focal_a", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/trang-cua-toi/"
    event = AuditEvent.objects.get(action="user.login")
    assert (event.actor, event.object_type, event.object_id) == (focal_a, "accounts.user", str(focal_a.pk))
    assert event.before is None
    assert event.after is None


def test_it_refuses_a_wrong_password_without_an_audit_event(citizen: Client, focal_a: User) -> None:
    response = _login(citizen, "focal_a", "wrong-password")
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not AuditEvent.objects.exists()


def test_it_locks_out_after_five_failures_in_english(citizen: Client, focal_a: User) -> None:
    for _ in range(4):
        assert _login(citizen, "focal_a", "wrong-password").status_code == 200
    assert _login(citizen, "focal_a", "wrong-password").status_code == 429
    response = _login(citizen, "focal_a", PASSWORD, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 429
    assert LOCKED_MESSAGE in response.content.decode()
    assert "_auth_user_id" not in citizen.session
    assert not AuditEvent.objects.filter(action="user.login").exists()


def test_it_locks_out_in_vietnamese_by_default(citizen: Client, focal_a: User, settings: Any) -> None:
    settings.LANGUAGE_CODE = "vi"
    for _ in range(5):
        _login(citizen, "focal_a", "wrong-password")
    response = _login(citizen, "focal_a", PASSWORD)
    assert response.status_code == 429
    assert response["Content-Language"] == "vi"
    with translation.override("vi"):
        assert translation.gettext(LOCKED_MESSAGE) in response.content.decode()


def test_it_locks_out_only_that_username(citizen: Client, focal_a: User, focal_b: User) -> None:
    for _ in range(5):
        _login(citizen, "focal_a", "wrong-password")
    assert _login(citizen, "focal_b", PASSWORD).status_code == 302


def test_it_resets_the_count_after_a_successful_login(citizen: Client, focal_a: User) -> None:
    for _ in range(4):
        _login(citizen, "focal_a", "wrong-password")
    assert _login(citizen, "focal_a", PASSWORD).status_code == 302
    citizen.post("/dang-xuat/")
    for _ in range(4):
        assert _login(citizen, "focal_a", "wrong-password").status_code == 200
    assert _login(citizen, "focal_a", PASSWORD).status_code == 302


def test_it_signs_out_and_records_the_logout(focal_a: User) -> None:
    client = client_for(focal_a)
    response = client.post("/dang-xuat/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.get(action="user.logout").actor == focal_a
    assert client.get("/trang-cua-toi/").status_code == 302


def test_it_refuses_to_sign_out_with_get(focal_a: User) -> None:
    client = client_for(focal_a)
    assert client.get("/dang-xuat/").status_code == 405
    assert not AuditEvent.objects.exists()
