"""The criteria workbook speaks to people: the method shows in words in visible columns, while the
method code and its JSON parameters, which the import reads, sit in hidden technical columns."""

import io

import pytest
from django.utils import translation
from openpyxl import load_workbook

from apps.par import excel_criteria as excel
from apps.par.tests.factories import build_set, group_of

pytestmark = pytest.mark.django_db


def column_of(key: str) -> int:
    return next(i for i, (k, _label, _width) in enumerate(excel.COLUMNS) if k == key)


@pytest.fixture
def sheet(unit_a, unit_b):  # type: ignore[no-untyped-def]
    criteria_set = build_set(group_of(unit_a, unit_b))
    with translation.override("vi"):
        content = excel.export_workbook(criteria_set)
    return load_workbook(io.BytesIO(content)).worksheets[0]


def test_it_hides_the_method_code_and_json_columns(sheet) -> None:  # type: ignore[no-untyped-def]
    for key in ("method", "params"):
        letter = sheet.cell(row=1, column=column_of(key) + 1).column_letter
        assert sheet.column_dimensions[letter].hidden, key
    visible = [
        sheet.cell(row=1, column=i + 1).value
        for i, (key, _l, _w) in enumerate(excel.COLUMNS)
        if not sheet.column_dimensions[sheet.cell(row=1, column=i + 1).column_letter].hidden
    ]
    assert "Phương pháp chấm điểm" in visible and not any("JSON" in str(v) for v in visible)


def test_it_shows_each_method_in_vietnamese_words(sheet) -> None:  # type: ignore[no-untyped-def]
    rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    label, text = column_of("method_label"), column_of("method_text")
    assert rows["1"][label] == "Tổng điểm các tiêu chí thành phần"
    assert rows["1.1"][label] == "Chấm điểm thủ công (từ 0 đến điểm tối đa)"
    assert rows["1.1"][column_of("method")] == "manual"  # the code stays for the import
    tiers = rows["1.3"] if rows["1.3"][column_of("method")] == "tiers" else rows["2.1"]
    assert "{" not in str(tiers[label]) and "{" not in str(tiers[text])
    assert "%" in str(tiers[text])
