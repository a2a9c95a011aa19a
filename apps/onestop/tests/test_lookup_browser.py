"""The look-up and the service index as people see them in Chromium, 360 px wide: the look-up form
and its answer fit a phone, carry no CSP violation and pass axe; a unit's index page draws its trend."""

import os
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from apps.onestop.services import dossiers as svc
from apps.onestop.tests.factories import local, receive
from tests.browser.conftest import (  # noqa: F401  (fixtures)
    PHONE,
    _fresh_rate_limits,
    _vietnamese_interface,
    axe,
    browser,
    phone,
)

# The fixtures above come from tests/browser/conftest.py (this file lives with the module's tests).
# ruff: noqa: F811

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(os.environ.get("SHOTS_DIR", "/tmp/shots/index"))  # noqa: S108 - screenshots to look at
PASSWORD = "Secret#2025"  # the factories' password


def shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / name), full_page=True)


def fits(page: Any) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"] + 1, f"page is {width} px wide"


def test_it_answers_a_citizen_on_a_phone(  # type: ignore[no-untyped-def]
    live_server: Any, phone: Any, axe: Any, desk, clerk_a, office, procedure
) -> None:
    d = receive(desk, office, procedure, local(2026, 3, 2, 9), applicant_name="Nguyễn Văn An")
    d = svc.dossier_transfer(actor=desk, dossier=d, version=d.version, at=local(2026, 3, 2, 10))
    svc.dossier_apologise(
        actor=clerk_a,
        dossier=d,
        version=d.version,
        reason="Cần xác minh thêm thông tin về nhân thân",
        new_date=date(2026, 3, 23),
        at=local(2026, 3, 5, 9),
    )
    page = phone.page
    page.goto(f"{live_server.url}{reverse('onestop_public:lookup')}?ma={d.code}")
    expect(page.locator("#id_code")).to_have_value(d.code)
    fits(page)
    axe.assert_clean(page)
    shot(page, "lookup-form-360.png")
    page.locator("#id_secret").fill("5678")
    with page.expect_navigation():
        page.get_by_test_id("lookup-submit").click()
    expect(page.get_by_test_id("lookup-answer")).to_be_visible()
    expect(page.get_by_test_id("lookup-initials")).to_have_text("N. V. A.")
    expect(page.get_by_test_id("lookup-due")).to_have_text("23/03/2026")
    expect(page.get_by_test_id("lookup-steps").locator("li")).to_have_count(3)
    fits(page)
    axe.assert_clean(page)
    phone.assert_clean()
    shot(page, "lookup-answer-360.png")


def test_it_says_the_same_for_a_wrong_code_on_a_phone(live_server: Any, phone: Any, desk, office, procedure) -> None:  # type: ignore[no-untyped-def]
    d = receive(desk, office, procedure, local(2026, 3, 2, 9))
    page = phone.page
    texts = []
    for code, digits in ((d.code, "0000"), ("000.00.08.H56-260302-0042", "5678")):
        page.goto(live_server.url + reverse("onestop_public:lookup"))
        page.locator("#id_code").fill(code)
        page.locator("#id_secret").fill(digits)
        with page.expect_navigation():
            page.get_by_test_id("lookup-submit").click()
        texts.append(page.get_by_test_id("lookup-error").inner_text())
    assert texts[0] == texts[1] and "Không tìm thấy hồ sơ" in texts[0]
    fits(page)
    shot(page, "lookup-wrong-360.png")


def test_it_draws_a_units_index_trend_on_a_phone(  # type: ignore[no-untyped-def]
    live_server: Any, phone: Any, leader, unit_a, office, procedure
) -> None:
    page = phone.page
    page.goto(live_server.url + reverse("accounts:login"))
    page.locator("#id_username").fill("leader")
    page.locator("#id_password").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    page.goto(live_server.url + reverse("onestop:index_unit", args=[unit_a.pk]))
    expect(page.get_by_test_id("chart-trend").locator("canvas")).to_have_count(1)
    expect(page.get_by_test_id("unit-scores")).to_be_visible()
    drawn = page.evaluate(
        "() => window.echarts.getInstanceByDom(document.querySelector('[data-testid=chart-trend]')).getOption()"
        ".series[0].data.filter((v) => v !== null).length"
    )
    assert drawn == 12  # every month has the catalogue's online share
    phone.assert_clean()
    page.wait_for_timeout(300)  # the line's entry animation
    page.get_by_test_id("chart-trend").screenshot(path=str(SHOTS / "index-trend-360.png"))
    shot(page, "index-unit-360.png")
    page.goto(live_server.url + reverse("onestop:index_ranking"))
    expect(page.get_by_test_id("index-ranking")).to_be_visible()
    fits(page)
    phone.assert_clean()
    shot(page, "index-ranking-360.png")
