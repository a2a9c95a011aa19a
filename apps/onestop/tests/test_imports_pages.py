"""The import pages: upload (type and size checked), a batch with its progress and errors (CSV),
the list of past batches; the background task for large files. Only the system administrator."""

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult

from apps.onestop.models import Dossier, ImportBatch
from apps.onestop.models.imports import BatchStatus
from apps.onestop.services import imports as svc
from apps.onestop.tasks import import_run
from conftest import client_for

pytestmark = pytest.mark.django_db
LIST = "/mot-cua/nhap-ho-so/"
UPLOAD = "/mot-cua/nhap-ho-so/tai-len/"
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default"]}}
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path


def csv_upload(procedure: Any, rows: int, *, bad: int = 0, name: str = "hoso.csv") -> SimpleUploadedFile:
    lines = ["Mã hồ sơ;Mã thủ tục;Đơn vị tiếp nhận;Người nộp;Ngày tiếp nhận"]
    lines += [
        f"000.00.08.H56-250106-{n:04d};{procedure.code};000.00.08.H56;Người {n};06/01/2025 09:00"
        for n in range(1, rows + 1)
    ]
    lines += [f"=X{n};{procedure.code};000.00.08.H56;Sai;32/01/2025" for n in range(bad)]
    return SimpleUploadedFile(name, "\n".join(lines).encode(), content_type="text/csv")


def test_it_imports_a_small_file_inline_and_shows_its_errors(sysadmin: Any, office: Any, procedure: Any) -> None:
    client = client_for(sysadmin)
    assert client.get(LIST).status_code == 200
    response = client.post(UPLOAD, {"file": csv_upload(procedure, 3, bad=2)})
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/mot-cua/nhap-ho-so/{batch.pk}/"
    assert batch.status == BatchStatus.DONE and batch.created_rows == 3
    page = client.get(response["Location"])
    assert page.status_code == 200 and b"not a date" in page.content and b"hx-trigger" not in page.content
    errors = client.get(f"/mot-cua/nhap-ho-so/{batch.pk}/loi.csv")
    text = errors.content.decode("utf-8-sig")
    assert errors["Content-Type"].startswith("text/csv") and "5;" in text and ";'=X" not in text  # reasons as text
    assert client.get(LIST).content.count(b"hoso.csv") == 1


def test_it_refuses_a_wrong_type_or_an_empty_file_with_a_message(sysadmin: Any, office: Any) -> None:
    client = client_for(sysadmin)
    response = client.post(UPLOAD, {"file": SimpleUploadedFile("x.pdf", b"%PDF")})
    assert response.status_code == 400 and "Upload a .csv or .xlsx file." in response.content.decode()
    response = client.post(UPLOAD, {"file": SimpleUploadedFile("x.xlsx", b"not a workbook")})
    assert response.status_code == 400 and "not a valid Excel workbook" in response.content.decode()
    response = client.post(UPLOAD, {})
    assert response.status_code == 400
    assert ImportBatch.objects.filter(total_rows__gt=0).count() == 0


def test_it_refuses_a_file_over_the_limit(sysadmin: Any, office: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr("apps.onestop.services.imports.batches.MAX_BYTES", 10)
    response = client_for(sysadmin).post(UPLOAD, {"file": SimpleUploadedFile("x.csv", b"a;b;c;d;e;f\n1;2;3")})
    assert response.status_code == 400 and "larger than" in response.content.decode()


def test_a_large_file_runs_in_the_task(
    sysadmin: Any, office: Any, procedure: Any, settings: Any, monkeypatch: Any, django_capture_on_commit_callbacks: Any
) -> None:
    monkeypatch.setattr(svc, "INLINE_ROWS", 5)
    settings.TASKS = DATABASE_QUEUE
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(sysadmin).post(UPLOAD, {"file": csv_upload(procedure, 8)})
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and batch.status == BatchStatus.QUEUED
    assert DBTaskResult.objects.get().task_path == "apps.onestop.tasks.import_run"
    progress = client_for(sysadmin).get(f"/mot-cua/nhap-ho-so/{batch.pk}/tien-do/")
    assert b'hx-trigger="every 2s"' in progress.content and b'value="0"' in progress.content
    assert import_run.call(batch.pk) == 8  # what the worker runs
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DONE and Dossier.objects.count() == 8
    progress = client_for(sysadmin).get(f"/mot-cua/nhap-ho-so/{batch.pk}/tien-do/")
    assert b"hx-trigger" not in progress.content and b'value="100"' in progress.content
    assert import_run.call(batch.pk) == 8  # a second run of a finished batch does nothing
    assert Dossier.objects.count() == 8


def test_the_immediate_backend_runs_the_import_on_commit(
    sysadmin: Any, office: Any, procedure: Any, settings: Any, monkeypatch: Any, django_capture_on_commit_callbacks: Any
) -> None:
    monkeypatch.setattr(svc, "INLINE_ROWS", 5)
    settings.TASKS = IMMEDIATE
    with django_capture_on_commit_callbacks(execute=True):
        client_for(sysadmin).post(UPLOAD, {"file": csv_upload(procedure, 8)})
    assert ImportBatch.objects.get().status == BatchStatus.DONE and Dossier.objects.count() == 8


def test_only_the_system_administrator_imports(
    desk: Any, leader: Any, sysadmin: Any, office: Any, procedure: Any, citizen: Any
) -> None:
    client_for(sysadmin).post(UPLOAD, {"file": csv_upload(procedure, 1)})
    batch = ImportBatch.objects.get()
    for user in (desk, leader):
        client = client_for(user)
        assert client.get(LIST).status_code == 403
        assert client.post(UPLOAD, {"file": csv_upload(procedure, 1)}).status_code == 403
        assert client.get(f"/mot-cua/nhap-ho-so/{batch.pk}/").status_code == 403
        assert client.get(f"/mot-cua/nhap-ho-so/{batch.pk}/loi.csv").status_code == 403
    assert citizen.get(LIST).status_code == 302  # to the sign-in page
    admin = client_for(sysadmin)
    assert admin.get("/mot-cua/nhap-ho-so/999999/").status_code == 404
    assert admin.get("/mot-cua/nhap-ho-so/999999/tien-do/").status_code == 404
    assert admin.put(UPLOAD).status_code == 405
    assert admin.post(f"/mot-cua/nhap-ho-so/{batch.pk}/").status_code == 405
    assert admin.post(f"/mot-cua/nhap-ho-so/{batch.pk}/loi.csv").status_code == 405
    assert ImportBatch.objects.count() == 1


def test_the_list_reads_a_page_in_a_fixed_number_of_queries(sysadmin: Any, office: Any) -> None:
    for n in range(30):
        ImportBatch.objects.create(file_name=f"f{n}.csv", file_hash="0" * 64, uploaded_by=sysadmin)
    client = client_for(sysadmin)
    client.get(LIST)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/mot-cua/nhap-ho-so/ket-qua/?page=2")
    assert response.status_code == 200 and b"f4.csv" in response.content
    assert len(queries) <= 8, [q["sql"] for q in queries]
