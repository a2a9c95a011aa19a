from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_limits() -> Iterator[None]:
    cache.clear()
    # One rate-limit window for the whole test (a minute boundary would reset the counter).
    with time_machine.travel(datetime(2026, 3, 2, 9, 0, 10, tzinfo=UTC), tick=False):
        yield


def test_it_counts_each_visitor_behind_the_proxy(settings: Any) -> None:
    settings.PUBLIC_RATE_LIMIT = "2/m"
    settings.CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    client = Client()
    for _ in range(2):
        assert client.get("/", HTTP_X_REAL_IP="203.0.113.1").status_code == 200
    assert client.get("/", HTTP_X_REAL_IP="203.0.113.1").status_code == 429
    assert client.get("/", HTTP_X_REAL_IP="203.0.113.2").status_code == 200


def test_it_ignores_the_header_unless_told_to_trust_it(settings: Any) -> None:
    settings.PUBLIC_RATE_LIMIT = "2/m"
    settings.CLIENT_IP_HEADER = ""
    client = Client()
    for address in ("203.0.113.1", "203.0.113.2"):
        assert client.get("/", HTTP_X_REAL_IP=address).status_code == 200
    assert client.get("/", HTTP_X_REAL_IP="203.0.113.3").status_code == 429
