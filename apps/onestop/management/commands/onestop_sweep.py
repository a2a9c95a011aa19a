"""Tell each unit of its dossiers due on the next working day and of those overdue (cron, daily).

Idempotent: each reminder has a dedupe key with the dossier and the day, so a second run the same
day writes nothing and prints zeros. Only dossiers whose clock runs are reminded (received,
processing); a dossier waiting for a supplement is not late while it waits.
"""

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils import timezone

from apps.core.workdays import get_calendar
from apps.onestop.models import Dossier
from apps.onestop.selectors.dossiers import RUNNING
from apps.onestop.services import notices


class Command(BaseCommand):
    help = "Notify units of their one-stop dossiers due on the next working day and overdue (once a day)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="The day to sweep for (YYYY-MM-DD); today by default.")

    def handle(self, *args: Any, **options: Any) -> None:
        today = date.fromisoformat(options["date"]) if options.get("date") else timezone.localdate()
        soon_day = get_calendar().nth_working_day_after(today, 1)
        counts = {"due_soon": 0, "overdue": 0, "already": 0}
        running = Dossier.objects.filter(state__in=RUNNING).select_related(
            "procedure", "receiving_unit", "current_unit"
        )
        batches = (
            ("due_soon", running.filter(due_date__gt=today, due_date__lte=soon_day)),
            ("overdue", running.filter(due_date__lt=today)),
        )
        for key, rows in batches:
            for dossier in rows.order_by("due_date", "pk").iterator(chunk_size=500):
                with transaction.atomic():
                    written = notices.dossier_due(dossier, overdue=key == "overdue", today=today)
                counts[key if written else "already"] += 1
        self.stdout.write(
            f"onestop_sweep {today.isoformat()}: due soon {counts['due_soon']}, overdue {counts['overdue']}, "
            f"already notified or nobody to tell {counts['already']}"
        )
