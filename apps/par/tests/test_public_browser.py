"""The public ranking on a 360 px phone: the ECharts bars draw under the CSP, the page fits."""

from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from apps.par.tests.test_results_support import publish, small_scenario
from tests.browser.conftest import PHONE, browser, phone  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_draws_the_ranking_on_a_phone(live_server: Any, phone: Any, unit_a, unit_b) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    period = publish(small_scenario(unit_a, unit_b))
    page = phone.page
    page.goto(live_server.url + reverse("par_public:period", args=[period.pk]))
    expect(page.get_by_test_id("public-ranking")).to_contain_text("Sở Tư pháp")
    chart = page.get_by_test_id("chart-ranking")
    expect(chart.locator("canvas")).to_have_count(1)
    box = chart.bounding_box()
    assert box is not None and box["height"] >= 120 and box["width"] <= PHONE["width"]
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"] + 1, f"page is {width} px wide"

    page.goto(live_server.url + reverse("par_public:unit", args=[period.pk, unit_a.pk]))
    expect(page.get_by_test_id("chart-radar").locator("canvas")).to_have_count(1)
    expect(page.get_by_test_id("chart-trend").locator("canvas")).to_have_count(1)
    phone.assert_clean()
