"""Fix 2: text from people (unit names, criterion names, guidance) is written into every PAR
workbook as text, never as a live formula."""

from io import BytesIO
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from apps.org.models import Unit
from apps.par import excel_criteria
from apps.par.models import Criterion
from apps.par.tests.test_results_support import small_scenario
from conftest import client_for

pytestmark = pytest.mark.django_db
EVIL = '=HYPERLINK("http://x","y")'


def cells_with(workbook_bytes: bytes, text: str) -> list[Any]:
    sheet = load_workbook(BytesIO(workbook_bytes)).active
    return [cell for row in sheet.iter_rows() for cell in row if cell.value == text]


def test_it_writes_a_unit_name_as_text_in_the_results_workbook(unit_a: Any, unit_b: Any, secretariat: Any) -> None:
    period = small_scenario(unit_a, unit_b)
    Unit.objects.filter(pk=unit_a.pk).update(name=EVIL)
    response = client_for(secretariat).get(reverse("par:results_xlsx", args=[period.pk]))
    found = cells_with(response.content, EVIL)
    assert found and all(cell.data_type == "s" for cell in found)


def test_it_writes_criterion_names_and_guidance_as_text_in_the_criteria_workbook(unit_a: Any, unit_b: Any) -> None:
    period = small_scenario(unit_a, unit_b)
    Criterion.objects.filter(criteria_set=period.criteria_set, code="1.1").update(
        name=EVIL, guidance="+cmd|' /C calc'!A0"
    )
    content = excel_criteria.export_workbook(period.criteria_set)
    for text in (EVIL, "+cmd|' /C calc'!A0"):
        found = cells_with(content, text)
        assert found and all(cell.data_type == "s" for cell in found)


def test_it_keeps_numbers_as_numbers(unit_a: Any, unit_b: Any, secretariat: Any) -> None:
    period = small_scenario(unit_a, unit_b)
    sheet = load_workbook(BytesIO(excel_criteria.export_workbook(period.criteria_set))).active
    assert sheet.cell(3, 3).data_type == "n"
