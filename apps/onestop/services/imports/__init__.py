"""Dossiers imported from another one-stop system (CSV or Excel; the column mapping is in
docs/onestop-import.md). `batch_start` stores and checks an upload, `batch_run` imports it (inline
for small files, else in the background task), `import_rows` is the batched, idempotent core."""

from apps.onestop.services.imports.batches import (
    INLINE_ROWS,
    batch_run,
    batch_start,
    check_upload,
    import_memory,
    rows_hash,
)
from apps.onestop.services.imports.columns import COLUMNS, REQUIRED
from apps.onestop.services.imports.prepare import BATCH_SIZE, bucket_keys, prepare
from apps.onestop.services.imports.reading import MAX_BYTES
from apps.onestop.services.imports.rows import import_rows

__all__ = [
    "BATCH_SIZE",
    "COLUMNS",
    "INLINE_ROWS",
    "MAX_BYTES",
    "REQUIRED",
    "batch_run",
    "batch_start",
    "bucket_keys",
    "check_upload",
    "import_memory",
    "import_rows",
    "prepare",
    "rows_hash",
]
