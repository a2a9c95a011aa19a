"""Acceptance 3: an imported file lands its valid rows, reports the others with their line, and a
second run changes nothing; one audit event per batch with the file's hash."""

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.core.audit import verify_audit_chain
from apps.core.models import AuditEvent
from apps.onestop.models import DailyCounter, Dossier, DossierEvent, DossierState, EventKind, Source, Timing
from apps.onestop.models.imports import BatchStatus
from apps.onestop.services import rollups
from apps.onestop.services.imports import batch_run, batch_start, bucket_keys, import_rows
from apps.onestop.services.imports.prepare import Lookups
from apps.onestop.tests.factories import receive

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path


HEADER = (
    "Mã hồ sơ;Mã thủ tục;Đơn vị tiếp nhận;Người nộp;Số điện thoại;Kênh nộp;Ngày tiếp nhận;"
    "Ngày hẹn trả;Ngày có kết quả;Ngày trả kết quả;Trạng thái;Số lần bổ sung;Xin lỗi\n"
)


def csv_file(procedure: Any, body: str, *, bom: bool = True, name: str = "hoso.csv") -> SimpleUploadedFile:
    text = (HEADER + body).replace("{P}", procedure.code)
    data = ("\ufeff" if bom else "") + text
    return SimpleUploadedFile(name, data.encode("utf-8"), content_type="text/csv")


GOOD = (
    # line 2: returned on time; line 3: still processing; line 4: late, with an apology, online
    "000.00.08.H56-250106-0001;{P};000.00.08.H56;Nguyễn Văn An;0912345678;Trực tiếp;06/01/2025 09:00;"
    "20/01/2025;15/01/2025 10:00;16/01/2025 08:00;Đã trả kết quả;0;Không\n"
    "000.00.08.H56-250106-0002;{P};000.00.08.H56;Trần Thị Bình;;Bưu chính;06/01/2025 16:10;;;;Đang xử lý;;\n"
    "000.00.08.H56-250107-0001;{P};000.00.08.H56;Lê Văn Cường;0987654321;Trực tuyến;07/01/2025 08:30;"
    "21/01/2025;05/02/2025 10:00;;Đã có kết quả;1;Có\n"
)
BAD = (
    "000.00.08.H56-250106-0001;{P};000.00.08.H56;Trùng mã;;Trực tiếp;06/01/2025 09:00;;;;;;\n"  # line 5: duplicate
    "X-1;9.999999;000.00.08.H56;Thủ tục lạ;;Trực tiếp;06/01/2025 09:00;;;;;;\n"  # line 6: unknown procedure
    "X-2;{P};000.00.08.H56;Ngày sai;;Trực tiếp;31/02/2025 09:00;;;;;;\n"  # line 7: bad date
    "X-3;{P};000.00.08.H56;;;Trực tiếp;06/01/2025 09:00;;;;;;\n"  # line 8: no applicant
)


def run(actor: Any, upload: SimpleUploadedFile) -> Any:
    batch = batch_start(actor=actor, uploaded=upload)
    return batch_run(actor=actor, batch_id=batch.pk)


def test_it_lands_valid_rows_reports_bad_ones_and_changes_nothing_the_second_time(
    sysadmin: Any, office: Any, procedure: Any
) -> None:
    batch = run(sysadmin, csv_file(procedure, GOOD + BAD))
    assert batch.status == BatchStatus.DONE
    assert (batch.total_rows, batch.processed_rows, batch.created_rows) == (7, 7, 3)
    lines = {e["line"]: e["reason"] for e in batch.errors}
    assert sorted(lines) == [5, 6, 7, 8]
    assert "Duplicate" in lines[5] and "line 2" in lines[5]
    assert "Unknown procedure" in lines[6]
    assert "not a date" in lines[7]
    assert "required" in lines[8]
    returned = Dossier.objects.get(code="000.00.08.H56-250106-0001")
    assert returned.state == DossierState.RETURNED and returned.source == Source.IMPORT
    assert returned.timing == Timing.EARLY and returned.resolution_days is not None
    late = Dossier.objects.get(code="000.00.08.H56-250107-0001")
    assert late.timing == Timing.LATE and late.apologised_at is not None and late.channel == "online"
    postal = Dossier.objects.get(code="000.00.08.H56-250106-0002")
    assert postal.state == DossierState.PROCESSING and postal.current_unit_id == procedure.agency_id
    assert postal.pin  # no phone: a PIN for the look-up
    assert DossierEvent.objects.filter(kind=EventKind.IMPORT).count() == 3
    audits = AuditEvent.objects.filter(action="onestop.import.batch")
    assert audits.count() == 1
    assert audits.get().after["file_hash"] == batch.file_hash and audits.get().after["created"] == 3
    versions = dict(Dossier.objects.values_list("code", "version"))
    audit_count = AuditEvent.objects.count()

    again = run(sysadmin, csv_file(procedure, GOOD + BAD))
    assert (again.created_rows, again.updated_rows, again.unchanged_rows) == (0, 0, 3)
    assert len(again.errors) == 4
    assert Dossier.objects.count() == 3
    assert dict(Dossier.objects.values_list("code", "version")) == versions
    assert DossierEvent.objects.count() == 3
    assert (
        AuditEvent.objects.count() == audit_count
    )  # nothing changed: nothing to audit (the batch row records the run)
    assert verify_audit_chain().ok


