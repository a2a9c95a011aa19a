"""Long forms in Chromium: the jump-to-area menu with each area's progress, "next missing", the
phone's sticky bar and menu, "accept all remaining in this area" on the appraisal page, and
finalising only after a confirmation.

Real time is used (the live server runs in another thread): deadlines lie 10, 20 and 30 days
after today.
"""

from collections.abc import Callable, Iterator
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from apps.par.models import Assessment, AssessmentStatus, Score
from apps.par.services import assessments as svc
from apps.par.services.appraisal import scores_accept_remaining
from apps.par.tests.factories import build_set, group_of, open_period
from tests.browser.conftest import PHONE, PageWatch
from tests.browser.test_par_cycle import DESKTOP, PASSWORD, autosave, htmx_post, new_watch

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Three areas; nothing needs evidence, so a leaf is missing exactly while it has no score.
SPEC: list[tuple[Any, ...]] = [
    ("1", "Công tác chỉ đạo, điều hành CCHC", 7, None, False, "normal"),
    ("1.1", "Ban hành kế hoạch CCHC năm", 4, {"type": "manual", "step": "0.25"}, False, "normal"),
    ("1.2", "Kiểm tra CCHC tại các phòng", 3, {"type": "manual", "step": "0.25"}, False, "normal"),
    ("2", "Cải cách thủ tục hành chính", 5, None, False, "normal"),
    ("2.1", "Công khai đầy đủ thủ tục hành chính", 5, {"type": "done"}, False, "normal"),
    ("3", "Cải cách tổ chức bộ máy", 2, None, False, "normal"),
    ("3.1", "Rà soát chức năng, nhiệm vụ", 2, {"type": "manual", "step": "0.5"}, False, "normal"),
]


@pytest.fixture
def sign_in(browser: Any, live_server: Any) -> Iterator[Callable[..., PageWatch]]:
    watches: list[PageWatch] = []

    def open_as(username: str, viewport: dict[str, int] = DESKTOP) -> PageWatch:
        watch = new_watch(browser, viewport)
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
        watch.assert_clean()
        watch.page.context.close()


def score_of(assessment: Assessment, code: str) -> Score:
    return Score.objects.select_related("criterion", "assessment__period").get(
        assessment=assessment, criterion__code=code
    )


def self_score(assessment: Assessment, focal: Any, values: dict[str, str]) -> None:
    for code, value in values.items():
        score = score_of(assessment, code)
        svc.score_self_update(actor=focal, score=score, version=score.version, value=value)


@pytest.fixture
def draft(unit_a: Any, unit_b: Any, secretariat: Any, focal_a: Any) -> Assessment:
    """Unit A's self-assessment with 1.1 and area 3 filled: 1.2 and 2.1 are missing."""
    today = timezone.localdate()
    group = group_of(unit_a, unit_b)
    period = open_period(
        group,
        build_set(group, year=today.year, spec=SPEC),
        actor=secretariat,
        self_assessment_deadline=today + timedelta(days=10),
        appraisal_deadline=today + timedelta(days=20),
        explanation_deadline=today + timedelta(days=30),
    )
    assessment = Assessment.objects.select_related("period").get(period=period, unit=unit_a)
    self_score(assessment, focal_a, {"1.1": "3", "3.1": "2"})
    return assessment


@pytest.fixture
def submitted(draft: Assessment, focal_a: Any, head_a: Any) -> Assessment:
    self_score(draft, focal_a, {"1.2": "2.5", "2.1": "1"})
    draft.refresh_from_db()
    svc.assessment_submit(actor=head_a, assessment=draft, version=draft.version)
    draft.refresh_from_db()
    return draft


def wait_in_view(page: Any, selector: str) -> None:
    """Wait until scrolling (smooth) has stopped with the element's top on screen. (A loop, not
    wait_for_function: its polling evaluates strings, which the strict CSP refuses.)"""
    where = """s => [window.scrollY, document.querySelector(s).getBoundingClientRect().top, window.innerHeight]"""
    last = None
    for _attempt in range(100):
        y, top, height = page.evaluate(where, selector)
        if y == last and 0 <= top < height:
            return
        last = y
        page.wait_for_timeout(50)
    raise AssertionError(f"{selector} is not on screen (top {top}, viewport {height})")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "360"])
