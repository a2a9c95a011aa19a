"""An uploaded file as an import batch: checked, stored with its SHA-256, then run inline (small
files) or by the background task `apps.onestop.tasks.import_run` (large ones)."""

import hashlib
from collections.abc import Iterator
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.actors import Actor
from apps.onestop.models.imports import BatchStatus, ImportBatch
from apps.onestop.services.imports import columns as col
from apps.onestop.services.imports.columns import CellError
from apps.onestop.services.imports.prepare import BATCH_SIZE, Row
from apps.onestop.services.imports.reading import MAX_BYTES, FileError, kind_of, read_table
from apps.onestop.services.imports.rows import import_rows

INLINE_ROWS = BATCH_SIZE  # fewer rows than this run in the request


def check_upload(uploaded: UploadedFile) -> str:
    """The file's kind ("csv" or "xlsx"), or ValidationError on the field "file"."""
    try:
        kind = kind_of(uploaded.name or "")
    except FileError as exc:
        raise ValidationError({"file": str(exc)}, code="file_type") from None
    size = uploaded.size or 0
    if size > MAX_BYTES:
        raise ValidationError(
            {"file": _("The file is larger than %(max)d MB.") % {"max": MAX_BYTES // (1024 * 1024)}}, code="file_size"
        )
    if size == 0:
        raise ValidationError({"file": _("The file is empty.")}, code="file_empty")
    return kind


def _sha256(uploaded: UploadedFile) -> str:
    digest = hashlib.sha256()
    for chunk in uploaded.chunks():
        digest.update(chunk)
    uploaded.seek(0)
    return digest.hexdigest()


def _table(batch: ImportBatch) -> tuple[dict[int, str], Iterator[tuple[int, list[Any]]]]:
    batch.file.open("rb")
    headers, rows = read_table(batch.file, kind_of(batch.file_name))
    mapping, missing = col.map_headers(headers)
    if missing:
        raise FileError(
            _("Columns missing: %(columns)s. See the column mapping.")
            % {"columns": ", ".join(col.header_label(name) for name in missing)}
        )
    return mapping, rows


def _rows(mapping: dict[int, str], rows: Iterator[tuple[int, list[Any]]]) -> Iterator[Row]:
    for line, cells in rows:
        yield line, {field: cells[index] for index, field in mapping.items() if index < len(cells)}


@transaction.atomic
def batch_start(*, actor: Actor, uploaded: UploadedFile) -> ImportBatch:
    """Store the upload as a batch (queued), after checking its type, size and columns.
    The caller runs it (`batch_run`) or enqueues the task, by `batch.total_rows`."""
    check_upload(uploaded)
    digest = _sha256(uploaded)
    batch = ImportBatch(
        uploaded_by=cast(Any, actor) if getattr(actor, "is_authenticated", False) else None,
        file_name=(uploaded.name or "import")[-255:],
        file_hash=digest,
    )
    batch.file.save(f"{digest[:16]}-{uploaded.name}"[-100:], uploaded, save=False)
    batch.save()
    try:
        _mapping, rows = _table(batch)
        batch.total_rows = sum(1 for _row in rows)
    except (FileError, CellError) as exc:
        batch.file.close()
        batch.file.delete(save=False)  # the row goes with the transaction; the stored file with it
        raise ValidationError({"file": str(exc)}, code="file_invalid") from None
    batch.file.close()
    batch.save(update_fields=["total_rows"])
    return batch


def batch_run(*, actor: Actor, batch_id: int) -> ImportBatch:
    """Run a queued batch (the task calls this; small files run it in the request)."""
    batch = ImportBatch.objects.get(pk=batch_id)
    if batch.status != BatchStatus.QUEUED:
        return batch
    claimed = ImportBatch.objects.filter(pk=batch.pk, status=BatchStatus.QUEUED).update(status=BatchStatus.RUNNING)
    if not claimed:  # another worker took it
        return batch
    try:
        mapping, rows = _table(batch)
        return import_rows(actor=actor, rows=_rows(mapping, rows), batch=batch)
    except (FileError, CellError) as exc:
        batch.refresh_from_db()
        batch.status = BatchStatus.FAILED
        batch.errors = [*batch.errors, {"line": 0, "reason": str(exc)}]
        batch.finished_at = timezone.now()
        batch.save(update_fields=["status", "errors", "finished_at"])
        return batch
    finally:
        batch.file.close()


def rows_hash(rows: list[Row]) -> str:
    """A SHA-256 of rows held in memory (the demo), standing in for a file's hash."""
    digest = hashlib.sha256()
    for line, cells in rows:
        digest.update(repr((line, sorted((k, str(v)) for k, v in cells.items()))).encode())
    return digest.hexdigest()


def import_memory(*, actor: Actor, rows: list[Row], name: str) -> ImportBatch:
    """Import rows held in memory (the demo) through the same path as a file."""
    batch = ImportBatch.objects.create(file_name=name, file_hash=rows_hash(rows), total_rows=len(rows))
    return import_rows(actor=actor, rows=rows, batch=batch)
