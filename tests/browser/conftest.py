"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

Fixtures: `browser` (one Chromium per test process), `phone` (a fresh 360 px context preferring
Vietnamese, recording console errors, page errors, HTTP errors and CSP violations).

No browser is ever downloaded: Playwright launches /usr/bin/chromium (`apt-get install chromium`).
Without it the browser tests are skipped, except in CI (CI=true), where they fail instead.
"""

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.core.cache import cache

from tests.browser.chromium import acquire, release

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
# there (factories) are still synchronous and safe.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

PHONE = {"width": 360, "height": 800}

# Records Content-Security-Policy violations; init scripts are injected by the browser itself,
# so the page's own CSP does not block this one.
_CSP_WATCH = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__cspViolations.push(e.violatedDirective + " blocked " + (e.blockedURI || "inline"));
});
"""


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One Chromium for the whole session (per xdist worker)."""
    chromium = acquire()
    yield chromium
    release()


@dataclass
class PageWatch:
    """What went wrong in the browser while a test ran."""

    page: Any
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    bad_responses: list[str] = field(default_factory=list)

    def csp_violations(self) -> list[str]:
        return list(self.page.evaluate("window.__cspViolations || []"))

    def assert_clean(self) -> None:
        problems = {
            "console errors": self.console_errors,
            "page errors": self.page_errors,
            "HTTP errors": self.bad_responses,
            "CSP violations": self.csp_violations(),
        }
        assert not any(problems.values()), problems


@pytest.fixture
def phone(browser: Any) -> Iterator[PageWatch]:
    """A fresh context 360 px wide that prefers Vietnamese, with its problems recorded."""
    context = browser.new_context(viewport=PHONE, locale="vi-VN")
    context.set_default_timeout(10_000)
    context.add_init_script(_CSP_WATCH)
    page = context.new_page()
    watch = PageWatch(page)
    page.on("console", lambda msg: msg.type == "error" and watch.console_errors.append(msg.text))
    page.on("pageerror", lambda exc: watch.page_errors.append(str(exc)))
    page.on("response", lambda r: r.status >= 400 and watch.bad_responses.append(f"{r.status} {r.url}"))
    yield watch
    context.close()


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    """The live server shares this process's cache: start each test with the public rate limit unused."""
    cache.clear()


@pytest.fixture(autouse=True)
def _vietnamese_interface(settings: Any) -> None:
    """Browser tests see what users see: the Vietnamese interface by default."""
    settings.LANGUAGE_CODE = "vi"
