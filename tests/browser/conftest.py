"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

Fixtures: `browser` (one Chromium per test process), `phone` (a fresh 360 px context preferring
Vietnamese, recording console errors, page errors, HTTP errors and CSP violations), `axe` (runs
axe-core's WCAG 2.1 A/AA rules on a page: `axe.violations(page)`, `axe.assert_clean(page)`).

No browser is ever downloaded: Playwright launches /usr/bin/chromium (`apt-get install chromium`).
Without it the browser tests are skipped, except in CI (CI=true), where they fail instead.
"""

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache

from tests.browser.chromium import acquire, release

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
# there (factories) are still synchronous and safe.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

PHONE = {"width": 360, "height": 800}
DESKTOP = {"width": 1280, "height": 900}

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


def watched_page(browser: Any, viewport: dict[str, int], *init_scripts: str) -> PageWatch:
    """A fresh context with `viewport` that prefers Vietnamese, with its problems recorded (console
    errors, page errors, HTTP errors, CSP violations); close it with `watch.page.context.close()`."""
    context = browser.new_context(viewport=viewport, locale="vi-VN")
    context.set_default_timeout(10_000)
    for script in (_CSP_WATCH, *init_scripts):
        context.add_init_script(script)
    page = context.new_page()
    watch = PageWatch(page)
    page.on("console", lambda msg: msg.type == "error" and watch.console_errors.append(msg.text))
    page.on("pageerror", lambda exc: watch.page_errors.append(str(exc)))
    page.on("response", lambda r: r.status >= 400 and watch.bad_responses.append(f"{r.status} {r.url}"))
    return watch


@pytest.fixture
def phone(browser: Any) -> Iterator[PageWatch]:
    """A fresh context 360 px wide that prefers Vietnamese, with its problems recorded."""
    watch = watched_page(browser, PHONE)
    yield watch
    watch.page.context.close()


@pytest.fixture
def desktop(browser: Any) -> Iterator[PageWatch]:
    """Like `phone`, 1280 px wide."""
    watch = watched_page(browser, DESKTOP)
    yield watch
    watch.page.context.close()


# axe-core from npm (a devDependency in package.json); WCAG 2.1 level A and AA, the rules Circular
# 26/2020/TT-BTTTT builds on.
AXE_JS = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

_AXE_RUN = """
async (tags) => {
  const results = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
  return results.violations.map((v) => ({
    id: v.id,
    help: v.help,
    nodes: v.nodes.map((n) => ({target: n.target.join(" "), summary: n.failureSummary || ""})),
  }));
}
"""


@dataclass
class Axe:
    """axe-core on the page as it is now (after any clicks). The script is evaluated through the
    DevTools protocol, which the page's CSP does not govern: the app's CSP stays as strict as served."""

    source: str

    def violations(self, page: Any) -> list[str]:
        """One line per failing element: rule id, CSS target and what is wrong."""
        if not page.evaluate("typeof window.axe === 'object'"):
            page.evaluate(self.source)
        lines = []
        for rule in page.evaluate(_AXE_RUN, WCAG_21_AA):
            for node in rule["nodes"]:
                summary = " ".join(node["summary"].split())
                lines.append(f"{rule['id']} · {node['target']} · {summary}")
        return lines

    def assert_clean(self, page: Any) -> None:
        found = self.violations(page)
        assert not found, f"WCAG 2.1 AA violations on {page.url}:\n" + "\n".join(found)


@pytest.fixture(scope="session")
def axe() -> Axe:
    if not AXE_JS.exists():
        pytest.fail(f"{AXE_JS} is missing: run `npm ci` (axe-core is in package.json)", pytrace=False)
    return Axe(AXE_JS.read_text(encoding="utf-8"))


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    """The live server shares this process's cache: start each test with the public rate limit unused."""
    cache.clear()


@pytest.fixture(autouse=True)
def _vietnamese_interface(settings: Any) -> None:
    """Browser tests see what users see: the Vietnamese interface by default."""
    settings.LANGUAGE_CODE = "vi"
