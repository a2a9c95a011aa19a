"""Background work of the one-stop module (django-tasks): a large import runs in the task worker
(`manage.py db_worker`), enqueued when the upload's transaction commits."""

import logging

from django.db import transaction
from django_tasks import task

from apps.core.actors import SYSTEM

logger = logging.getLogger(__name__)


@task()
def import_run(batch_id: int) -> int:
    """Import one uploaded batch; returns the rows processed."""
    from apps.onestop.models import ImportBatch
    from apps.onestop.services.imports import batch_run

    uploader = ImportBatch.objects.select_related("uploaded_by").get(pk=batch_id).uploaded_by
    batch = batch_run(actor=uploader or SYSTEM, batch_id=batch_id)
    return batch.processed_rows


def schedule_import(batch_id: int) -> None:
    """Enqueue the import of `batch_id` when the current transaction commits."""

    def enqueue() -> None:
        try:
            import_run.enqueue(batch_id)
        except Exception:  # the batch stays queued; the page says so and an administrator can rerun it
            logger.warning("Could not enqueue import batch %s.", batch_id, exc_info=True)

    transaction.on_commit(enqueue)