def test_it_shows_areas_with_progress_and_jumps_to_the_next_missing_criterion(
    live_server: Any, sign_in: Callable[..., PageWatch], draft: Assessment, viewport: dict[str, int]
) -> None:
    page = sign_in("focal_a", viewport).page
    page.goto(live_server.url + reverse("par:assessment_detail", args=[draft.pk]))
    page.wait_for_function("document.readyState === 'complete' && window.htmx !== undefined")
    menu = page.get_by_test_id("jump-menu")
    phone = viewport == PHONE
    if phone:
        expect(menu).to_be_hidden()  # folded into the sticky bar's menu
        expect(page.get_by_test_id("jump-bar")).to_contain_text("2 / 4")
    else:
        expect(menu).to_be_visible()
        expect(page.get_by_test_id("jump-progress")).to_contain_text("2 / 4")
    expect(page.get_by_test_id("jump-area-1").locator("[data-par-count]")).to_contain_text("1 / 2")
    expect(page.get_by_test_id("jump-area-1").locator("[data-par-missing]")).to_contain_text("1.2")
    expect(page.get_by_test_id("jump-area-3").locator("[data-par-count]")).to_contain_text("1 / 1")
    # Area 3 is finished, so it is folded; the others are open.
    plan, inspection, publicity, review = (score_of(draft, code) for code in ("1.1", "1.2", "2.1", "3.1"))
    expect(page.locator(f"#leaf-{review.pk}")).to_be_hidden()
    expect(page.locator(f"#leaf-{plan.pk}")).to_be_visible()

    next_missing = page.get_by_test_id("next-missing-bar" if phone else "next-missing")
    next_missing.click()
    expect(page.locator(f"#v-{inspection.pk}")).to_be_focused()
    wait_in_view(page, f"#leaf-{inspection.pk}")
    next_missing.click()
    expect(page.locator(f"#v-{publicity.pk}")).to_be_focused()
    wait_in_view(page, f"#leaf-{publicity.pk}")

    # A save updates the progress without reloading the page.
    page.locator(f"#v-{inspection.pk}").fill("2")
    autosave(page, inspection, lambda: page.locator(f"#v-{inspection.pk}").press("Enter"))  # Enter saves
    expect(page.get_by_test_id("jump-area-1").locator("[data-par-count]")).to_contain_text("2 / 2")
    expect(page.get_by_test_id("jump-area-1").locator("[data-par-missing]")).to_be_hidden()
    progress = page.get_by_test_id("jump-bar" if phone else "jump-progress")
    expect(progress).to_contain_text("3 / 4")

    # Keyboard: Tab goes from the score to the note, and Enter in the note saves it (no new line).
    page.locator(f"#v-{plan.pk}").focus()
    page.keyboard.press("Tab")
    expect(page.locator(f"#n-{plan.pk}")).to_be_focused()
    page.keyboard.type("Kế hoạch 12/KH-STP")
    autosave(page, plan, lambda: page.keyboard.press("Enter"))
    expect(page.locator(f"#n-{plan.pk}")).to_have_value("Kế hoạch 12/KH-STP")
    plan.refresh_from_db()
    assert plan.self_note == "Kế hoạch 12/KH-STP"

    # The menu opens a folded area.
    if phone:
        page.get_by_test_id("jump-open").click()
        expect(menu).to_be_visible()
    page.get_by_test_id("jump-area-3").locator("a[data-par-goto]").first.click()
    expect(page.locator(f"#leaf-{review.pk}")).to_be_visible()
    if phone:
        expect(menu).to_be_hidden()
    # The focus lands on the area's heading, not back on the menu's button once the menu has closed.
    area3 = page.get_by_test_id("area-3").locator(".par-area-toggle")
    expect(area3).to_be_focused()
    page.wait_for_timeout(400)  # past the offcanvas' closing transition
    expect(area3).to_be_focused()
    # A criterion picked in the menu: the focus goes to its field.
    if phone:
        page.get_by_test_id("jump-open").click()
        expect(menu).to_be_visible()
    page.get_by_test_id("jump-area-2").locator("[data-par-missing] a").click()
    expect(page.locator(f"#v-{publicity.pk}")).to_be_focused()
    page.wait_for_timeout(400)
    expect(page.locator(f"#v-{publicity.pk}")).to_be_focused()
    wait_in_view(page, f"#leaf-{publicity.pk}")


