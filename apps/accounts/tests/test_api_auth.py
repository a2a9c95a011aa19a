"""API authentication: bearer tokens and the signed-in session, failures in the error envelope."""

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone, translation
from django.utils.translation import gettext

from apps.accounts.tokens import api_token_create, api_token_revoke
from conftest import client_for

pytestmark = pytest.mark.django_db

ME = "/api/v1/org/me"


def _unauthenticated(response: Any, language: str = "en") -> None:
    assert response.status_code == 401
    with translation.override(language):
        expected = gettext("Authentication required.")
    assert response.json() == {"message": expected, "detail": None}


def test_it_accepts_a_bearer_token(citizen: Client, focal_a: Any) -> None:
    _token, raw = api_token_create(user=focal_a, name="Integration")
    response = citizen.get(ME, HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200
    assert response.json()["username"] == "focal_a"


def test_it_records_when_a_token_was_last_used(citizen: Client, focal_a: Any) -> None:
    token, raw = api_token_create(user=focal_a, name="Integration")
    citizen.get(ME, HTTP_AUTHORIZATION=f"Bearer {raw}")
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_it_refuses_a_wrong_token(citizen: Client, focal_a: Any) -> None:
    api_token_create(user=focal_a, name="Integration")
    _unauthenticated(citizen.get(ME, HTTP_AUTHORIZATION="Bearer cchc_not-a-real-token"))


def test_it_refuses_a_token_without_the_prefix(citizen: Client) -> None:
    _unauthenticated(citizen.get(ME, HTTP_AUTHORIZATION="Bearer something-else"))


def test_it_refuses_a_revoked_token(citizen: Client, focal_a: Any) -> None:
    token, raw = api_token_create(user=focal_a, name="Integration")
    api_token_revoke(actor=focal_a, token=token)
    _unauthenticated(citizen.get(ME, HTTP_AUTHORIZATION=f"Bearer {raw}"))


def test_it_refuses_an_expired_token(citizen: Client, focal_a: Any) -> None:
    _token, raw = api_token_create(user=focal_a, name="Integration", expires_at=timezone.now() - timedelta(minutes=1))
    _unauthenticated(citizen.get(ME, HTTP_AUTHORIZATION=f"Bearer {raw}"))


def test_it_accepts_a_token_before_it_expires(citizen: Client, focal_a: Any) -> None:
    _token, raw = api_token_create(user=focal_a, name="Integration", expires_at=timezone.now() + timedelta(days=1))
    assert citizen.get(ME, HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200


def test_it_refuses_the_token_of_a_deactivated_user(citizen: Client, focal_a: Any) -> None:
    _token, raw = api_token_create(user=focal_a, name="Integration")
    type(focal_a).objects.filter(pk=focal_a.pk).update(is_active=False)
    _unauthenticated(citizen.get(ME, HTTP_AUTHORIZATION=f"Bearer {raw}"))


def test_it_refuses_anonymous_calls(citizen: Client) -> None:
    response = citizen.get(ME)
    _unauthenticated(response)
    assert response["Content-Type"].startswith("application/json")


def test_it_answers_in_the_language_asked_for(citizen: Client) -> None:
    response = citizen.get(ME, HTTP_ACCEPT_LANGUAGE="en")
    _unauthenticated(response, language="en")
    assert response["Content-Language"] == "en"
    response = citizen.get(ME, HTTP_ACCEPT_LANGUAGE="vi")
    _unauthenticated(response, language="vi")
    assert response["Content-Language"] == "vi"


def test_it_accepts_a_signed_in_session(focal_a: Any) -> None:
    response = client_for(focal_a).get(ME)
    assert response.status_code == 200
    assert response.json()["username"] == "focal_a"


def test_it_does_not_send_api_callers_to_the_login_page(citizen: Client) -> None:
    response = citizen.get("/api/v1/org/units")
    assert response.status_code == 401
    assert "Location" not in response
