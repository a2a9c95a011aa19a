"""Acceptance 6 of issue 7: the demo's open 2025 period can be played to publication, in Chromium,
with the demo's own logins.

The demo province and the PAR demo of the departments' group are loaded as `seed_demo` loads
them. Then, through the pages: the focal point of Sở Tư pháp scores the criteria its draft still
lacks and its head submits; the focal point of Sở Tài chính answers the appraisers' request; the
appraiser accepts every score not yet appraised (first rounds) and every score under explanation
(second rounds) and concludes each round; the secretariat finalises every appraised assessment and
publishes; a visitor reads the results on the public page.
"""

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import expect

from apps.org.demo import demo_province_load
from apps.par.demo import demo_par_load
from apps.par.models import Assessment, AssessmentStatus, PeriodStatus, Score, ScoringPeriod
from tests.browser.conftest import PageWatch
from tests.browser.test_par_cycle import DESKTOP, autosave, htmx_post, new_watch

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

GROUP = "so-ban-nganh"


@pytest.fixture
def demo(settings: Any, tmp_path: Any) -> ScoringPeriod:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    demo_province_load(password=settings.DEMO_PASSWORD)
    demo_par_load(groups=[GROUP])
    return ScoringPeriod.objects.get(group__code=GROUP, year=2025)


@pytest.fixture
def sign_in(browser: Any, live_server: Any) -> Iterator[Callable[[str | None], PageWatch]]:
    watches: list[PageWatch] = []

    def open_as(username: str | None) -> PageWatch:
        watch = new_watch(browser, DESKTOP)
        watches.append(watch)
        if username is not None:
            page = watch.page
            page.goto(live_server.url + reverse("accounts:login"))
            page.locator("#id_username").fill(username)
            page.locator("#id_password").fill(settings.DEMO_PASSWORD)
            with page.expect_navigation():
                page.locator("main form button[type=submit]").click()
            assert page.url == live_server.url + reverse("portal:start"), f"{username} did not sign in"
        return watch

    yield open_as
    for watch in watches:
        watch.assert_clean()
        watch.page.context.close()


def of_unit(period: ScoringPeriod, name: str) -> Assessment:
    return Assessment.objects.get(period=period, unit__name=name)


def appraise_everything_open(page: Any, base: str, assessment: Assessment) -> None:
    """On the appraisal page: accept each score the open round has not appraised yet, then conclude."""
    page.goto(base + reverse("par:appraisal_detail", args=[assessment.pk]))
    waiting = (
        page.locator("[data-testid^='leaf-']")
        .filter(has=page.get_by_test_id("accept"))
        .filter(has_not=page.get_by_test_id("current-points"))
    )
    while waiting.count():
        leaf = waiting.first
        score_pk = leaf.get_attribute("id")
        assert score_pk and score_pk.startswith("leaf-")
        htmx_post(page, reverse("par:score_accept", args=[int(score_pk[5:])]), leaf.get_by_test_id("accept").click)
    with page.expect_navigation():
        page.get_by_test_id("conclude").click()
    assert page.url == base + reverse("par:appraisal_queue"), page.url


def test_it_plays_the_demo_2025_period_to_publication_with_the_demo_logins(
    live_server: Any, sign_in: Callable[[str | None], PageWatch], demo: ScoringPeriod
) -> None:
    base, period = live_server.url, demo
    justice, finance = of_unit(period, "Sở Tư pháp"), of_unit(period, "Sở Tài chính")
    assert justice.status == AssessmentStatus.DRAFT and finance.status == AssessmentStatus.EXPLANATION_REQUESTED

    # The focal point of Sở Tư pháp scores what its draft still lacks (a few criteria).
    page = sign_in("tuphap").page
    page.goto(base + reverse("par:assessment_detail", args=[justice.pk]))
    missing = Score.objects.filter(assessment=justice, self_points__isnull=True, criterion__method__type="manual")
    assert 0 < missing.count() <= 5
    for score in missing.select_related("criterion"):
        typed = str(int(score.criterion.max_points))
        field = page.locator(f"#v-{score.pk}")
        # a number saves when the field is left
        autosave(page, score, lambda field=field, typed=typed: (field.fill(typed), field.press("Tab")))
    expect(page.get_by_test_id("complete")).to_be_visible()

    # Its head submits.
    page = sign_in("gd_tuphap").page
    page.goto(base + reverse("par:assessment_detail", args=[justice.pk]))
    with page.expect_navigation():
        page.get_by_test_id("submit").click()
    expect(page.get_by_test_id("read-only")).to_be_visible()

    # The focal point of Sở Tài chính answers the appraisers' request.
    page = sign_in("taichinh").page
    page.goto(base + reverse("par:assessment_detail", args=[finance.pk]))
    with page.expect_navigation():
        page.get_by_test_id("explanation-link").click()
    for box in page.locator("[data-testid^='explain-'] textarea").all():
        box.fill("Đơn vị đã bổ sung hồ sơ chứng minh; đề nghị Tổ thẩm định xem xét.")
    with page.expect_navigation():
        page.get_by_test_id("explain-submit").click()
    expect(page.get_by_test_id("closed")).to_be_visible()

    # The appraiser works through every open round of the period.
    page = sign_in("thamdinh").page
    open_states = {AssessmentStatus.SUBMITTED, AssessmentStatus.EXPLAINED}
    for _ in range(3):  # a first round may end in an explanation request (not here: everything is accepted)
        waiting = list(period.assessments.filter(status__in=open_states).order_by("pk"))
        if not waiting:
            break
        for assessment in waiting:
            appraise_everything_open(page, base, assessment)
    statuses = set(period.assessments.values_list("status", flat=True))
    assert statuses <= {AssessmentStatus.APPRAISED, AssessmentStatus.FINALISED}, statuses

    # The secretariat finalises every appraised assessment and publishes.
    page = sign_in("noivu").page
    page.goto(base + reverse("par:period_finalise", args=[period.pk]))
    with page.expect_navigation():
        page.get_by_test_id("finalise-all").click()
    page.locator("#id_decision_reference").fill("2150/QĐ-UBND ngày 01/12/2026")
    with page.expect_navigation():
        page.get_by_test_id("publish").click()
    expect(page.get_by_test_id("published")).to_contain_text("2150/QĐ-UBND")
    period.refresh_from_db()
    assert period.status == PeriodStatus.PUBLISHED

    # A visitor reads the results: every unit ranked, with its index.
    page = sign_in(None).page
    page.goto(base + reverse("par_public:period", args=[period.pk]))
    rows = page.get_by_test_id("public-row")
    expect(rows).to_have_count(period.assessments.count())
    expect(page.locator(f"[data-testid=public-row][data-unit='{justice.unit_id}']")).to_contain_text("Sở Tư pháp")
    index = page.locator(f"[data-testid=public-row][data-unit='{justice.unit_id}']").get_by_test_id("index")
    result = Assessment.objects.select_related("result").get(pk=justice.pk).result
    expect(index).to_have_text(f"{result.index:.2f}".replace(".", ","))
