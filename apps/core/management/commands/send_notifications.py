"""Deliver the notification outbox. For cron (every minute or so); idempotent, and safe to run on
several machines at once: each row is claimed by one run with a conditional UPDATE."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from apps.core.notifications.outbox import BATCH, send_pending


class Command(BaseCommand):
    help = "Send pending notifications through the configured channels (in-app, e-mail)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch", type=int, default=BATCH, help="Rows claimed at a time.")

    def handle(self, *args: Any, **options: Any) -> None:
        result = send_pending(limit=max(1, options["batch"]))
        self.stdout.write(
            f"{result.sent} notification(s) sent, {result.failed} failed"
            f" ({result.given_up} given up after too many attempts)."
        )
