"""A one-stop dossier's whole life through the real pages, in Chromium.

The desk officer of the provincial centre receives a dossier through the form and transfers it; the
resolving officer of unit A (on a phone) requests a supplement; the desk records it received; the
resolver apologises with a new date and resolves; the desk returns the result; the dossier's page
shows the timeline. Real time is used (the live server runs in another thread); the procedure has
10 working days, so the apology is never less than a working day before the appointment.
Screenshots at 1280 and 360 px go to /tmp/shots/lifecycle/.
"""

import os
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from apps.core.workdays import get_calendar
from apps.onestop.models import Dossier, DossierState, EventKind
from apps.onestop.tests.factories import make_office, make_procedure
from apps.org.models import Role, Unit, UnitKind
from apps.org.tests.factories import UnitFactory, user_with_role
from tests.browser.conftest import DESKTOP, PHONE, PageWatch, watched_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "Secret#2025"
SHOTS = Path(os.environ.get("SHOTS_DIR", "/tmp/shots/lifecycle"))  # noqa: S108 - screenshots to look at


@pytest.fixture
def sign_in(browser: Any, live_server: Any) -> Iterator[Callable[..., PageWatch]]:
    watches: list[PageWatch] = []

    def open_as(username: str, viewport: dict[str, int] = DESKTOP) -> PageWatch:
        watch = watched_page(browser, viewport)
        watch.page.on("dialog", lambda dialog: dialog.accept())
        watches.append(watch)
        page = watch.page
        page.goto(live_server.url + reverse("accounts:login"))
        page.locator("#id_username").fill(username)
        page.locator("#id_password").fill(PASSWORD)
        with page.expect_navigation():
            page.locator("main form button[type=submit]").click()
        return watch

    yield open_as
    for watch in watches:
        watch.page.context.close()


def shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def act(page: Any, action: str, fields: dict[str, str] | None = None) -> None:
    """Open an action's panel on the dossier page, fill it, submit, and land on the page again."""
    panel = page.locator(f'details[data-action="{action}"]')
    panel.locator("summary").click()
    for selector, value in (fields or {}).items():
        element = panel.locator(selector)
        if element.evaluate("e => e.tagName") == "SELECT":
            element.select_option(value)
        elif element.get_attribute("type") == "checkbox":
            element.check()
        else:
            element.fill(value)
    with page.expect_navigation():
        panel.locator("button[type=submit]").click()
    expect(page.locator(".alert-success")).to_be_visible()


