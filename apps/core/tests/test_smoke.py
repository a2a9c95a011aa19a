import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_it_serves_the_public_home_page_in_vietnamese(citizen: Client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.LANGUAGE_CODE = "vi"
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


def test_it_keeps_pages_vietnamese_whatever_the_browser_language(citizen: Client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.LANGUAGE_CODE = "vi"
    response = citizen.get("/dang-nhap/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "vi"
    assert "Đăng nhập" in response.content.decode()


def test_it_switches_to_english_when_the_user_chooses_it(citizen: Client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.LANGUAGE_CODE = "vi"
    citizen.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = citizen.get("/dang-nhap/")
    assert response["Content-Language"] == "en"
    assert "Sign in" in response.content.decode()
