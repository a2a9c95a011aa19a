"""Recount the statistics' rollups from the dossiers (after a bulk import or a repair). Idempotent:
a second run changes nothing."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from apps.onestop.services.rollups import rollups_rebuild


class Command(BaseCommand):
    help = "Recount the one-stop rollups from the dossiers (all units, or --unit ...)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--unit", type=int, action="append", help="Only this resolving unit (repeatable).")

    def handle(self, *args: Any, **options: Any) -> None:
        changed = rollups_rebuild(unit_ids=options["unit"])
        self.stdout.write(f"Rollups rebuilt: {changed} buckets written or removed.")
