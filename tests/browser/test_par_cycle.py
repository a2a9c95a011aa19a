"""Acceptance 1 of the PAR issue: the whole scoring cycle through the real pages, in Chromium.

The secretariat opens a period; the focal point of unit A scores every leaf (saved as they type)
and uploads a PDF as evidence; the head submits; an appraiser accepts all leaves but one, adjusts
that one with a reason and asks for an explanation; the unit explains; the second appraisal
settles it; the secretariat finalises and publishes; an anonymous visitor reads unit A's rank and
index on the public page. Unit B is driven through the services (the cycle is shown on unit A).

Each user has a browser context of their own and signs in through /dang-nhap/. Real time is used
(time_machine does not reach the live server thread reliably): the deadlines lie 10, 20 and 30
days after today, and the second round starts as soon as the unit has explained.
"""

from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from apps.org.models import Unit
from apps.par.models import Assessment, AssessmentStatus, Score, ScoringPeriod
from apps.par.services import assessments as svc
from apps.par.tests.factories import build_set, group_of
from tests.browser.conftest import DESKTOP, PHONE, PageWatch, watched_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Secret#2025"  # the factories' password

# Two areas, 15 points in all: a manual leaf that needs evidence, a deduction leaf, a "done" leaf.
SPEC: list[tuple[Any, ...]] = [
    ("1", "Công tác chỉ đạo, điều hành CCHC", 10, None, False, "normal"),
    ("1.1", "Ban hành kế hoạch CCHC năm đúng hạn", 6, {"type": "manual", "step": "0.25"}, True, "normal"),
    ("1.2", "Báo cáo CCHC định kỳ đúng hạn", 4, {"type": "deduction", "per_occurrence": "0.5"}, False, "normal"),
    ("2", "Cải cách thủ tục hành chính", 5, None, False, "normal"),
    ("2.1", "Công khai đầy đủ thủ tục hành chính", 5, {"type": "done"}, False, "normal"),
]

# Unit A, by hand (maximum 6 + 4 + 5 = 15):
#   self-assessment   1.1 = 5.50 points, 1.2 = 1 late report → 4 - 0.5 = 3.50, 2.1 done → 5.00; total 14.00
#   first appraisal   1.1 adjusted to 3.50 (explanation requested), 1.2 and 2.1 accepted
#   second appraisal  1.1 settled at 3.75
#   final             3.75 + 3.50 + 5.00 = 12.25; index 12.25 / 15 × 100 = 81.666… → 81.67 %, shown "81,67"
# Unit B (services): 1.1 = 6, 1.2 = 2 late reports → 3, 2.1 done → 5; 14 / 15 = 93.33 % → rank 1, so A is 2nd.
A_INDEX, A_RANK = "81,67", "2"
B_INDEX, B_RANK = "93,33", "1"

PDF = {
    "name": "ke-hoach.pdf",
    "mimeType": "application/pdf",
    "buffer": b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
}


# Counts finished htmx swaps, so a test waits until a fragment is live before using it.
_SETTLE_WATCH = """
window.__htmxSettled = 0;
document.addEventListener("htmx:afterSettle", function () { window.__htmxSettled += 1; });
"""


