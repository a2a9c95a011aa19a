"""Issue 7, acceptance 1: the focal point types into the demo's own criteria (the workbook the demo
loads, with its guidance) and sees, before saving, the points the engine gives for what they typed;
a refused value is answered next to the field with the value and the note kept; the decimal comma
is read as a decimal mark."""

from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from apps.org.models import Unit
from apps.par import demo, excel_criteria
from apps.par.models import Assessment, DeclaredMetric, MeasuredValue, Score
from apps.par.services import criteria as criteria_services
from apps.par.services.periods import period_open
from apps.par.tests.factories import group_of
from tests.browser.conftest import _CSP_WATCH, PageWatch

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Secret#2025"  # the factories' password
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def assessment(unit_a: Unit, unit_b: Unit, secretariat: Any, focal_a: Any) -> Assessment:
    """Unit A's draft self-assessment against the demo's criteria for departments."""
    group = group_of(unit_a, unit_b)
    path = demo.workbook(group.code)
    upload = SimpleUploadedFile(path.name, path.read_bytes(), content_type=excel_criteria.XLSX_MIME)
    today = timezone.localdate()
    criteria_set, _count = criteria_services.criteria_set_import(
        actor=secretariat, uploaded=upload, year=today.year, group=group, name="Bộ tiêu chí", legal_reference=""
    )
    period = period_open(
        actor=secretariat,
        group=group,
        criteria_set=criteria_set,
        name=f"Chỉ số CCHC năm {today.year}",
        self_assessment_deadline=today + timedelta(days=10),
        appraisal_deadline=today + timedelta(days=20),
        explanation_deadline=today + timedelta(days=30),
    )
    return Assessment.objects.get(period=period, unit=unit_a)


def signed_in(browser: Any, live_server: Any, user: Any) -> PageWatch:
    context = browser.new_context(viewport=DESKTOP, locale="vi-VN")
    context.set_default_timeout(10_000)
    context.add_init_script(_CSP_WATCH)
    page = context.new_page()
    watch = PageWatch(page)
    page.on(
        "console", lambda m: m.type == "error" and "status of 400" not in m.text and watch.console_errors.append(m.text)
    )
    page.on("pageerror", lambda exc: watch.page_errors.append(str(exc)))
    page.goto(live_server.url + reverse("accounts:login"))
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    return watch


@pytest.fixture
def focal_page(browser: Any, live_server: Any, focal_a: Any) -> Iterator[PageWatch]:
    watch = signed_in(browser, live_server, focal_a)
    yield watch
    watch.page.context.close()


def score_of(assessment: Assessment, code: str) -> Score:
    return Score.objects.select_related("criterion").get(assessment=assessment, criterion__code=code)


