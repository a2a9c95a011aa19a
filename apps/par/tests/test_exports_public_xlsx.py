"""The public download of published results: its own file name and a lean layout (rank, unit,
index, band, area sub-indices); the secretariat's download keeps the full layout."""

from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from apps.par.tests.test_results_support import publish, scaled_period, small_scenario
from conftest import client_for

pytestmark = pytest.mark.django_db


def public_url(period) -> str:  # type: ignore[no-untyped-def]
    return reverse("par_public:results_xlsx", args=[period.pk])


def filename(response) -> str:  # type: ignore[no-untyped-def]
    return response["Content-Disposition"].split('filename="')[1].rstrip('"')


def test_it_gives_the_public_file_its_own_name(unit_a, unit_b, secretariat, client):  # type: ignore[no-untyped-def]
    period = publish(small_scenario(unit_a, unit_b))
    public = client.get(public_url(period))
    internal = client_for(secretariat).get(reverse("par:results_xlsx", args=[period.pk]))
    assert filename(public) == "chi-so-cchc-2025-so-ban-nganh-cong-bo.xlsx"
    assert filename(internal) == "ket-qua-chi-so-cchc-2025-so-ban-nganh.xlsx"
    assert load_workbook(BytesIO(internal.content)).active.max_column == 17  # the full layout stays internal


def test_it_writes_a_lean_public_layout(unit_a, unit_b, client):  # type: ignore[no-untyped-def]
    period = publish(small_scenario(unit_a, unit_b))
    response = client.get(public_url(period))
    assert response.status_code == 200
    ws = load_workbook(BytesIO(response.content)).active
    assert ws["A1"].value == "CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2025 - SỞ, BAN, NGÀNH"
    assert [ws.cell(2, c).value for c in range(1, ws.max_column + 1)] == [
        "Xếp hạng",
        "Đơn vị",
        "Chỉ số (%)",
        "Xếp loại",
        "1. Công tác chỉ đạo, điều hành (%)",
        "2. Cải cách thủ tục hành chính (%)",
    ]
    assert [ws.cell(3, c).value for c in range(1, 7)] == [1, "Sở Y tế", 80, "Tốt", 100, 40]
    assert [ws.cell(4, c).value for c in range(1, 7)] == [2, "Sở Tư pháp", 78, "Khá", 65, 94]
    assert [ws.cell(5, c).value for c in range(2, 7)] == ["Bình quân", 79, None, 82.5, 67]
    assert ws["C3"].number_format == "0.00"
    assert ws.freeze_panes == "C3"
    assert ws.page_setup.orientation == "portrait"


def test_it_runs_a_fixed_number_of_queries(province, client):  # type: ignore[no-untyped-def]
    small, large = publish(scaled_period(province, 3)), publish(scaled_period(province, 30))
    client.get(public_url(small))
    counts = []
    for period in (small, large):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(public_url(period)).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]