def test_it_updates_a_known_code_whose_content_changed(sysadmin: Any, office: Any, procedure: Any) -> None:
    run(sysadmin, csv_file(procedure, GOOD))
    changed = GOOD.replace("Đang xử lý;;", "Đã có kết quả;;").replace(
        "06/01/2025 16:10;;;;", "06/01/2025 16:10;;10/01/2025 09:00;;"
    )
    batch = run(sysadmin, csv_file(procedure, changed, bom=False))
    assert (batch.created_rows, batch.updated_rows, batch.unchanged_rows) == (0, 1, 2)
    dossier = Dossier.objects.get(code="000.00.08.H56-250106-0002")
    assert dossier.state == DossierState.RESOLVED and dossier.version == 2
    event = dossier.events.order_by("-pk").first()
    assert event.kind == EventKind.IMPORT and "state" in event.data["changed"]


def test_it_reads_comma_separated_files_without_a_bom(sysadmin: Any, office: Any, procedure: Any) -> None:
    body = (
        "code,procedure,applicant,received at\n"
        "000.00.08.H56-250106-0009,{P},An,2025-01-06 09:00\n"
        "A-250106-0001,{P},An,2025-01-06 09:00\n"
    )
    upload = SimpleUploadedFile("x.csv", body.replace("{P}", procedure.code).encode(), content_type="text/csv")
    batch = run(sysadmin, upload)
    assert batch.created_rows == 1  # the office taken from the code
    assert batch.errors == [{"line": 3, "reason": "Unknown receiving office: A"}]


def test_it_reads_excel(sysadmin: Any, office: Any, procedure: Any) -> None:
    from datetime import datetime
    from io import BytesIO

    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Mã hồ sơ", "Mã thủ tục", "Đơn vị tiếp nhận", "Người nộp", "Ngày tiếp nhận", "Ghi chú"])
    sheet.append(["000.00.08.H56-250106-0001", procedure.code, "000.00.08.H56", "An", datetime(2025, 1, 6, 9, 0), "x"])
    sheet.append([None, None, None, None, None, None])
    sheet.append(["000.00.08.H56-250106-0002", procedure.code, "000.00.08.H56", "Bình", "06/01/2025 09:05", ""])
    buffer = BytesIO()
    workbook.save(buffer)
    upload = SimpleUploadedFile("hoso.xlsx", buffer.getvalue())
    batch = run(sysadmin, upload)
    assert batch.created_rows == 2 and batch.errors == []


def test_it_gives_later_receipts_numbers_after_the_imported_ones(
    sysadmin: Any, desk: Any, office: Any, procedure: Any
) -> None:
    run(sysadmin, csv_file(procedure, GOOD))
    assert DailyCounter.objects.get(agency_code="000.00.08.H56", day="2025-01-06").last == 2
    from apps.onestop.tests.factories import local

    dossier = receive(desk, office, procedure, at=local(2025, 1, 6, 10, 0))
    assert dossier.code == "000.00.08.H56-250106-0003"


def test_it_never_overwrites_a_dossier_received_here(sysadmin: Any, desk: Any, office: Any, procedure: Any) -> None:
    from apps.onestop.tests.factories import local

    dossier = receive(desk, office, procedure, at=local(2025, 1, 6, 10, 0))
    body = f"{dossier.code};{{P}};000.00.08.H56;Khác;;Trực tiếp;06/01/2025 10:00;;;;;;\n"
    batch = run(sysadmin, csv_file(procedure, body))
    assert batch.created_rows == 0 and "received in this system" in batch.errors[0]["reason"]


def test_it_writes_one_audit_event_per_batch_of_rows(sysadmin: Any, office: Any, procedure: Any) -> None:
    from apps.onestop.models import ImportBatch

    rows = [
        (
            n + 2,
            {
                "code": f"C-{n}",
                "procedure": procedure.code,
                "office": "000.00.08.H56",
                "applicant_name": "An",
                "received_at": "06/01/2025 09:00",
            },
        )
        for n in range(25)
    ]
    batch = ImportBatch.objects.create(file_name="mem", file_hash="f" * 64, total_rows=25)
    import_rows(actor=sysadmin, rows=rows, batch=batch, batch_size=10)
    batch.refresh_from_db()
    assert batch.created_rows == 25 and batch.processed_rows == 25
    parts = list(AuditEvent.objects.filter(action="onestop.import.batch").order_by("seq"))
    assert [p.after["rows"] for p in parts] == [10, 10, 5]
    assert {p.after["file_hash"] for p in parts} == {"f" * 64}


def test_it_refreshes_the_rollups_once_per_batch(sysadmin: Any, office: Any, procedure: Any, monkeypatch: Any) -> None:
    calls: list[set[Any]] = []
    monkeypatch.setattr(rollups, "touch", lambda keys: calls.append(set(keys)))
    run(sysadmin, csv_file(procedure, GOOD))
    assert len(calls) == 1
    expected: set[Any] = set()
    for dossier in Dossier.objects.all():
        expected |= rollups.keys_of(dossier)
    assert calls[0] == expected


def test_its_bucket_keys_equal_the_rollups(sysadmin: Any, office: Any, procedure: Any) -> None:
    run(sysadmin, csv_file(procedure, GOOD))
    calendar = Lookups.load().calendar
    for dossier in Dossier.objects.all():
        assert bucket_keys(dossier, calendar) == rollups.keys_of(dossier)


def test_it_fails_a_file_without_the_required_columns(sysadmin: Any, office: Any) -> None:
    from django.core.exceptions import ValidationError

    upload = SimpleUploadedFile("x.csv", "Mã hồ sơ;Người nộp\nA;B\n".encode(), content_type="text/csv")
    with pytest.raises(ValidationError) as caught:
        batch_start(actor=sysadmin, uploaded=upload)
    assert "Columns missing" in str(caught.value)
