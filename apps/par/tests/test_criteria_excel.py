import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from apps.core.models import AuditEvent
from apps.par import excel_criteria as excel
from apps.par.models import CriteriaSet, Criterion
from apps.par.services import criteria as svc
from apps.par.tests.factories import build_set, group_of

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def group(unit_a, unit_b):  # type: ignore[no-untyped-def]
    return group_of(unit_a, unit_b)


def upload(content: bytes, name: str = "bo-tieu-chi.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=excel.XLSX_MIME)


def sheet_rows(content: bytes) -> list[list[object]]:
    workbook = load_workbook(io.BytesIO(content))
    return [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]


def workbook_of(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append([str(label) for _key, label, _width in excel.COLUMNS])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_it_exports_one_row_per_node_in_tree_order(group) -> None:  # type: ignore[no-untyped-def]
    criteria_set = build_set(group)
    Criterion.objects.filter(criteria_set=criteria_set, code="1.1").update(guidance="Quyết định ban hành kế hoạch.")
    rows = sheet_rows(excel.export_workbook(criteria_set))
    assert rows[0][0] == "Code" and len(rows[0]) == len(excel.COLUMNS)
    assert [r[0] for r in rows[1:]] == ["1", "1.1", "1.2", "1.3", "2", "2.1", "2.2", "9", "9.1", "10", "10.1"]
    first_leaf = rows[2]
    assert first_leaf[1:] == ["Kế hoạch CCHC năm", 4, "manual", '{"step": "0.25"}', "Có", "normal", *first_leaf[7:]]
    assert first_leaf[7] == "Quyết định ban hành kế hoạch."
    tiers = rows[4]
    assert tiers[3] == "tiers" and json.loads(tiers[4])["tiers"][1] == {"min_ratio": "0.8", "share": "0.5"}
    assert rows[8][6] == "bonus" and rows[1][3] == "sum"


def test_it_round_trips_export_import_export(group, secretariat) -> None:  # type: ignore[no-untyped-def]
    last_year = build_set(group, year=2024)
    source = svc.criteria_set_clone(actor=secretariat, source=last_year, year=2025)
    # an edit after cloning, so predecessors and codes differ in places
    leaf = source.nodes.get(code="1.2")
    svc.criterion_update(actor=secretariat, criterion=leaf, version=leaf.version, guidance="Dòng 1\nDòng 2")
    svc.criterion_map_predecessor(
        actor=secretariat, criterion=source.nodes.get(code="1.3"), predecessor=last_year.nodes.get(code="1.2")
    )
    first = excel.export_workbook(source)
    expected = sheet_rows(first)
    for node in source.nodes.filter(parent__isnull=True):
        svc.criterion_delete(actor=secretariat, criterion=node)
    source.delete()

    target = svc.criteria_set_create(actor=secretariat, year=2025, group=group, name="Bộ tiêu chí 2025")
    count = excel.import_workbook(actor=secretariat, criteria_set=target, uploaded=upload(first))
    assert count == len(expected) - 1
    assert sheet_rows(excel.export_workbook(target)) == expected
    imported = target.nodes.get(code="1.3")
    assert imported.predecessor == last_year.nodes.get(code="1.2")
    assert target.nodes.get(code="9.1").kind == "bonus"
    assert AuditEvent.objects.filter(action="par.criteria_set.import", object_id=str(target.pk)).exists()


def test_it_refuses_a_file_that_is_not_xlsx(group, secretariat) -> None:  # type: ignore[no-untyped-def]
    target = svc.criteria_set_create(actor=secretariat, year=2025, group=group, name="Bộ 2025")
    for content in (PDF, b"PK\x03\x04 not really a zip", b"code;name\n1;x\n"):
        with pytest.raises(ValidationError) as excinfo:
            excel.import_workbook(actor=secretariat, criteria_set=target, uploaded=upload(content))
        assert "is not an Excel workbook" in str(excinfo.value)
    assert not target.nodes.exists()


def test_it_refuses_a_file_over_the_limit(group, secretariat, settings) -> None:  # type: ignore[no-untyped-def]
    settings.UPLOAD_MAX_BYTES = 100
    target = svc.criteria_set_create(actor=secretariat, year=2025, group=group, name="Bộ 2025")
    with pytest.raises(ValidationError) as excinfo:
        excel.import_workbook(actor=secretariat, criteria_set=target, uploaded=upload(excel.export_workbook(target)))
    assert "too large" in str(excinfo.value)


def test_it_reports_every_bad_row_with_its_number(group, secretariat) -> None:  # type: ignore[no-untyped-def]
    target = svc.criteria_set_create(actor=secretariat, year=2025, group=group, name="Bộ 2025")
    content = workbook_of(
        [
            ["1", "Chỉ đạo điều hành", 10, "sum", "", "Không", "normal", "", ""],
            ["1.1", "Kế hoạch", 4, "manual", "{step: 0.25", "Có", "normal", "", ""],  # row 3: bad JSON
            ["1.2", "Báo cáo", "bốn", "done", "", "Không", "normal", "", ""],  # row 4: bad max
            ["1.3", "Kiểm tra", 3, "tiers", '{"tiers": []}', "Không", "normal", "", ""],  # row 5: bad method
            ["3.1", "Mồ côi", 1, "manual", "", "Không", "normal", "", ""],  # row 6: parent missing
            ["1.1", "Trùng", 1, "manual", "", "Có?", "normal", "", "7.7"],  # row 7: duplicate, flag, predecessor
        ]
    )
    with pytest.raises(ValidationError) as excinfo:
        excel.import_workbook(actor=secretariat, criteria_set=target, uploaded=upload(content))
    message = " ".join(excinfo.value.messages)
    assert "Row 3: the method parameters are not valid JSON" in message
    assert "Row 4: the maximum" in message
    assert "Row 5: The scoring method is not valid" in message
    assert "Row 6: its parent 3 must come on an earlier row" in message
    assert "Row 7: the code 1.1 appears twice" in message
    assert "Row 7: “evidence required” must be Có or Không" in message
    assert "Row 7: last year's code 7.7" in message
    assert message.index("Row 3") < message.index("Row 7")
    assert not target.nodes.exists()


def test_it_refuses_sum_on_a_leaf_and_a_method_on_a_parent(group, secretariat) -> None:  # type: ignore[no-untyped-def]
    target = svc.criteria_set_create(actor=secretariat, year=2025, group=group, name="Bộ 2025")
    content = workbook_of(
        [
            ["1", "Khu vực", 10, "manual", "", "Không", "", "", ""],
            ["1.1", "Lá", 4, "sum", "", "Không", "", "", ""],
        ]
    )
    with pytest.raises(ValidationError) as excinfo:
        excel.import_workbook(actor=secretariat, criteria_set=target, uploaded=upload(content))
    message = " ".join(excinfo.value.messages)
    assert "Row 2: a row with sub-criteria" in message and "Row 3: a row without sub-criteria" in message


def test_it_imports_only_into_an_empty_set(group, secretariat) -> None:  # type: ignore[no-untyped-def]
    filled = build_set(group)
    with pytest.raises(ValidationError) as excinfo:
        excel.import_workbook(actor=secretariat, criteria_set=filled, uploaded=upload(excel.export_workbook(filled)))
    assert "empty" in str(excinfo.value)
    assert CriteriaSet.objects.count() == 1