def chevron_turn(toggle: Any) -> str:
    return str(toggle.locator(".par-area-chevron").evaluate("el => getComputedStyle(el).transform"))


def test_it_marks_a_folded_area_as_one_that_opens(
    live_server: Any, sign_in: Callable[..., PageWatch], draft: Assessment
) -> None:
    page = sign_in("focal_a").page
    page.goto(live_server.url + reverse("par:assessment_detail", args=[draft.pk]))
    folded = page.get_by_test_id("area-3").get_by_role("button", name="3 Cải cách tổ chức bộ máy")
    opened = page.get_by_test_id("area-1").locator(".par-area-toggle")
    expect(folded).to_have_attribute("aria-expanded", "false")
    expect(folded.locator(".par-area-chevron")).to_be_visible()
    expect(opened).to_have_attribute("aria-expanded", "true")
    assert chevron_turn(opened) == "none"  # pointing down: open
    assert chevron_turn(folded) != "none"  # turned to the side: folded
    folded.click()
    expect(folded).to_have_attribute("aria-expanded", "true")
    expect(page.locator(f"#leaf-{score_of(draft, '3.1').pk}")).to_be_visible()
    page.wait_for_timeout(300)  # the turn's transition
    assert chevron_turn(folded) == "none"


@pytest.fixture
def explaining(submitted: Assessment, appraiser: Any) -> Assessment:
    """The first appraisal concluded with 1.2 lowered and flagged for an explanation."""
    for score in Score.objects.filter(assessment=submitted).select_related("criterion", "assessment__period"):
        if score.criterion.code == "1.2":
            score = svc.score_appraise(actor=appraiser, score=score, version=score.version, points="2", reason="Thiếu")
            svc.score_request_explanation(actor=appraiser, score=score, version=score.version, note="Giải trình")
        else:
            svc.score_appraise(actor=appraiser, score=score, version=score.version, points=None, accept=True)
    submitted.refresh_from_db()
    svc.appraisal_conclude(actor=appraiser, assessment=submitted, version=submitted.version)
    submitted.refresh_from_db()
    assert submitted.status == AssessmentStatus.EXPLANATION_REQUESTED
    return submitted


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "360"])
def test_it_leads_a_unit_asked_to_explain_to_the_flagged_criteria(
    live_server: Any, sign_in: Callable[..., PageWatch], explaining: Assessment, viewport: dict[str, int]
) -> None:
    page = sign_in("focal_a", viewport).page
    page.goto(live_server.url + reverse("par:assessment_detail", args=[explaining.pk]))
    phone = viewport == PHONE
    next_button = page.get_by_test_id("next-missing-bar" if phone else "next-missing")
    expect(next_button).to_be_enabled()
    next_button.click()
    flagged = page.locator(f"#leaf-{score_of(explaining, '1.2').pk}")
    expect(flagged).to_be_focused()
    wait_in_view(page, f"#leaf-{score_of(explaining, '1.2').pk}")
    if phone:
        page.get_by_test_id("jump-open").click()
    expect(page.get_by_test_id("jump-explain-1")).to_contain_text("1.2")
    with page.expect_navigation():
        page.get_by_test_id("explanation-link-menu").click()
    assert page.url.endswith(reverse("par:explanation_form", args=[explaining.pk]))


def test_it_shows_the_appraisal_figures_beside_the_form_at_1280(
    live_server: Any, sign_in: Callable[..., PageWatch], submitted: Assessment, appraiser: Any
) -> None:
    page = sign_in("appraiser").page
    page.goto(live_server.url + reverse("par:appraisal_detail", args=[submitted.pk]))
    form = page.get_by_test_id("appraisal-areas").bounding_box()
    figures = page.get_by_test_id("appraised-total").bounding_box()
    menu = page.get_by_test_id("jump-menu").bounding_box()
    assert form and figures and menu
    assert figures["x"] >= form["x"] + form["width"]  # beside the form, not above it
    assert menu["y"] < figures["y"]  # the menu first
    assert abs(menu["y"] - form["y"]) < 60  # the menu starts level with the form
    assert form["width"] > 800