def test_it_runs_a_dossier_through_its_life_on_the_pages(
    live_server: Any, sign_in: Callable[..., PageWatch], province: Unit, unit_a: Unit, browser: Any
) -> None:
    base = live_server.url
    centre = UnitFactory(parent=province, kind=UnitKind.SERVICE_CENTRE, name="Trung tâm Phục vụ hành chính công")
    make_office(centre, "000.00.08.H56")
    procedure = make_procedure(agency=unit_a, days=10)
    user_with_role("desk", Role.ONESTOP_OFFICER, centre, "Đỗ Thị Mai")
    user_with_role("clerk_a", Role.RESOLVING_OFFICER, unit_a, "Hoàng Thị Lan")

    # 1. The desk receives the dossier through the form, with the keyboard where it can.
    desk = sign_in("desk")
    page = desk.page
    page.goto(base + reverse("onestop:inbox"))
    page.get_by_test_id("receive-link").click()
    expect(page.locator("#id_procedure")).to_be_focused()
    page.locator("#id_procedure").select_option(str(procedure.pk))
    page.locator("#id_applicant_name").fill("Nguyễn Văn An")
    page.locator("#id_applicant_phone").fill("0912 345 678")
    page.locator("#id_applicant_email").fill("an@example.vn")
    page.locator("#doc-name-1").fill("Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp")
    page.locator("#doc-name-2").fill("Bản sao CCCD")
    page.locator("select[name=doc_kind]").nth(1).select_option("certified_copy")
    page.locator("[data-doc-add]").click()
    page.locator("#doc-name-4").fill("Giấy ủy quyền")
    shot(page, "receive-1280")
    with page.expect_navigation():
        page.get_by_test_id("receive-submit").click()
    dossier = Dossier.objects.get()
    assert page.url == base + reverse("onestop:dossier_detail", args=[dossier.pk])
    expect(page.get_by_test_id("dossier-code")).to_have_text(dossier.code)
    assert [d["name"] for d in dossier.documents][-1] == "Giấy ủy quyền"
    shot(page, "dossier-received-1280")
    act(page, "transfer", {"textarea": "Chuyển Sở Tư pháp"})

    # 2. The resolving officer, on a phone, finds it in the inbox and asks for a supplement.
    clerk = sign_in("clerk_a", PHONE)
    page = clerk.page
    page.goto(base + reverse("onestop:inbox"))
    expect(page.get_by_test_id("inbox-rows")).to_contain_text(dossier.code)
    shot(page, "inbox-360")
    page.locator("#inbox-q").fill("nguyen van")
    page.locator("#inbox-q").press("Enter")
    expect(page.get_by_test_id("inbox-rows")).to_contain_text(dossier.code)
    page.get_by_test_id("inbox-rows").get_by_role("link", name=dossier.code).click()
    page.locator('details[data-action="request_supplement"] summary').click()
    shot(page, "dossier-actions-360")
    page.locator('details[data-action="request_supplement"] summary').click()
    act(
        page,
        "request_supplement",
        {"textarea[name$=reason]": "Thiếu bản sao CCCD", "textarea[name$=items]": "Bản sao CCCD"},
    )
    expect(page.get_by_test_id("dossier-state")).to_contain_text("Chờ bổ sung")

    # 3. The desk records the supplement received.
    page = desk.page
    page.reload()
    act(page, "receive_supplement")

    # 4. The resolver apologises with a new date, then resolves.
    dossier.refresh_from_db()
    new_date = get_calendar().nth_working_day_after(dossier.due_date, 5)
    page = clerk.page
    page.reload()
    act(
        page,
        "apologise",
        {"textarea": "Chờ xác minh của cơ quan công an", "input[name$=new_date]": new_date.strftime("%d/%m/%Y")},
    )
    expect(page.get_by_test_id("dossier-due")).to_have_text(new_date.strftime("%d/%m/%Y"))
    act(page, "resolve", {"textarea": "Đã ký Phiếu lý lịch tư pháp"})

    # 5. The desk returns the result at the counter.
    page = desk.page
    page.reload()
    act(page, "return", {"select": "counter"})
    expect(page.get_by_test_id("dossier-state")).to_contain_text("Đã trả kết quả")

    # 6. The timeline tells the whole story, with who and when.
    timeline = page.get_by_test_id("timeline")
    kinds = [e.get_attribute("data-event") for e in timeline.locator("[data-event]").all()]
    assert kinds == [
        EventKind.RECEIVE,
        EventKind.TRANSFER,
        EventKind.SUPPLEMENT_REQUEST,
        EventKind.SUPPLEMENT_RECEIVE,
        EventKind.APOLOGISE,
        EventKind.RESOLVE,
        EventKind.RETURN,
    ]
    for text in ("Hoàng Thị Lan", "Đỗ Thị Mai", "Thiếu bản sao CCCD", "Chờ xác minh của cơ quan công an"):
        expect(timeline).to_contain_text(text)
    shot(page, "dossier-1280")
    clerk.page.goto(base + reverse("onestop:dossier_detail", args=[dossier.pk]))
    shot(clerk.page, "dossier-360")
    dossier.refresh_from_db()
    assert dossier.state == DossierState.RETURNED

    # 7. The printed forms hold the dossier's code and dates: the receipt (01) and the apology (04).
    page = desk.page
    page.goto(base + reverse("onestop:form_print", args=[dossier.pk, "01"]))
    expect(page.get_by_test_id("form-code").first).to_have_text(dossier.code)
    expect(page.get_by_test_id("received-time").first).to_contain_text(
        timezone.localtime(dossier.received_at).strftime("%d/%m/%Y")
    )
    expect(page.get_by_test_id("appointment-date").first).to_have_text(dossier.due_date.strftime("%d/%m/%Y"))
    apology = dossier.events.get(kind=EventKind.APOLOGISE)
    page.goto(base + reverse("onestop:form_print", args=[dossier.pk, "04"]))
    expect(page.get_by_test_id("new-date")).to_have_text(new_date.strftime("%d/%m/%Y"))
    previous = date.fromisoformat(apology.data["previous_date"])
    expect(page.get_by_test_id("previous-date")).to_have_text(previous.strftime("%d/%m/%Y"))
    shot(page, "form04-1280")

    # 8. The citizen, signed out on a phone, looks the dossier up with the code and the phone's last digits.
    citizen = watched_page(browser, PHONE)
    citizen.page.goto(base + reverse("onestop_public:lookup") + "?ma=" + dossier.code)
    citizen.page.locator("input[name=secret]").fill("5678")
    with citizen.page.expect_navigation():
        citizen.page.get_by_test_id("lookup-submit").click()
    steps = citizen.page.get_by_test_id("lookup-steps")
    expect(steps.locator("li")).to_have_count(7)
    expect(citizen.page.get_by_test_id("lookup-state")).to_contain_text("Đã trả kết quả")
    expect(citizen.page.get_by_test_id("lookup-apology")).to_contain_text("Chờ xác minh của cơ quan công an")
    expect(citizen.page.get_by_test_id("lookup-missing")).to_contain_text("Bản sao CCCD")
    shot(citizen.page, "lookup-360")
    for watch in (desk, clerk, citizen):
        watch.assert_clean()
