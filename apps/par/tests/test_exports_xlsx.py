from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from apps.par.tests.test_results_support import publish, scaled_period, small_scenario
from conftest import client_for

pytestmark = pytest.mark.django_db


def url(period) -> str:  # type: ignore[no-untyped-def]
    return reverse("par:results_xlsx", args=[period.pk])


def sheet(response):  # type: ignore[no-untyped-def]
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    assert "attachment;" in response["Content-Disposition"]
    return load_workbook(BytesIO(response.content)).active


def test_it_exports_the_published_layout(unit_a, unit_b, secretariat):  # type: ignore[no-untyped-def]
    period = small_scenario(unit_a, unit_b)
    ws = sheet(client_for(secretariat).get(url(period)))

    assert ws["A1"].value == "KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2025 - SỞ, BAN, NGÀNH"
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A1:Q1", "A2:A3", "B2:B3", "C2:F2", "G2:I2", "J2:J3", "O2:O3", "Q2:Q3"} <= merged
    assert ws["C2"].value == "1. Công tác chỉ đạo, điều hành"
    assert ws["G2"].value == "2. Cải cách thủ tục hành chính"
    assert [ws.cell(3, c).value for c in range(3, 10)] == [
        "1.1 (4,00)",
        "1.2 (3,00)",
        "1.3 (3,00)",
        "Cộng (10,00)",
        "2.1 (3,00)",
        "2.2 (2,00)",
        "Cộng (5,00)",
    ]
    assert [ws.cell(2, c).value for c in range(10, 18)] == [
        "Điều tra XHH",
        "Điểm thưởng",
        "Điểm trừ",
        "Tổng điểm",
        "Điểm tối đa",
        "Chỉ số (%)",
        "Xếp hạng",
        "Xếp loại",
    ]
    # Ordered by rank: unit B (80 %) then unit A (78 %), figures as hand-computed.
    assert [ws.cell(4, c).value for c in range(1, 18)] == [
        1, "Sở Y tế", 4, 3, 3, 10, 0, 2, 2, 0, 0, 0, 12, 15, 80, 1, "Tốt"
    ]  # fmt: skip
    assert [ws.cell(5, c).value for c in range(1, 18)] == [
        2, "Sở Tư pháp", 2, 3, 1.5, 6.5, 2.7, 2, 4.7, 0, 1, 0.5, 11.7, 15, 78, 2, "Khá"
    ]  # fmt: skip
    assert ws["B6"].value == "Bình quân"
    assert (ws["C6"].value, ws["F6"].value, ws["M6"].value, ws["O6"].value) == (3, 8.25, 11.85, 79)
    assert ws["P6"].value is None
    assert ws["E5"].number_format == "0.00" and ws["O5"].number_format == "0.00"
    assert ws.freeze_panes == "C4"


def test_it_refuses_unpublished_results_to_another_unit(unit_a, unit_b, focal_b):  # type: ignore[no-untyped-def]
    period = small_scenario(unit_a, unit_b)
    assert client_for(focal_b).get(url(period)).status_code == 403


def test_it_answers_404_and_405(unit_a, unit_b, secretariat):  # type: ignore[no-untyped-def]
    period = small_scenario(unit_a, unit_b)
    client = client_for(secretariat)
    assert client.get(reverse("par:results_xlsx", args=[99999])).status_code == 404
    assert client.post(url(period)).status_code == 405


def test_it_exports_published_results_to_members(unit_a, unit_b, focal_b):  # type: ignore[no-untyped-def]
    period = publish(small_scenario(unit_a, unit_b))
    ws = sheet(client_for(focal_b).get(url(period)))
    assert ws["B4"].value == "Sở Y tế"


def test_it_runs_a_fixed_number_of_queries(province, secretariat, django_assert_max_num_queries):  # type: ignore[no-untyped-def]
    small, large = scaled_period(province, 3), scaled_period(province, 30)
    client = client_for(secretariat)
    client.get(url(small))
    counts = []
    for period in (small, large):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url(period)).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]
    with django_assert_max_num_queries(15):
        ws = sheet(client.get(url(large)))
    assert ws.max_row == 3 + 30 + 1