def test_it_shows_the_points_as_the_focal_point_types_and_refuses_next_to_the_field(
    live_server: Any, focal_page: PageWatch, assessment: Assessment
) -> None:
    page = focal_page.page
    page.goto(live_server.url + reverse("par:assessment_detail", args=[assessment.pk]))
    page.wait_for_load_state("load")

    # 1.1.2: a percent criterion whose guidance gives an example in percent.
    rate = score_of(assessment, "1.1.2")
    assert rate.criterion.max_points == Decimal("1.5")
    leaf = page.locator(f"#leaf-{rate.pk}")
    leaf.get_by_role("button", name="Hướng dẫn").click()
    expect(leaf.locator(f"#guide-{rate.pk}")).to_contain_text("ví dụ 95 %")
    expect(leaf.locator(f"label[for=v-{rate.pk}]")).to_contain_text("Tỷ lệ đạt được (%)")
    expect(leaf).not_to_contain_text("ví dụ 0,95")
    field, shown = page.locator(f"#v-{rate.pk}"), page.locator(f"#pv-{rate.pk}")
    expect(field).to_have_attribute("inputmode", "decimal")
    expect(page.locator(".is-invalid")).to_have_count(0)  # nothing red before the user tried

    field.fill("0,95")  # a ratio typed into a percent field: 0,95 %, below every tier
    expect(shown).to_contain_text("= 0,00 / 1,50 điểm")
    expect(shown.get_by_test_id("preview-hint")).to_have_text("Bạn đã nhập 0,95 %. Nếu ý bạn là 95 %, hãy nhập 95.")
    field.fill("95")  # 95 %: from 80 % to under 100 %, half the points
    expect(shown).to_contain_text("= 0,75 / 1,50 điểm")
    expect(shown.get_by_test_id("preview-hint")).to_have_count(0)
    field.fill("100")
    expect(shown).to_contain_text("= 1,50 / 1,50 điểm")
    rate.refresh_from_db()
    assert rate.self_value is None and rate.version == 1  # seen before anything was saved

    with page.expect_response(lambda r: r.url.endswith(reverse("par:score_save", args=[rate.pk]))) as saved:
        page.locator(f"#v-{rate.pk}").press("Enter")
    assert saved.value.status == 200
    expect(page.locator(f"#leaf-{rate.pk} [data-points]")).to_have_text("1,50")
    rate.refresh_from_db()
    assert rate.self_value == Decimal("1") and rate.self_points == Decimal("1.50")

    # 1.1.3: a manual criterion worth 0,50. A 5 is answered next to the field, before and on saving.
    plan = score_of(assessment, "1.1.3")
    assert plan.criterion.max_points == Decimal("0.5")
    page.locator(f"#n-{plan.pk}").fill("Kế hoạch số 12/KH-STP")
    page.wait_for_timeout(1200)  # the note autosaves as it is typed
    field = page.locator(f"#v-{plan.pk}")
    field.fill("5")
    expect(page.locator(f"#pv-{plan.pk}")).to_contain_text("từ 0 đến 0,5.")
    with page.expect_response(lambda r: r.url.endswith(reverse("par:score_save", args=[plan.pk]))) as refused:
        field.press("Tab")
    assert refused.value.status == 400
    error = page.locator(f"#err-{plan.pk}")
    expect(error).to_contain_text("từ 0 đến 0,5.")
    expect(page.locator(f"#v-{plan.pk}")).to_have_value("5")  # the value stays in the field
    expect(page.locator(f"#v-{plan.pk}")).to_have_class("form-control is-invalid")
    expect(page.locator(f"#n-{plan.pk}")).to_have_value("Kế hoạch số 12/KH-STP")  # and the note too
    plan.refresh_from_db()
    assert plan.self_value is None

    # 2.3.2: a percent criterion; "0,4" is 0,4 (not 4, not 04) and is saved as such.
    share = score_of(assessment, "2.3.2")
    field = page.locator(f"#v-{share.pk}")
    field.fill("0,4")
    expect(page.locator(f"#pv-{share.pk}")).to_contain_text("/ 0,75 điểm")
    with page.expect_response(lambda r: r.url.endswith(reverse("par:score_save", args=[share.pk]))) as saved:
        field.press("Tab")
    assert saved.value.status == 200
    expect(page.locator(f"#v-{share.pk}")).to_have_value("0,4")
    share.refresh_from_db()
    assert share.self_value == Decimal("0.004")  # 0,4 % as the engine's ratio
    focal_page.assert_clean()


