"""Each role signs in through the real form and lands on its start page, on a phone, in both languages."""

from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from apps.core import hooks
from apps.org.models import Role, Unit, UnitKind
from apps.org.tests.factories import UnitFactory, user_with_role
from apps.portal.selectors.start import start_pages
from tests.browser.conftest import PHONE, PageWatch

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Secret#2025"  # the factories' password
PROVINCE_WIDE = {Role.SYSTEM_ADMIN, Role.SECRETARIAT, Role.APPRAISER, Role.LEADER}


def expected_title(role: str, language: str) -> str:
    page = next(page for page in start_pages() if page.role == role)
    with translation.override(language):
        return str(page.title)


def assert_fits_a_phone(watch: PageWatch) -> None:
    width = watch.page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"] + 1, f"page is {width} px wide at {PHONE['width']} px"


def assert_start_page(watch: PageWatch, role: str, language: str) -> None:
    page = watch.page
    expect(page.locator("html")).to_have_attribute("lang", language)
    title = page.get_by_test_id("start-title")
    expect(title).to_have_attribute("data-role", role)
    expect(title).to_have_text(expected_title(role, language))
    assert_fits_a_phone(watch)
    watch.assert_clean()


def assert_cards_open(watch: PageWatch, base_url: str) -> None:
    """Every card that links somewhere opens for this role (a card never leads to a 403)."""
    links = watch.page.locator("[data-testid=start-card][data-available=true] a")
    for href in links.evaluate_all("links => links.map(a => a.getAttribute('href'))"):
        response = watch.page.request.get(base_url + href)
        assert response.status == 200, f"{href}: {response.status}"


def switch_language(watch: PageWatch, language: str) -> None:
    """Through the navbar's selector, which submits itself; on a phone the menu opens first."""
    page = watch.page
    toggler = page.locator(".navbar-toggler")
    if toggler.is_visible():
        toggler.click()
    with page.expect_navigation():
        page.locator("#language-select").select_option(language)


def sign_in(watch: PageWatch, base_url: str, username: str) -> None:
    page = watch.page
    page.goto(base_url + reverse("accounts:login"))
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()


@pytest.fixture
def units() -> dict[str, Unit]:
    province = UnitFactory(kind=UnitKind.PROVINCE, code="08", name="Tỉnh Tuyên Quang")
    department = UnitFactory(parent=province, name="Sở Tư pháp", short_name="STP")
    return {"province": province, "department": department}


@pytest.mark.parametrize("role", [page.role for page in start_pages()])
def test_it_signs_each_role_in_to_its_start_page(
    role: str, units: dict[str, Unit], live_server: Any, phone: Any
) -> None:
    unit = units["province"] if role in PROVINCE_WIDE else units["department"]
    user_with_role(f"b_{role}", role, unit, "Nguyễn Thị Thử")

    sign_in(phone, live_server.url, f"b_{role}")
    assert phone.page.url == live_server.url + reverse("portal:start")
    assert_start_page(phone, role, "vi")

    assert_cards_open(phone, live_server.url)

    switch_language(phone, "en")
    assert phone.page.url == live_server.url + reverse("portal:start")
    assert_start_page(phone, role, "en")


def test_it_serves_the_public_home_page_on_a_phone(live_server: Any, phone: Any) -> None:
    page = phone.page
    page.goto(live_server.url + reverse("portal:home"))
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.get_by_test_id("public-service")).to_have_count(len(hooks.get(hooks.PUBLIC_SERVICES)))
    assert_fits_a_phone(phone)
    phone.assert_clean()

    switch_language(phone, "en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    with translation.override("en"):
        expect(page.locator("h1")).to_have_text(str(translation.gettext("Administrative reform platform")))
    assert_fits_a_phone(phone)
    phone.assert_clean()