def test_it_accepts_every_remaining_score_of_an_area(
    live_server: Any, sign_in: Callable[..., PageWatch], submitted: Assessment, appraiser: Any
) -> None:
    plan = score_of(submitted, "1.1")
    svc.score_appraise(actor=appraiser, score=plan, version=plan.version, points="2", reason="Ban hành muộn")
    page = sign_in("appraiser").page
    page.goto(live_server.url + reverse("par:appraisal_detail", args=[submitted.pk]))
    area = page.get_by_test_id("area-1")
    expect(area.get_by_test_id("area-count")).to_contain_text("1 / 2")
    expect(area.get_by_test_id("accept-remaining")).to_contain_text("1")  # 1.2; 1.1 is adjusted already
    with page.expect_navigation():  # the confirmation dialog is accepted (new_watch)
        area.get_by_test_id("accept-remaining").locator("button").click()
    area = page.get_by_test_id("area-1")
    expect(area.get_by_test_id("area-count")).to_contain_text("2 / 2")
    expect(page.get_by_test_id("jump-area-1").locator("[data-par-missing]")).to_be_hidden()
    expect(page.get_by_test_id("jump-progress")).to_contain_text("2 / 4")
    points = {
        s.criterion.code: s.round1_points
        for s in Score.objects.filter(assessment=submitted).select_related("criterion")
    }
    assert points == {"1.1": Decimal("2.00"), "1.2": Decimal("2.50"), "2.1": None, "3.1": None}
    # Only the scores still open are offered to accept now.
    expect(page.get_by_test_id("area-1").get_by_test_id("accept-remaining")).to_have_count(0)
    # A single accept (htmx) updates the menu and what is left to accept.
    publicity = score_of(submitted, "2.1")
    leaf = page.get_by_test_id("leaf-2.1")
    htmx_post(page, reverse("par:score_accept", args=[publicity.pk]), leaf.get_by_test_id("accept").click)
    expect(page.get_by_test_id("jump-progress")).to_contain_text("3 / 4")
    expect(page.get_by_test_id("area-2").get_by_test_id("area-count")).to_contain_text("1 / 1")
    expect(page.get_by_test_id("area-2").get_by_test_id("accept-remaining")).to_be_hidden()
    expect(page.get_by_test_id("accept-remaining-all")).to_contain_text("1")
    with page.expect_navigation():
        page.get_by_test_id("filter-unappraised").click()
    expect(page.get_by_test_id("area-1")).to_be_hidden()
    expect(page.get_by_test_id("area-2")).to_be_hidden()
    expect(page.get_by_test_id("area-3")).to_be_visible()


def test_it_finalises_only_after_a_confirmation(
    live_server: Any, sign_in: Callable[..., PageWatch], submitted: Assessment, appraiser: Any, secretariat: Any
) -> None:
    scores_accept_remaining(actor=appraiser, assessment=submitted, version=submitted.version)
    submitted.refresh_from_db()
    svc.appraisal_conclude(actor=appraiser, assessment=submitted, version=submitted.version)
    page = sign_in("secretariat").page
    page.goto(live_server.url + reverse("par:period_progress", args=[submitted.period_id]))
    with page.expect_navigation():
        page.get_by_test_id("finalise-link").click()
    with page.expect_navigation():
        page.get_by_test_id(f"finalise-{submitted.pk}").click()
    expect(page.locator("h1")).to_contain_text(submitted.unit.name)
    expect(page.get_by_test_id("finalise-confirm-button")).to_be_visible()
    submitted.refresh_from_db()
    assert submitted.status == AssessmentStatus.APPRAISED  # nothing happened yet
    with page.expect_navigation():
        page.get_by_test_id("finalise-confirm-button").click()
    submitted.refresh_from_db()
    assert submitted.status == AssessmentStatus.FINALISED
    expect(page.get_by_test_id("finalise-table")).to_contain_text(submitted.unit.name)
