"""Prove the statistics' rollups equal a recount from the dossiers. Exit code 1 and a diff when not.
Read-only; safe to run at any time (cron, after an import, in CI)."""

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from apps.onestop.services.rollups import differences


class Command(BaseCommand):
    help = "Compare the one-stop rollups with a recount from the dossiers; exit 1 and print the differences."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--unit", type=int, action="append", help="Only this resolving unit (repeatable).")
        parser.add_argument("--limit", type=int, default=50, help="Print at most this many differences.")

    def handle(self, *args: Any, **options: Any) -> None:
        found = differences(options["unit"])
        if not found:
            self.stdout.write("Rollups agree with a recount from the dossiers.")
            return
        self.stdout.write(
            f"{len(found)} rollup buckets differ from a recount (unit, procedure, day: stored → recounted):"
        )
        for (unit_id, procedure_id, day), have, want in found[: options["limit"]]:
            columns = sorted(have.keys() | want.keys())
            diff = ", ".join(f"{c} {have.get(c, 0)} → {want.get(c, 0)}" for c in columns if have.get(c) != want.get(c))
            self.stdout.write(f"  {unit_id}, {procedure_id}, {day.isoformat()}: {diff}")
        self.stdout.write("Run `manage.py rebuild_rollups` to recount them.")
        sys.exit(1)
