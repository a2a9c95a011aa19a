"""The organisation pages on a 360 px phone: no horizontal scroll, no CSP violation, live search works."""

from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from apps.org import services
from apps.org.models import Role, UnitKind
from apps.org.tests.factories import UnitFactory, refresh_search_text, user_with_role
from tests.browser.conftest import _fresh_rate_limits, browser, phone  # noqa: F401  (fixtures)
from tests.browser.test_start_pages import assert_fits_a_phone, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_serves_the_org_pages_on_a_phone(live_server: Any, phone: Any) -> None:  # noqa: F811
    province = UnitFactory(kind=UnitKind.PROVINCE, code="08", name="Tỉnh Tuyên Quang")
    department = UnitFactory(parent=province, name="Sở Tư pháp", short_name="STP")
    admin = user_with_role("b_admin", Role.SYSTEM_ADMIN, province, "Quản trị hệ thống")
    person = user_with_role("b_focal", Role.FOCAL_POINT, department, "Nguyễn Văn Thử")
    services.units_import_communes(actor=admin, province_code=8, parent=province)
    refresh_search_text()

    sign_in(phone, live_server.url, "b_admin")
    page = phone.page
    for url in (
        reverse("org:unit_list"),
        reverse("org:unit_detail", args=[department.pk]),
        reverse("org:unit_edit", args=[department.pk]),
        reverse("org:group_list"),
        reverse("org:user_list"),
        reverse("org:user_detail", args=[person.pk]),
        reverse("org:user_edit", args=[person.pk]),
    ):
        page.goto(live_server.url + url)
        assert_fits_a_phone(phone)
        phone.assert_clean()

    page.goto(live_server.url + reverse("org:unit_list"))
    page.locator("input[name=q]").fill("minh xuan")
    expect(page.get_by_test_id("unit-flat-list")).to_contain_text("Phường Minh Xuân")
    expect(page.get_by_test_id("unit-flat-list").locator("li")).to_have_count(1)
    assert_fits_a_phone(phone)
    phone.assert_clean()
