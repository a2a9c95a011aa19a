"""The public allowlist is what the apps contribute (hooks.PUBLIC_URLS), and public pages are rate-limited apart
from the public API."""

from datetime import UTC, datetime
from typing import Any

import pytest
from django.core.cache import cache
from django.http import HttpResponse
from django.test import RequestFactory

from apps.core import hooks
from apps.core.public import public_api_limited, public_page, public_url_names

pytestmark = pytest.mark.django_db


def test_it_reads_the_allowlist_from_the_contributions() -> None:
    with hooks.isolated():
        hooks.register(hooks.PUBLIC_URLS, hooks.PublicUrl("somewhere:open"))
        assert public_url_names() == frozenset({"somewhere:open"})


def test_it_lists_the_kernel_health_check_and_each_apps_public_pages() -> None:
    assert {"core:healthz", "portal:home", "accounts:login"} <= public_url_names()


def test_it_counts_public_pages_and_the_public_api_in_separate_buckets(settings: Any, time_machine: Any) -> None:
    time_machine.move_to(datetime(2025, 6, 2, 9, 0, 10, tzinfo=UTC), tick=False)
    cache.clear()
    settings.PUBLIC_RATE_LIMIT = "2/m"
    settings.PUBLIC_API_RATE_LIMIT = "2/m"
    request = RequestFactory().get("/", REMOTE_ADDR="198.51.100.7")
    page = public_page()(lambda request: HttpResponse("ok"))
    try:
        assert [public_api_limited(request) for _ in range(3)] == [False, False, True]
        assert [page(request).status_code for _ in range(3)] == [200, 200, 429]
    finally:
        cache.clear()


def test_it_marks_a_public_page_as_not_needing_login() -> None:
    page = public_page(rate_limited=False)(lambda request: HttpResponse("ok"))
    assert page.login_required is False  # type: ignore[attr-defined]
