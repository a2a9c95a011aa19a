"""The catalogue to Excel and back: round trip, idempotency, bad rows, formulas written as text."""

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from apps.core.actors import DEMO
from apps.core.models import AuditEvent
from apps.onestop import excel_catalogue
from apps.onestop.models import Procedure, ProcedureStep
from apps.onestop.tests.factories import make_procedure
from apps.org.models import Unit
from conftest import client_for

pytestmark = pytest.mark.django_db


def _upload(content: bytes, name: str = "catalogue.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=excel_catalogue.XLSX_MIME)


def _workbook(procedures: list[list[Any]], steps: list[list[Any]] | None = None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["code", "name"])
    for row in procedures:
        sheet.append(row)
    if steps is not None:
        steps_sheet = workbook.create_sheet("steps")
        steps_sheet.append(["code", "order"])
        for row in steps:
            steps_sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_it_exports_every_procedure_with_its_steps_and_imports_it_back_unchanged(unit_a: Unit, unit_b: Unit) -> None:
    make_procedure(
        agency=unit_a, code="1.009645", name="Chấp thuận chủ trương đầu tư", steps=[(unit_a, 4), (unit_b, 3)]
    )
    Procedure.objects.filter(pk=make_procedure(agency=None, code="1.001193", name="Khai sinh").pk).update(
        level="commune"
    )
    content = excel_catalogue.export_workbook()
    workbook = load_workbook(io.BytesIO(content))
    procedures, steps = workbook.worksheets
    assert procedures.max_row == 3
    assert [c.value for c in steps[2]] == ["1.009645", 1, "STP", 4, None]

    result = excel_catalogue.import_workbook(actor=DEMO, uploaded=_upload(content))
    assert (result.created, result.updated, result.unchanged, result.errors) == (0, 0, 2, [])
    assert not AuditEvent.objects.filter(action__startswith="onestop.procedure.u").exists()


def test_it_creates_and_updates_by_code_and_a_second_import_changes_nothing(unit_a: Unit, unit_b: Unit) -> None:
    existing = make_procedure(agency=unit_a, code="2.000488", days=10)
    content = _workbook(
        [
            [
                "2.000488",
                "Cấp Phiếu lý lịch tư pháp",
                "Lý lịch tư pháp",
                "Tỉnh",
                "Sở Tư pháp",
                7,
                "200.000 đồng",
                "Toàn trình",
                4,
                "Có",
                "",
                "Có",
            ],
            [
                "1.012793",
                "Cấp Giấy chứng nhận lần đầu",
                "Đất đai",
                "tinh",
                "STP",
                "20",
                "",
                "Một phần",
                None,
                "Không",
                "",
                "",
            ],
            ["1.001193", "Đăng ký khai sinh", "Hộ tịch", "Xã", "", 1, "", "", None, "", "", ""],
        ],
        [["1.012793", 1, "Sở Tư pháp", 12, "Thẩm định"], ["1.012793", 2, "Sở Y tế", 5, "Ý kiến"]],
    )
    first = excel_catalogue.import_workbook(actor=DEMO, uploaded=_upload(content))
    assert (first.created, first.updated, first.unchanged, [str(e) for e in first.errors]) == (2, 1, 0, [])
    existing.refresh_from_db()
    assert (existing.time_limit_days, existing.legacy_level, existing.version) == (7, 4, 2)
    land = Procedure.objects.get(code="1.012793")
    assert (land.online_mode, land.postal_allowed, land.agency_id) == ("partial", False, unit_a.pk)
    assert list(land.steps.values_list("agency_id", "days")) == [(unit_a.pk, 12), (unit_b.pk, 5)]
    assert Procedure.objects.get(code="1.001193").level == "commune"
    assert AuditEvent.objects.filter(action="onestop.procedure.import").count() == 1

    events = AuditEvent.objects.count()
    second = excel_catalogue.import_workbook(actor=DEMO, uploaded=_upload(content))
    assert (second.created, second.updated, second.unchanged, second.errors) == (0, 0, 3, [])
    assert AuditEvent.objects.count() == events
    assert ProcedureStep.objects.count() == 2


def test_it_reports_each_bad_row_with_its_number_and_lands_the_good_ones(unit_a: Unit, settings: Any) -> None:
    content = _workbook(
        [
            ["1.000001", "Tốt", "Hộ tịch", "Xã", "", 3, "", "", None, "", "", ""],
            ["", "Không mã", "Hộ tịch", "Xã", "", 3],
            ["1.000003", "Sai hạn", "Hộ tịch", "Xã", "", "mười"],
            ["1.000004", "Sai cơ quan", "Hộ tịch", "Tỉnh", "Sở Không Có", 3],
            ["1.000005", "Sai mức", "Hộ tịch", "Huyện", "", 3, "", "Toàn phần", 7, "có lẽ"],
            ["1.000001", "Trùng mã", "Hộ tịch", "Xã", "", 3],
            ["1.000007", "Bước quá dài", "Hộ tịch", "Tỉnh", "STP", 3],
            ["1.000008", "Tỉnh không cơ quan", "Hộ tịch", "Tỉnh", "", 3],
        ],
        [["1.000007", 1, "STP", 5, ""], ["9.999999", 1, "STP", 1, ""], ["1.000001", "x", "STP", 1]],
    )
    with __import__("django.utils.translation", fromlist=["override"]).override("vi"):
        result = excel_catalogue.import_workbook(actor=DEMO, uploaded=_upload(content))
        messages = [str(e) for e in result.errors]
    assert result.created == 0  # 1.000001 has a bad step row, so it waits too
    rows = sorted({(e.sheet, e.row) for e in result.errors})
    assert [r for s, r in rows if s == "Thủ tục"] == [2, 3, 4, 5, 6, 7, 8, 9]
    assert any("dòng 4" in m and "mười" in m for m in messages), messages
    assert any("Sở Không Có" in m for m in messages)
    assert any("vượt quá thời hạn giải quyết" in m for m in messages)

    fixed = _workbook([["1.000001", "Tốt", "Hộ tịch", "Xã", "", 3]])
    assert excel_catalogue.import_workbook(actor=DEMO, uploaded=_upload(fixed)).created == 1


def test_it_writes_user_text_as_text_never_as_a_formula(unit_a: Unit) -> None:
    make_procedure(agency=unit_a, name='=HYPERLINK("http://evil","x")', field="+1")
    sheet = load_workbook(io.BytesIO(excel_catalogue.export_workbook())).worksheets[0]
    assert sheet.cell(row=2, column=2).data_type == "s"
    assert sheet.cell(row=2, column=3).data_type == "s"


def test_it_refuses_a_file_that_is_not_a_workbook_on_the_page(desk: Any, unit_a: Unit) -> None:
    client = client_for(desk)
    url = reverse("onestop:procedure_import")
    assert client.get(url).status_code == 200
    response = client.post(url, {"file": _upload(b"not a workbook", "x.xlsx")})
    assert response.status_code == 400
    assert "is not an Excel workbook" in response.content.decode()

    good = _workbook([["1.000001", "Tốt", "Hộ tịch", "Xã", "", 3], ["1.000002", "", "Hộ tịch", "Xã", "", 3]])
    page = client.post(url, {"file": _upload(good)})
    assert page.status_code == 200
    html = page.content.decode()
    assert "1 created, 0 updated, 0 unchanged." in html
    assert "row 3" in html


def test_it_exports_from_the_page(clerk_a: Any, procedure: Procedure) -> None:
    response = client_for(clerk_a).get(reverse("onestop:procedure_export"))
    assert response.status_code == 200
    assert response["Content-Type"] == excel_catalogue.XLSX_MIME
    assert "danh-muc-thu-tuc-hanh-chinh.xlsx" in response["Content-Disposition"]
