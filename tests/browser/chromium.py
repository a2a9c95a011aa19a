"""One Chromium per test process, however many modules declare the `browser` fixture.

Playwright's sync API cannot start twice in one thread, and a test module that imports the
fixtures of tests/browser/conftest.py declares a second session fixture. Both share this one.
Import it by its full name (tests.browser.chromium) so there is a single copy of this state.
"""

import os
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
# there (factories) are still synchronous and safe.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

_state: dict[str, Any] = {"users": 0, "playwright": None, "browser": None}


def _unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (browser tests are required when CI=true)", pytrace=False)
    pytest.skip(reason)


def acquire() -> Any:
    """The shared browser, launched on first use; skips (fails in CI) when Chromium is missing."""
    if _state["browser"] is None:
        if not CHROMIUM.exists():
            _unavailable(f"{CHROMIUM} is missing: apt-get install -y chromium")
        try:
            from playwright.sync_api import sync_playwright
        except ImportError:
            _unavailable("playwright is not installed")
        playwright = sync_playwright().start()
        try:
            _state["browser"] = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        except Exception:
            playwright.stop()
            raise
        _state["playwright"] = playwright
    _state["users"] += 1
    return _state["browser"]


def release() -> None:
    """Close the browser when its last user is done."""
    _state["users"] -= 1
    if _state["users"] <= 0 and _state["browser"] is not None:
        browser, playwright = _state["browser"], _state["playwright"]
        _state.update(users=0, browser=None, playwright=None)
        try:
            browser.close()
        finally:
            playwright.stop()
