"""The PAR results as people read them: on a phone each unit shows its rank, name, index and band;
on a desktop the unit column stays in view when the wide table scrolls sideways and a column chooser
(remembered by the browser) hides and shows columns; the public ranking fits a phone; the analysis
page shows its charts before its tables and writes numbers the Vietnamese way (1.234,5)."""

import re
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from apps.par.models import Assessment, AssessmentStatus
from apps.par.tests.test_results_support import publish, small_scenario
from tests.browser.conftest import PHONE, PageWatch

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Secret#2025"  # the factories' password


def sign_in(page: Any, base_url: str, username: str) -> None:
    page.goto(base_url + reverse("accounts:login"))
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()


def open_period_with_stages(unit_a: Any, unit_b: Any) -> Any:
    """The hand-computed scenario with unit A submitted and unit B still self-assessing."""
    period = small_scenario(unit_a, unit_b)
    Assessment.objects.filter(period=period, unit=unit_a).update(status=AssessmentStatus.SUBMITTED)
    return period


def assert_inside(locator: Any, width: int) -> None:
    expect(locator).to_be_visible()
    box = locator.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width + 1, box


def assert_fits(watch: PageWatch, width: int) -> None:
    scroll_width = watch.page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width + 1, f"page is {scroll_width} px wide at {width} px"


def test_it_shows_rank_unit_index_band_and_stage_of_every_unit_on_a_phone(  # type: ignore[no-untyped-def]
    live_server: Any,
    phone: Any,
    unit_a,
    unit_b,
    leader,
) -> None:
    period = open_period_with_stages(unit_a, unit_b)
    page = phone.page
    sign_in(page, live_server.url, "leader")
    page.goto(live_server.url + reverse("par:results", args=[period.pk]))
    rows = page.get_by_test_id("result-row")
    expect(rows).to_have_count(2)
    for i in range(2):
        row = rows.nth(i)
        for part in ("rank", "unit", "index", "band", "stage"):
            assert_inside(row.get_by_test_id(part), PHONE["width"])
    submitted = page.locator(f"[data-testid=result-row][data-unit='{unit_a.pk}']")
    expect(submitted.get_by_test_id("rank")).to_have_text("1")
    expect(submitted.get_by_test_id("index")).to_have_text("78,00")
    expect(submitted.get_by_test_id("stage")).to_have_text("Đã nộp tự đánh giá")
    drafting = page.locator(f"[data-testid=result-row][data-unit='{unit_b.pk}']")
    expect(drafting.get_by_test_id("rank")).to_have_text("—")  # not ranked while self-assessing
    expect(drafting.get_by_test_id("stage")).to_have_text("Đang tự đánh giá")
    expect(page.get_by_test_id("provisional-note")).to_be_visible()
    assert_fits(phone, PHONE["width"])
    phone.assert_clean()


def test_it_keeps_the_unit_column_in_view_and_remembers_the_chosen_columns(  # type: ignore[no-untyped-def]
    live_server: Any, desktop: Any, unit_a, unit_b, leader
) -> None:
    period = open_period_with_stages(unit_a, unit_b)
    page = desktop.page
    sign_in(page, live_server.url, "leader")
    url = live_server.url + reverse("par:results", args=[period.pk])
    page.goto(url)
    table = page.get_by_test_id("results-table")
    expect(table.locator("th[data-col=stage]")).to_be_visible()
    expect(table.locator("th[data-col=self]")).to_be_hidden()  # not a default column

    chooser = page.get_by_test_id("column-chooser")
    chooser.locator("summary").click()
    boxes = chooser.get_by_test_id("column-toggle")
    for i in range(boxes.count()):
        boxes.nth(i).check()
    chooser.locator("input[value=total]").uncheck()
    expect(table.locator("td[data-col=total]").first).to_be_hidden()
    expect(table.locator("td[data-col=self]").first).to_be_visible()
    page.keyboard.press("Escape")  # closes the chooser
    expect(chooser.locator("fieldset")).to_be_hidden()

    # Every column shown: the table is wider than the page and scrolls inside its box.
    scroller = page.get_by_test_id("results-scroll")
    overflow = scroller.evaluate("el => el.scrollWidth - el.clientWidth")
    assert overflow > 100, f"the table overflows by {overflow} px only"
    unit_cell = table.locator(f"tr[data-unit='{unit_a.pk}'] [data-col=unit]")
    rank_cell = table.locator(f"tr[data-unit='{unit_a.pk}'] [data-col=rank]")
    before = unit_cell.bounding_box()
    scroller.evaluate("el => { el.scrollLeft = el.scrollWidth; }")
    page.wait_for_timeout(100)
    assert scroller.evaluate("el => el.scrollLeft") > 100
    after, rank, box = unit_cell.bounding_box(), rank_cell.bounding_box(), scroller.bounding_box()
    assert before is not None and after is not None and rank is not None and box is not None
    assert abs(after["x"] - before["x"]) < 1, (before, after)  # sticky: it stayed where it was
    assert box["x"] <= rank["x"] and rank["x"] + rank["width"] <= after["x"] + 1  # rank, then unit, in view
    shown_there = unit_cell.evaluate(
        "el => { const r = el.getBoundingClientRect();"
        " return document.elementFromPoint(r.x + 20, r.y + r.height / 2).closest('[data-col]').dataset.col; }"
    )
    assert shown_there == "unit"  # not covered by the scrolled cells

    # The choice survives a reload (localStorage), and "Default columns" brings the defaults back.
    page.reload()
    expect(table.locator("td[data-col=total]").first).to_be_hidden()
    expect(table.locator("td[data-col=self]").first).to_be_visible()
    chooser.locator("summary").click()
    chooser.locator("[data-columns-reset]").click()
    expect(table.locator("td[data-col=total]").first).to_be_visible()
    expect(table.locator("td[data-col=self]").first).to_be_hidden()
    desktop.assert_clean()