def test_a_refused_values_error_gives_way_to_the_preview_once_the_value_changes(
    live_server: Any, focal_page: PageWatch, assessment: Assessment
) -> None:
    page = focal_page.page
    page.goto(live_server.url + reverse("par:assessment_detail", args=[assessment.pk]))
    page.wait_for_load_state("load")

    # 1.1.3: a manual criterion worth 0,50; 5 is refused on leaving the field.
    plan = score_of(assessment, "1.1.3")
    field, shown = page.locator(f"#v-{plan.pk}"), page.locator(f"#pv-{plan.pk}")
    field.fill("5")
    with page.expect_response(lambda r: r.url.endswith(reverse("par:score_save", args=[plan.pk]))) as refused:
        field.press("Tab")
    assert refused.value.status == 400
    expect(page.locator(f"#err-{plan.pk}")).to_contain_text("từ 0 đến 0,5.")
    expect(field).to_have_attribute("aria-invalid", "true")

    field = page.locator(f"#v-{plan.pk}")
    field.click()
    field.fill("0,5")  # the old error spoke of 5: it goes, the preview speaks of 0,5
    expect(page.locator(f"#err-{plan.pk}")).to_have_count(0)
    expect(page.locator(f"#leaf-{plan.pk} [data-testid=leaf-error]")).to_have_count(0)
    expect(field).not_to_have_class("form-control is-invalid")
    expect(field).not_to_have_attribute("aria-invalid", "true")
    expect(field).to_have_attribute("aria-describedby", f"h-{plan.pk} pv-{plan.pk}")
    expect(shown).to_have_text("= 0,50 / 0,50 điểm")
    field.fill("7")  # a problem the preview finds is said in the preview line
    expect(shown.get_by_test_id("preview-problem")).to_contain_text("từ 0 đến 0,5.")
    expect(page.locator(f"#err-{plan.pk}")).to_have_count(0)

    # 1.1.2: a percent criterion; 150 % is accepted, capped at full marks, and questioned.
    rate = score_of(assessment, "1.1.2")
    field, shown = page.locator(f"#v-{rate.pk}"), page.locator(f"#pv-{rate.pk}")
    hint = "Hơn 100 %: điểm tối đa là 1,50; hãy kiểm tra lại số đã nhập."
    field.fill("150")
    expect(shown).to_contain_text("= 1,50 / 1,50 điểm")
    expect(shown.get_by_test_id("preview-hint")).to_have_text(hint)
    with page.expect_response(lambda r: r.url.endswith(reverse("par:score_save", args=[rate.pk]))) as saved:
        field.press("Tab")
    assert saved.value.status == 200
    expect(page.locator(f"#leaf-{rate.pk} [data-points]")).to_have_text("1,50")
    expect(page.locator(f"#pv-{rate.pk}").get_by_test_id("preview-hint")).to_have_text(hint)  # still there
    rate.refresh_from_db()
    assert rate.self_value == Decimal("1.5")
    focal_page.assert_clean()


def test_the_secretariat_types_a_measured_ratio_with_the_decimal_comma(
    browser: Any, live_server: Any, assessment: Assessment, secretariat: Any
) -> None:
    DeclaredMetric.objects.get_or_create(
        key="directives.on_time_rate", defaults={"label": "Nhiệm vụ hoàn thành đúng hạn", "unit": "ratio"}
    )
    watch = signed_in(browser, live_server, secretariat)
    page = watch.page
    page.goto(live_server.url + reverse("par:period_measured", args=[assessment.period_id]))
    cell = page.locator(f"td[data-unit='{assessment.unit_id}'][data-metric='directives.on_time_rate']")
    field = cell.locator("input[name=value]")
    expect(field).to_have_attribute("type", "text")
    expect(field).to_have_attribute("inputmode", "decimal")
    expect(page.locator(".is-invalid, .par-attempted")).to_have_count(0)  # nothing red before trying
    field.fill("0,95")
    cell.get_by_role("button").click()  # the source is still empty: the browser says so, nothing is lost
    expect(cell.locator("form")).to_have_class("d-flex flex-column gap-1 par-attempted")
    expect(field).to_have_value("0,95")
    cell.locator("input[name=source_note]").fill("Hệ thống theo dõi nhiệm vụ")
    with page.expect_response(lambda r: r.url.endswith(reverse("par:measured_set", args=[assessment.period_id]))):
        cell.get_by_role("button").click()
    cell = page.locator(f"td[data-unit='{assessment.unit_id}'][data-metric='directives.on_time_rate']")
    expect(cell.locator("[data-current]")).to_contain_text("0,95")
    expect(cell.locator("input[name=value]")).to_have_value("0,95")
    value = MeasuredValue.objects.get(period=assessment.period, unit=assessment.unit, metric="directives.on_time_rate")
    assert value.value == Decimal("0.95")  # a ratio, never 95
    watch.assert_clean()
    watch.page.context.close()
