import datetime as dt

import pytest
import time_machine
from django.conf import settings

from apps.accounts.models import User
from conftest import client_for

pytestmark = pytest.mark.django_db

START = dt.datetime(2025, 6, 2, 8, 0, tzinfo=dt.UTC)
PAGE = "/trang-cua-toi/"


def test_it_sends_an_idle_session_back_to_login(focal_a: User) -> None:
    age = dt.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    with time_machine.travel(START, tick=False) as traveller:
        client = client_for(focal_a)
        assert client.get(PAGE).status_code == 200
        traveller.shift(age + dt.timedelta(seconds=1))
        response = client.get(PAGE)
    assert response.status_code == 302
    assert response["Location"].startswith("/dang-nhap/")


def test_it_counts_the_age_from_the_last_request(focal_a: User) -> None:
    age = dt.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    with time_machine.travel(START, tick=False) as traveller:
        client = client_for(focal_a)
        for _ in range(3):
            traveller.shift(age - dt.timedelta(minutes=5))
            assert client.get(PAGE).status_code == 200


def test_it_keeps_the_cookie_for_the_browser_session_only(focal_a: User) -> None:
    client = client_for(focal_a)
    response = client.get(PAGE)
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"]
    assert cookie["expires"] == ""
    assert cookie["max-age"] == ""
