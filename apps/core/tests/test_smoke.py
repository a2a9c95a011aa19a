import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_it_serves_the_public_home_page_in_vietnamese(citizen: Client) -> None:
    response = citizen.get("/")
    assert response.status_code == 200
    assert response["Content-Language"] == "vi"
    assert "Content-Security-Policy" in response


def test_it_reports_health(citizen: Client) -> None:
    response = citizen.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_it_sends_anonymous_users_to_login(citizen: Client) -> None:
    response = citizen.get("/trang-cua-toi/")
    assert response.status_code == 302
    assert response["Location"].startswith("/dang-nhap/")
