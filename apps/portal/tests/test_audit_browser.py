"""The audit trail in a real browser on a phone: htmx filtering, the details expander, invalid input."""

from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from apps.accounts.models import User
from apps.core.audit import audit_record
from apps.org.models import Unit
from conftest import PASSWORD
from tests.browser import conftest as browser_fixtures
from tests.browser.conftest import PHONE

# The Chromium fixtures of tests/browser, shared with this app's browser tests.
browser = browser_fixtures.browser
phone = browser_fixtures.phone
_fresh_rate_limits = browser_fixtures._fresh_rate_limits

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(watch: Any, base_url: str, username: str) -> None:
    page = watch.page
    page.goto(base_url + reverse("accounts:login"))
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()


def test_it_filters_with_htmx_and_expands_details_on_a_phone(
    live_server: Any, phone: Any, sysadmin: User, focal_a: User, unit_a: Unit, unit_b: Unit
) -> None:
    audit_record(
        actor=focal_a, action="unit.update", obj=unit_a, unit_id=unit_a.pk, before={"name": "Cũ"}, after={"name": "Mới"}
    )
    audit_record(actor=focal_a, action="unit.update", obj=unit_b, unit_id=unit_b.pk, before={"a": 1}, after={"a": 2})
    page = phone.page
    _sign_in(phone, live_server.url, "sysadmin")
    page.goto(live_server.url + reverse("portal:audit"))
    rows = page.locator("[data-testid=audit-table] > tbody > tr[data-seq]")
    expect(rows).to_have_count(3)  # and the sign-in

    with page.expect_response(lambda r: reverse("portal:audit_results") in r.url):
        page.locator("#id_unit").select_option(str(unit_a.pk))
    expect(rows).to_have_count(1)
    assert page.url == f"{live_server.url}{reverse('portal:audit')}?unit={unit_a.pk}"

    page.get_by_role("button", name="Chi tiết").or_(page.get_by_role("button", name="Details")).first.click()
    expect(page.locator("[data-testid=audit-diff]")).to_be_visible()
    expect(page.locator("[data-testid=audit-diff]")).to_contain_text("Mới")

    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"] + 1, f"page is {width} px wide"
    phone.assert_clean()


def test_it_shows_the_message_of_an_invalid_filter(live_server: Any, phone: Any, sysadmin: User) -> None:
    page = phone.page
    _sign_in(phone, live_server.url, "sysadmin")
    response = page.goto(live_server.url + reverse("portal:audit") + "?date_from=31/02/2025")
    assert response is not None
    assert response.status == 400
    expect(page.get_by_test_id("audit-filter-errors")).to_be_visible()
    assert phone.csp_violations() == []
    assert phone.page_errors == []


def test_it_swaps_in_the_message_of_an_invalid_filter_sent_by_htmx(
    live_server: Any, phone: Any, sysadmin: User
) -> None:
    page = phone.page
    _sign_in(phone, live_server.url, "sysadmin")
    page.goto(live_server.url + reverse("portal:audit"))
    expect(page.get_by_test_id("audit-filter-errors")).to_have_count(0)
    with page.expect_response(lambda r: reverse("portal:audit_results") in r.url) as answer:
        page.locator("#id_date_from").fill("31/02/2025")  # the right shape, not a real date
        page.locator("#id_date_from").press("Enter")
    assert answer.value.status == 400
    expect(page.get_by_test_id("audit-filter-errors")).to_be_visible()
    expect(page.locator("[data-testid=audit-filter]")).to_have_count(1)  # swapped into the results only
    assert phone.csp_violations() == []
    assert phone.page_errors == []