def dmy(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def new_watch(browser: Any, viewport: dict[str, int]) -> PageWatch:
    """`watched_page` that also counts htmx swaps and accepts the pages' confirmation dialogs
    (data-confirm) as a user would."""
    watch = watched_page(browser, viewport, _SETTLE_WATCH)
    watch.page.on("dialog", lambda dialog: dialog.accept())
    return watch


@pytest.fixture
def sign_in(browser: Any, live_server: Any) -> Iterator[Callable[..., PageWatch]]:
    """sign_in(username) → a signed-in page in its own context; sign_in(None) → an anonymous visitor."""
    watches: list[PageWatch] = []

    def open_as(username: str | None, viewport: dict[str, int] = DESKTOP) -> PageWatch:
        watch = new_watch(browser, viewport)
        watches.append(watch)
        if username is not None:
            page = watch.page
            page.goto(live_server.url + reverse("accounts:login"))
            page.locator("#id_username").fill(username)
            page.locator("#id_password").fill(PASSWORD)
            with page.expect_navigation():
                page.locator("main form button[type=submit]").click()
            assert page.url == live_server.url + reverse("portal:start"), f"{username} did not sign in"
        return watch

    yield open_as
    for watch in watches:
        watch.page.context.close()


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")


def score_of(assessment: Assessment, code: str) -> Score:
    return Score.objects.get(assessment=assessment, criterion__code=code)


def htmx_post(page: Any, url: str, action: Callable[[], None]) -> None:
    """Do something that makes htmx post to `url`; wait for a 200 answer and for the swapped-in
    fragment to settle (htmx wires the new forms only then: typing sooner would be lost)."""
    # htmx wires the page's forms on DOMContentLoaded: act only once the page has fully loaded.
    # (No wait_for_function: its polling evaluates strings, which the strict CSP refuses.)
    page.wait_for_load_state("load")
    settled = page.evaluate("window.__htmxSettled")
    with page.expect_response(lambda r: r.url.endswith(url) and r.request.method == "POST") as answer:
        action()
    assert answer.value.status == 200, answer.value.text()
    for _attempt in range(100):
        if page.evaluate("window.__htmxSettled") > settled:
            break
        page.wait_for_timeout(50)


def autosave(page: Any, score: Score, action: Callable[[], None]) -> None:
    """Type into a leaf of the self-assessment and wait for its autosave (a note as it is typed, a
    number when the user leaves the field)."""
    htmx_post(page, reverse("par:score_save", args=[score.pk]), action)


def drive_unit_b(unit_b: Unit, period: ScoringPeriod, focal_b: Any, appraiser: Any, secretariat: Any) -> None:
    """Unit B from draft to finalised through the services."""
    assessment = Assessment.objects.get(period=period, unit=unit_b)
    for code, value, reason in (("1.1", "6", "Kế hoạch đính kèm hồ sơ giấy"), ("1.2", "2", None), ("2.1", "1", None)):
        score = score_of(assessment, code)
        svc.score_self_update(actor=focal_b, score=score, version=score.version, value=value, no_evidence_reason=reason)
    assessment.refresh_from_db()
    svc.assessment_submit(actor=focal_b, assessment=assessment, version=assessment.version)
    for score in assessment.scores.select_related("assessment__period", "criterion"):
        svc.score_appraise(actor=appraiser, score=score, version=score.version, points=None, accept=True)
    assessment.refresh_from_db()
    svc.appraisal_conclude(actor=appraiser, assessment=assessment, version=assessment.version)
    assessment.refresh_from_db()
    svc.assessment_finalise(actor=secretariat, assessment=assessment, version=assessment.version)


def test_it_runs_the_whole_scoring_cycle_through_the_pages(
    live_server: Any,
    sign_in: Callable[..., PageWatch],
    unit_a: Unit,
    unit_b: Unit,
    focal_a: Any,
    head_a: Any,
    focal_b: Any,
    appraiser: Any,
    secretariat: Any,
) -> None:
    base = live_server.url
    today = timezone.localdate()
    year = today.year
    group = group_of(unit_a, unit_b)
    build_set(group, year=year, spec=SPEC)
    watches: list[PageWatch] = []

    # 1. The secretariat opens the period.
    sec = sign_in("secretariat")
    watches.append(sec)
    page = sec.page
    page.goto(base + reverse("par:period_list"))
    page.get_by_test_id("period-create").click()
    expect(page.get_by_test_id("period-form")).to_be_visible()
    page.locator("#id_year").fill(str(year))
    page.locator("#id_group").select_option(label=group.name)
    page.locator("#id_criteria_set").select_option(label=f"{year} · {group.name} · Bộ tiêu chí {year}")
    page.locator("#id_name").fill(f"Chỉ số CCHC năm {year}")
    page.locator("#id_self_assessment_deadline").fill(dmy(today + timedelta(days=10)))
    page.locator("#id_appraisal_deadline").fill(dmy(today + timedelta(days=20)))
    page.locator("#id_explanation_deadline").fill(dmy(today + timedelta(days=30)))
    with page.expect_navigation():
        page.get_by_test_id("period-form").locator("button[type=submit]").click()
    period = ScoringPeriod.objects.get(group=group, year=year)
    assert page.url == base + reverse("par:period_progress", args=[period.pk])
    expect(page.get_by_test_id("progress")).to_contain_text(unit_a.name)
    expect(page.get_by_test_id("progress")).to_contain_text(unit_b.name)
    assessment = Assessment.objects.get(period=period, unit=unit_a)
    plan, reports, publicity = (score_of(assessment, code) for code in ("1.1", "1.2", "2.1"))

    # 2. The focal point of unit A scores every leaf on a phone, each save updating the running total.
    focal = sign_in("focal_a", PHONE)
    watches.append(focal)
    page = focal.page
    page.goto(base + reverse("par:period_list"))
    page.get_by_test_id("own-assessment").click()
    assert page.url == base + reverse("par:assessment_detail", args=[assessment.pk])
    total = page.get_by_test_id("totals").locator("[data-total]")
    expect(total).to_have_text("0,00")

    autosave(
        page, plan, lambda: (page.locator(f"#v-{plan.pk}").fill("5,5"), page.locator(f"#v-{plan.pk}").press("Tab"))
    )
    expect(total).to_have_text("5,50")
    autosave(page, plan, lambda: page.locator(f"#n-{plan.pk}").fill("Kế hoạch số 12/KH-STP ngày 10/01"))
    autosave(
        page,
        reports,
        lambda: (page.locator(f"#v-{reports.pk}").fill("1"), page.locator(f"#v-{reports.pk}").press("Tab")),
    )
    expect(total).to_have_text("9,00")
    autosave(page, publicity, lambda: page.locator(f"#v-{publicity.pk}").select_option("1"))
    expect(total).to_have_text("14,00")
    expect(page.get_by_test_id("totals").locator("[data-index]")).to_have_text("93,33 %")
    # Evidence is still missing on 1.1: upload the plan as a PDF.
    expect(page.get_by_test_id("missing")).to_contain_text("1.1")
    leaf = page.locator(f"#leaf-{plan.pk}")
    leaf.locator("summary").click()
    leaf.locator(f"#t-{plan.pk}").fill("Kế hoạch CCHC năm (12/KH-STP)")
    leaf.locator(f"#f-{plan.pk}").set_input_files(PDF)
    upload_url = reverse("par:score_upload", args=[plan.pk])
    htmx_post(page, upload_url, leaf.locator(f"form[action='{upload_url}'] button[type=submit]").click)
    evidence_link = page.locator(f"#leaf-{plan.pk}").get_by_test_id("evidence").get_by_role("link")
    expect(evidence_link).to_have_text("Kế hoạch CCHC năm (12/KH-STP)")
    expect(page.get_by_test_id("complete")).to_be_visible()
    pdf = page.request.get(base + evidence_link.get_attribute("href"))
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.body() == PDF["buffer"]

    # The head of unit A submits.
    head = sign_in("head_a")
    watches.append(head)
    page = head.page
    page.goto(base + reverse("par:assessment_detail", args=[assessment.pk]))
    with page.expect_navigation():
        page.get_by_test_id("submit").click()
    expect(page.get_by_test_id("read-only")).to_be_visible()
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.SUBMITTED

    # 3. The appraiser accepts 1.2 and 2.1, adjusts 1.1 with a reason and asks unit A to explain it.
    appr = sign_in("appraiser")
    watches.append(appr)
    page = appr.page
    page.goto(base + reverse("par:appraisal_queue"))
    row = page.get_by_test_id("appraisal-queue").get_by_role("row").filter(has_text=unit_a.name)
    with page.expect_navigation():
        row.get_by_role("link").click()
    assert page.url == base + reverse("par:appraisal_detail", args=[assessment.pk])
    expect(page.get_by_test_id("round")).to_be_visible()
    for score in (reports, publicity):
        leaf = page.get_by_test_id(f"leaf-{score.criterion.code}")
        htmx_post(page, reverse("par:score_accept", args=[score.pk]), leaf.get_by_test_id("accept").click)
        expect(page.get_by_test_id(f"leaf-{score.criterion.code}").get_by_test_id("current-points")).to_be_visible()
    leaf = page.get_by_test_id("leaf-1.1")
    leaf.locator(f"#points-{plan.pk}").fill("3.5")
    leaf.locator(f"#reason-{plan.pk}").fill("Kế hoạch ban hành sau thời hạn 15/01 theo quy định")
    htmx_post(page, reverse("par:score_appraise", args=[plan.pk]), leaf.get_by_test_id("appraise").click)
    expect(page.get_by_test_id("leaf-1.1").get_by_test_id("current-points")).to_contain_text("3,50")
    leaf = page.get_by_test_id("leaf-1.1")
    leaf.locator(f"#note-{plan.pk}").fill("Đề nghị giải trình thời điểm ban hành kế hoạch")
    htmx_post(
        page,
        reverse("par:score_request_explanation", args=[plan.pk]),
        leaf.get_by_test_id("request-explanation").click,
    )
    expect(page.get_by_test_id("leaf-1.1")).to_contain_text("Đề nghị giải trình thời điểm ban hành kế hoạch")
    with page.expect_navigation():
        page.get_by_test_id("conclude").click()
    assert page.url == base + reverse("par:appraisal_queue")
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.EXPLANATION_REQUESTED

    # 4. The focal point sees the adjustment with its reason and answers the request.
    page = focal.page
    page.goto(base + reverse("par:assessment_detail", args=[assessment.pk]))
    expect(page.locator(f"#leaf-{plan.pk}").get_by_test_id("appraisal")).to_contain_text("Kế hoạch ban hành sau")
    with page.expect_navigation():
        page.get_by_test_id("explanation-link").click()
    page.get_by_test_id("explain-1.1").locator("textarea").fill(
        "Kế hoạch trình ngày 12/01, ký ban hành ngày 16/01 do lãnh đạo đi công tác; xin xem xét."
    )
    with page.expect_navigation():
        page.get_by_test_id("explain-submit").click()
    expect(page.get_by_test_id("closed")).to_be_visible()
    expect(page.get_by_test_id("explained-1.1")).to_contain_text("ký ban hành ngày 16/01")
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.EXPLAINED

    # 5. Second appraisal: 1.1 settled at 3.75, then the round is concluded.
    page = appr.page
    page.goto(base + reverse("par:appraisal_queue"))
    row = page.get_by_test_id("appraisal-queue").get_by_role("row").filter(has_text=unit_a.name)
    with page.expect_navigation():
        row.get_by_role("link").click()
    leaf = page.get_by_test_id("leaf-1.1")
    expect(leaf).to_contain_text("ký ban hành ngày 16/01")
    leaf.locator(f"#points-{plan.pk}").fill("3.75")
    leaf.locator(f"#reason-{plan.pk}").fill("Chấp nhận một phần giải trình: chậm 01 ngày")
    htmx_post(page, reverse("par:score_appraise", args=[plan.pk]), leaf.get_by_test_id("appraise").click)
    expect(page.get_by_test_id("leaf-1.1").get_by_test_id("current-points")).to_contain_text("3,75")
    with page.expect_navigation():
        page.get_by_test_id("conclude").click()
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.APPRAISED

    # 6. Unit B reaches "finalised" through the services; the secretariat finalises A and publishes.
    drive_unit_b(unit_b, period, focal_b, appraiser, secretariat)
    page = sec.page
    page.goto(base + reverse("par:period_finalise", args=[period.pk]))
    with page.expect_navigation():
        page.get_by_test_id(f"finalise-{assessment.pk}").click()
    with page.expect_navigation():  # finalising asks for a confirmation first
        page.get_by_test_id("finalise-confirm-button").click()
    expect(page.get_by_test_id("finalise-table")).to_contain_text(f"{A_INDEX} %")
    page.locator("#id_decision_reference").fill(f"123/QĐ-UBND ngày 05/02/{year}")
    with page.expect_navigation():
        page.get_by_test_id("publish").click()
    expect(page.get_by_test_id("published")).to_contain_text(f"123/QĐ-UBND ngày 05/02/{year}")

    # 7. An anonymous visitor finds the period on the public page and reads unit A's rank and index.
    visitor = sign_in(None, PHONE)
    watches.append(visitor)
    page = visitor.page
    page.goto(base + reverse("par_public:index"))
    with page.expect_navigation():
        page.get_by_test_id("public-period").filter(has_text=period.name).click()
    assert page.url == base + reverse("par_public:period", args=[period.pk])
    row_a = page.locator(f"[data-testid=public-row][data-unit='{unit_a.pk}']")
    expect(row_a).to_contain_text(unit_a.name)
    expect(row_a.get_by_test_id("rank")).to_have_text(A_RANK)
    expect(row_a.get_by_test_id("index")).to_have_text(A_INDEX)
    row_b = page.locator(f"[data-testid=public-row][data-unit='{unit_b.pk}']")
    expect(row_b.get_by_test_id("rank")).to_have_text(B_RANK)
    expect(row_b.get_by_test_id("index")).to_have_text(B_INDEX)

    for watch in watches:
        watch.assert_clean()