def test_it_shows_rank_unit_index_and_band_on_the_public_ranking_on_a_phone(  # type: ignore[no-untyped-def]
    live_server: Any,
    phone: Any,
    unit_a,
    unit_b,
) -> None:
    period = publish(small_scenario(unit_a, unit_b))
    page = phone.page
    page.goto(live_server.url + reverse("par_public:period", args=[period.pk]))
    rows = page.get_by_test_id("public-row")
    expect(rows).to_have_count(2)
    for i in range(2):
        for part in ("rank", "unit", "index", "band"):
            assert_inside(rows.nth(i).get_by_test_id(part), PHONE["width"])
    expect(rows.first.get_by_test_id("index")).to_have_text("80,00")
    assert_fits(phone, PHONE["width"])
    phone.assert_clean()


CHART_NUMBERS = """(kind) => {
  const el = document.querySelector('[data-testid="chart-' + kind + '"]');
  const option = window.echarts.getInstanceByDom(el).getOption();
  const series = option.series[0];
  const sample = kind === "heatmap" ? { value: [0, 0, 1234.5] } : { value: 1234.5 };
  const out = [];
  if (series.label && typeof series.label.formatter === "function") out.push(series.label.formatter(sample));
  const tooltip = option.tooltip[0].formatter;
  if (kind === "radar") out.push(tooltip({ name: "x", value: option.series[0].data[0].value.map(() => 1234.5) }));
  if (kind === "trend") out.push(tooltip([{ name: "2025", value: 1234.5 }]));
  if (kind === "heatmap") { out.push(tooltip({ value: [0, 0, 1234.5] })); out.push(option.visualMap[0].formatter(50)); }
  for (const axis of [].concat(option.xAxis || [], option.yAxis || [])) {
    if (axis.axisLabel && typeof axis.axisLabel.formatter === "function") out.push(axis.axisLabel.formatter(12.5));
  }
  return out;
}"""


def test_it_puts_the_analysis_charts_first_with_decimal_commas(  # type: ignore[no-untyped-def]
    live_server: Any,
    phone: Any,
    unit_a,
    unit_b,
    leader,
) -> None:
    period = publish(small_scenario(unit_a, unit_b))
    page = phone.page
    sign_in(page, live_server.url, "leader")
    page.goto(live_server.url + reverse("par:analysis", args=[period.pk]) + f"?don_vi={unit_a.pk}")
    for kind in ("radar", "trend", "heatmap"):
        expect(page.get_by_test_id(f"chart-{kind}").locator("canvas")).to_have_count(1)

    def top(test_id: str) -> float:
        box = page.get_by_test_id(test_id).bounding_box()
        assert box is not None, test_id
        return float(box["y"])

    assert top("chart-radar") < top("unit-losses")
    assert top("chart-heatmap") < top("province-losses")
    # on a phone the heat map's columns are area numbers: their names come before the chart, not after it
    assert top("chart-legend-heatmap") < top("chart-heatmap")
    expect(page.get_by_test_id("chart-legend-heatmap")).to_contain_text("1. ")

    for kind in ("radar", "trend", "heatmap"):
        texts = page.evaluate(CHART_NUMBERS, kind)
        numbers = [n for t in texts for n in re.findall(r"\d[\d.,]*\d|\d", t)]
        assert numbers, (kind, texts)
        assert not [n for n in numbers if re.fullmatch(r"\d+\.\d{1,2}", n)], (kind, texts)  # no 1234.5
        assert any(n.startswith("1.23") for n in numbers), (kind, texts)  # thousands with a dot
        assert any(re.fullmatch(r"[\d.]+,\d+", n) for n in numbers), (kind, texts)  # the decimal comma

    # Every chart has its figures as a table too.
    for kind in ("radar", "trend", "heatmap"):
        details = page.get_by_test_id(f"chart-table-{kind}")
        details.locator("summary").click()
        expect(details.locator("table tbody tr").first).to_be_visible()
    expect(page.get_by_test_id("chart-table-radar")).to_contain_text("65,00")
    assert_fits(phone, PHONE["width"])
    phone.assert_clean()
