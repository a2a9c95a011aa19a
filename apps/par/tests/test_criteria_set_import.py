"""`criteria_set_import`: a workbook into a new or an empty set, as one unit of work."""

from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from apps.core.models import AuditEvent
from apps.par import excel_criteria as excel
from apps.par.models import CriteriaSet, Criterion
from apps.par.services import criteria as svc
from apps.par.tests.factories import build_set, group_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def group(unit_a, unit_b):  # type: ignore[no-untyped-def]
    return group_of(unit_a, unit_b)


def upload(content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("bo-tieu-chi.xlsx", content, content_type=excel.XLSX_MIME)


def broken_workbook(group) -> bytes:  # type: ignore[no-untyped-def]
    """A valid export whose last row has a maximum that is not a number."""
    source = build_set(group, year=2020)
    content = excel.export_workbook(source)
    Criterion.objects.filter(criteria_set=source).delete()
    source.delete()
    workbook = load_workbook(BytesIO(content))
    sheet = workbook.worksheets[0]
    sheet.cell(row=sheet.max_row, column=3, value="bốn")
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_it_creates_a_set_and_fills_it_from_a_workbook(group, secretariat) -> None:  # type: ignore[no-untyped-def]
    content = excel.export_workbook(build_set(group, year=2024))
    criteria_set, count = svc.criteria_set_import(
        actor=secretariat, uploaded=upload(content), year=2025, group=group, name="Bộ tiêu chí 2025"
    )
    assert (criteria_set.year, criteria_set.group_id, criteria_set.name) == (2025, group.pk, "Bộ tiêu chí 2025")
    assert count == criteria_set.nodes.count() == 11
    actions = set(AuditEvent.objects.filter(object_id=str(criteria_set.pk)).values_list("action", flat=True))
    assert {"par.criteria_set.create", "par.criteria_set.import"} <= actions


def test_it_fills_an_existing_empty_set(group, secretariat) -> None:  # type: ignore[no-untyped-def]
    content = excel.export_workbook(build_set(group, year=2024))
    target = svc.criteria_set_create(actor=secretariat, year=2025, group=group, name="Bộ 2025")
    criteria_set, count = svc.criteria_set_import(actor=secretariat, uploaded=upload(content), criteria_set=target)
    assert criteria_set == target and count == target.nodes.count() == 11


def test_it_leaves_no_new_set_behind_when_a_row_is_bad(group, secretariat) -> None:  # type: ignore[no-untyped-def]
    content = broken_workbook(group)
    with pytest.raises(ValidationError) as excinfo:
        svc.criteria_set_import(
            actor=secretariat, uploaded=upload(content), year=2025, group=group, name="Bộ tiêu chí 2025"
        )
    assert "the maximum" in " ".join(excinfo.value.messages)
    assert not CriteriaSet.objects.filter(year=2025, group=group).exists()
    assert not Criterion.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="par.criteria_set").exists()


def test_it_asks_for_the_group_and_year_of_a_new_set(group, secretariat) -> None:  # type: ignore[no-untyped-def]
    content = excel.export_workbook(build_set(group, year=2024))
    with pytest.raises(ValidationError):
        svc.criteria_set_import(actor=secretariat, uploaded=upload(content), name="Bộ không nhóm")
    assert CriteriaSet.objects.count() == 1
