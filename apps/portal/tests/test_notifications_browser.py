"""The bell and the notifications page in a real browser on a phone (360 px, Vietnamese)."""

from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from apps.accounts.models import User
from apps.core.notifications import notify
from conftest import PASSWORD
from tests.browser import conftest as browser_fixtures
from tests.browser.conftest import PHONE

browser = browser_fixtures.browser
phone = browser_fixtures.phone
_fresh_rate_limits = browser_fixtures._fresh_rate_limits

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_opens_the_inbox_from_the_bell_and_marks_it_read_on_a_phone(
    live_server: Any, phone: Any, focal_a: User, settings: Any
) -> None:
    settings.LANGUAGE_CODE = "vi"
    for i in range(3):
        notify(
            kind="par.period_reminder",
            dedupe_key=f"k{i}",
            recipients=[focal_a],
            context={"period": f"Kỳ {i}", "deadline": "2026-01-15", "url": reverse("portal:start")},
        )
    page = phone.page
    page.goto(live_server.url + reverse("accounts:login"))
    page.locator("#id_username").fill("focal_a")
    page.locator("#id_password").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()

    bell = page.locator("[data-testid=notification-bell]")
    expect(bell).to_be_visible()  # outside the collapsed menu
    expect(page.locator("[data-testid=notification-unread]")).to_have_text("3")
    with page.expect_navigation():
        bell.click()
    items = page.locator("[data-notification]")
    expect(items).to_have_count(3)
    expect(items.first.locator("button").first).to_have_text("Nhắc việc: hạn tự đánh giá “Kỳ 2” là ngày 15/01/2026")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"] + 1, f"page is {width} px wide"

    with page.expect_navigation():
        items.first.get_by_role("button", name="Đánh dấu đã đọc").click()
    expect(page.locator("[data-testid=notification-unread]")).to_have_text("2")
    with page.expect_response(lambda r: reverse("portal:notification_results") in r.url):
        page.get_by_role("link", name="Chưa đọc", exact=True).click()
    expect(items).to_have_count(2)
    with page.expect_navigation():
        page.locator("[data-testid=notifications-read-all]").click()
    expect(page.locator("[data-testid=notification-unread]")).to_have_count(0)
    expect(page.locator("[data-unread]")).to_have_count(0)

    with page.expect_navigation():
        page.locator("[data-testid=notification-preferences]").click()
    switch = page.get_by_role("switch", name="Nhắc việc tự đánh giá")
    expect(switch).to_be_checked()
    switch.uncheck()
    with page.expect_navigation():
        page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("switch", name="Nhắc việc tự đánh giá")).not_to_be_checked()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"] + 1, f"page is {width} px wide"
    phone.assert_clean()
