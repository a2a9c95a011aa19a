"""Delivery as a background task: `notify()` enqueues `deliver_outbox` when its transaction commits,
so the task worker (`manage.py db_worker`, beside the web server in `make run`) sends a
notification within seconds. The task runs the same code as `manage.py send_notifications`, which
stays the safety net (cron): a row the task could not send, or written while the queue was
unavailable, goes out on the sweep's next run; the outbox's claims keep the two from sending a row twice.
"""

import logging

from django.db import transaction
from django_tasks import task

from apps.core.notifications.outbox import send_pending

logger = logging.getLogger(__name__)


@task()
def deliver_outbox() -> int:
    """Send every pending notification; returns how many went out."""
    return send_pending().sent


def _enqueue() -> None:
    try:
        deliver_outbox.enqueue()
    except Exception:  # the sweep sends it later; writing the notification must not fail for this
        logger.warning("Could not enqueue the notification delivery; the sweep will send it.", exc_info=True)


def schedule_delivery() -> None:
    """Enqueue one delivery when the current transaction commits (at once outside a transaction);
    the notifications written in one atomic block share it."""
    connection = transaction.get_connection()
    here = set(connection.savepoint_ids)  # a callback of an enclosing block may still be rolled back
    if any(sids == here and func is _enqueue for sids, func, *_robust in connection.run_on_commit):
        return
    transaction.on_commit(_enqueue)
