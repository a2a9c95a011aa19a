"""Acceptance 3 of issue 7 (worklists): each role signs in to the demo province and finds on its
start page what waits for it today, at 1280 px, and the focal point's list on a phone at 360 px.

The demo is loaded once (it takes a while); one test walks through the roles in their own browser
contexts: the focal point follows a missing item to its criterion, the head finds the Word report,
the appraiser the queue counted by round, the secretariat the late units, the leader the latest
published results."""

import re
from collections.abc import Iterator
from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from apps.par.models import Assessment, AssessmentStatus, ScoringPeriod
from apps.par.selectors.appraisal import appraisal_queue
from tests.browser.conftest import DESKTOP, PHONE, PageWatch, watched_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEPARTMENTS_2025 = "Chỉ số CCHC năm 2025 - Sở, ban, ngành"
DEPARTMENTS_2024 = "Chỉ số CCHC năm 2024 - Sở, ban, ngành"


def new_watch(browser: Any, viewport: dict[str, int]) -> PageWatch:
    return watched_page(browser, viewport)


@pytest.fixture
def sign_in(browser: Any, live_server: Any) -> Iterator[Any]:
    watches: list[PageWatch] = []

    def open_as(username: str, viewport: dict[str, int] = DESKTOP) -> PageWatch:
        watch = new_watch(browser, viewport)
        watches.append(watch)
        page = watch.page
        page.goto(live_server.url + reverse("accounts:login"))
        page.locator("#id_username").fill(username)
        page.locator("#id_password").fill(settings.DEMO_PASSWORD)
        with page.expect_navigation():
            page.locator("main form button[type=submit]").click()
        assert page.url == live_server.url + reverse("portal:start"), f"{username} did not sign in"
        expect(page.get_by_test_id("worklist")).to_be_visible()
        return watch

    yield open_as
    for watch in watches:
        watch.page.context.close()


def panel(watch: PageWatch, key: str) -> Any:
    return watch.page.locator(f"[data-testid=worklist-panel][data-panel={key}]")


def in_progress(period: ScoringPeriod) -> str:
    return f"[data-testid=period-progress][data-period='{period.pk}']"


def assert_fits(watch: PageWatch, width: int) -> None:
    scroll = watch.page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width + 1, f"page is {scroll} px wide at {width} px"


def test_it_gives_each_role_of_the_demo_its_worklist(sign_in: Any, live_server: Any) -> None:
    call_command("seed_demo", stdout=StringIO())
    period = ScoringPeriod.objects.get(name=DEPARTMENTS_2025)
    own = Assessment.objects.get(period=period, unit__name="Sở Tư pháp")
    assert own.status == AssessmentStatus.DRAFT

    # The focal point: stage, x / y, the missing items as links that land on their criterion.
    focal = sign_in("tuphap")
    work = panel(focal, "par-focal-point").locator(f"[data-testid=work][data-assessment='{own.pk}']")
    expect(work.get_by_test_id("stage")).to_have_text(str(AssessmentStatus.DRAFT.label))
    expect(work.get_by_test_id("filled")).to_have_text(re.compile(r"^\d+ / \d+$"))
    missing = work.get_by_test_id("missing-item")
    assert missing.count() > 0
    first = missing.first
    href = first.get_attribute("href")
    assert href is not None and href.startswith(reverse("par:assessment_detail", args=[own.pk]) + "#leaf-")
    code = first.inner_text().split(" ")[0]
    first.click()
    focal.page.wait_for_url(f"**{href}")
    target = focal.page.locator(href[href.index("#") :])
    expect(target).to_be_in_viewport()
    expect(target).to_contain_text(code)
    focal.assert_clean()

    # The head: what waits for their submission, and the Word report to check and sign.
    head = sign_in("gd_tuphap")
    head_work = panel(head, "par-unit-head").locator(f"[data-testid=work][data-assessment='{own.pk}']")
    expect(head_work.get_by_test_id("awaits-submission")).to_be_visible()
    report = head_work.get_by_test_id("report-link")
    assert report.get_attribute("href") == reverse("par:assessment_report_docx", args=[own.pk])
    response = head.page.request.get(live_server.url + reverse("par:assessment_report_docx", args=[own.pk]))
    assert response.status == 200 and "wordprocessingml" in response.headers["content-type"]
    head.assert_clean()

    # The appraiser: the queue counted by round.
    queue = appraisal_queue()
    appraiser = sign_in("thamdinh")
    appraisal = panel(appraiser, "par-appraiser")
    expect(appraisal.get_by_test_id("round1-count")).to_have_text(str(sum(1 for r in queue if r.round == 1)))
    expect(appraisal.get_by_test_id("round2-count")).to_have_text(str(sum(1 for r in queue if r.round == 2)))
    assert appraisal.get_by_test_id("queue").locator("a").count() == min(10, len(queue))
    appraiser.assert_clean()

    # The secretariat: once the self-assessment deadline has passed, the units still in draft are late.
    ScoringPeriod.objects.filter(pk=period.pk).update(self_assessment_deadline=timezone.localdate() - timedelta(days=3))
    drafts = list(
        Assessment.objects.filter(period=period, status=AssessmentStatus.DRAFT).values_list("unit__name", flat=True)
    )
    assert drafts
    secretariat = sign_in("noivu")
    progress = panel(secretariat, "par-secretariat").locator(
        f"[data-testid=period-progress][data-period='{period.pk}']"
    )
    late = progress.get_by_test_id("late-unit")
    expect(late).to_have_count(len(drafts))
    for name in drafts:
        expect(progress.get_by_test_id("late-units")).to_contain_text(name)
    expect(progress.locator("[data-testid=stages] tr[data-status=draft] [data-testid=stage-count]")).to_have_text(
        str(len(drafts))
    )
    secretariat.assert_clean()

    # The leader: the latest published results (top and bottom units, the average) and the open periods.
    leader = sign_in("lanhdao")
    published_period = ScoringPeriod.objects.get(name=DEPARTMENTS_2024)
    published = panel(leader, "par-leader").locator(f"[data-testid=published][data-period='{published_period.pk}']")
    best = published_period.assessments.select_related("unit", "result").get(result__rank=1)
    expect(published.get_by_test_id("top")).to_contain_text(best.unit.name)
    expect(published.get_by_test_id("top")).to_contain_text(f"{best.result.index:.2f}".replace(".", ","))
    expect(published.get_by_test_id("average")).to_have_text(re.compile(r"^\d+,\d\d$"))  # Vietnamese format
    expect(
        panel(leader, "par-leader").locator(f"[data-testid=period-progress][data-period='{period.pk}']")
    ).to_be_visible()
    leader.assert_clean()

    # A phone: the focal point's missing items are links, and the page fits 360 px.
    phone = sign_in("tuphap", PHONE)
    phone_missing = panel(phone, "par-focal-point").get_by_test_id("missing-item")
    expect(phone_missing.first).to_be_visible()
    assert_fits(phone, PHONE["width"])
    phone.assert_clean()
