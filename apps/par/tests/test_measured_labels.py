"""The measured-values page names each metric by its label and its unit in words; the metric's key
(internal code) stays out of the visible text, in the column's title only."""

from datetime import datetime
from decimal import Decimal
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from apps.par.tests.factories import build_set, group_of, open_period
from conftest import client_for

pytestmark = pytest.mark.django_db


class VisibleText(HTMLParser):
    """The text a reader sees: no tags, attributes, scripts or JSON data."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "title"):
            self.skipping += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "title"):
            self.skipping -= 1

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


@pytest.fixture(autouse=True)
def _now(time_machine) -> None:  # type: ignore[no-untyped-def]
    time_machine.move_to(datetime(2026, 1, 10, 9, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")))


def test_it_shows_the_metric_label_and_unit_not_its_key(unit_a, unit_b, secretariat, settings) -> None:  # type: ignore[no-untyped-def]
    settings.LANGUAGE_CODE = "vi"
    group = group_of(unit_a, unit_b)
    period = open_period(group, build_set(group), survey_points=Decimal("20"))
    response = client_for(secretariat).get(reverse("par:period_measured", args=[period.pk]))
    html = response.content.decode()
    text = visible_text(html)
    assert "directives.on_time_rate" not in text and "survey.index" not in text
    assert " ratio" not in text and " percent" not in text
    assert "tỷ lệ: nhập 0,85 cho 85 %" in text  # (the page keeps 85\u00a0% on one line)
    assert 'title="Mã kỹ thuật: directives.on_time_rate"' in html
