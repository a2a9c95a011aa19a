"""The PAR charts show their tooltips under the strict CSP: hovering a chart, on the public unit page
and on the signed-in results and analysis pages, causes no Content-Security-Policy violation."""

from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from apps.par.tests.test_results_support import publish, small_scenario
from tests.browser.conftest import _CSP_WATCH, PHONE, browser  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Secret#2025"  # the factories' password
DESKTOP = {"width": 1280, "height": 900}


class Watched:
    """A page whose CSP violations are recorded, from the console and from the DOM event."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.console: list[str] = []
        page.on("console", self._on_console)

    def _on_console(self, message: Any) -> None:
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            self.console.append(message.text)

    def violations(self) -> list[str]:
        return self.console + list(self.page.evaluate("window.__cspViolations || []"))

    def hover_charts(self, *kinds: str) -> None:
        """Move the mouse across each chart, then open each chart's tooltip on its first point."""
        for kind in kinds:
            chart = self.page.get_by_test_id(f"chart-{kind}")
            expect(chart.locator("canvas")).to_have_count(1)
            chart.scroll_into_view_if_needed()
            box = chart.bounding_box()
            assert box is not None
            for fx, fy in ((0.5, 0.5), (0.3, 0.4), (0.7, 0.6), (0.5, 0.2)):
                self.page.mouse.move(box["x"] + box["width"] * fx, box["y"] + box["height"] * fy)
                self.page.wait_for_timeout(60)
            shown = self.page.evaluate(
                """(kind) => {
                  const el = document.querySelector('[data-testid="chart-' + kind + '"]');
                  const chart = window.echarts.getInstanceByDom(el);
                  chart.dispatchAction({ type: "showTip", seriesIndex: 0, dataIndex: 0 });
                  return true;
                }""",
                kind,
            )
            assert shown
            self.page.wait_for_timeout(200)


@pytest.fixture
def open_page(browser: Any, live_server: Any) -> Iterator[Any]:  # noqa: F811
    """open_page(username or None, viewport) → a Watched page, signed in when a username is given."""
    contexts: list[Any] = []

    def opener(username: str | None, viewport: dict[str, int]) -> Watched:
        context = browser.new_context(viewport=viewport, locale="vi-VN")
        context.set_default_timeout(10_000)
        context.add_init_script(_CSP_WATCH)
        contexts.append(context)
        watched = Watched(context.new_page())
        if username is not None:
            page = watched.page
            page.goto(live_server.url + reverse("accounts:login"))
            page.locator("#id_username").fill(username)
            page.locator("#id_password").fill(PASSWORD)
            with page.expect_navigation():
                page.locator("main form button[type=submit]").click()
        return watched

    yield opener
    for context in contexts:
        context.close()


def test_it_shows_the_public_unit_charts_tooltips_without_csp_violations(  # type: ignore[no-untyped-def]
    live_server: Any, open_page: Any, unit_a, unit_b
) -> None:
    period = publish(small_scenario(unit_a, unit_b))
    for viewport in (PHONE, DESKTOP):
        watched = open_page(None, viewport)
        watched.page.goto(live_server.url + reverse("par_public:unit", args=[period.pk, unit_a.pk]))
        watched.hover_charts("radar", "trend")
        assert watched.violations() == []


def test_it_shows_the_results_and_analysis_tooltips_without_csp_violations(  # type: ignore[no-untyped-def]
    live_server: Any, open_page: Any, unit_a, unit_b, leader
) -> None:
    period = publish(small_scenario(unit_a, unit_b))
    watched = open_page("leader", DESKTOP)
    watched.page.goto(live_server.url + reverse("par:results", args=[period.pk]))
    watched.hover_charts("ranking")
    watched.page.goto(live_server.url + reverse("par:analysis", args=[period.pk]) + f"?don_vi={unit_a.pk}")
    watched.hover_charts("radar", "trend", "heatmap")
    assert watched.violations() == []
