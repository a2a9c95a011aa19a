"""Form 01 at the counter: the print page prints in one click (the "In" button, no inline script),
hides the site's navigation when printing and comes out as one A4 page per copy."""

from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from apps.onestop.tests.factories import local, make_office, make_procedure, receive
from apps.org.models import Role, UnitKind
from apps.org.tests.factories import UnitFactory, user_with_role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Secret#2025"  # the factories' password


def sign_in(page: Any, base_url: str, username: str) -> None:
    page.goto(base_url + reverse("accounts:login"))
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()


def test_it_prints_form_01_on_two_a4_pages_without_the_navigation(  # type: ignore[no-untyped-def]
    live_server: Any, desktop: Any, province, unit_a
) -> None:
    centre = UnitFactory(parent=province, kind=UnitKind.SERVICE_CENTRE, name="Trung tâm Phục vụ hành chính công")
    office = make_office(centre, "000.00.08.H56")
    desk = user_with_role("desk", Role.ONESTOP_OFFICER, centre, "Đỗ Thị Mai")
    dossier = receive(
        desk,
        office,
        make_procedure(agency=unit_a),
        at=local(2026, 2, 13, 14, 5),
        documents=[{"name": "Tờ khai", "kind": "original", "quantity": 1}],
    )
    page = desktop.page
    sign_in(page, live_server.url, "desk")
    page.goto(live_server.url + reverse("onestop:form_print", args=[dossier.pk, "01"]))
    expect(page.get_by_test_id("form-sheet")).to_have_count(2)
    expect(page.get_by_test_id("form-code").first).to_have_text(dossier.code)
    page.evaluate("() => { window.__printed = 0; window.print = () => { window.__printed += 1; }; }")
    page.get_by_test_id("print-button").click()
    assert page.evaluate("window.__printed") == 1
    page.emulate_media(media="print")
    expect(page.locator("nav.site-navbar")).to_be_hidden()
    expect(page.get_by_test_id("print-toolbar")).to_be_hidden()
    pdf = page.pdf(prefer_css_page_size=True)
    assert pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages") == 2  # one A4 page per copy
    assert not desktop.csp_violations() and not desktop.page_errors
    assert not [r for r in desktop.bad_responses if "/static/vendor/" not in r]
