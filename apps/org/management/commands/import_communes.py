"""Create or refresh a province's communes, wards and special zones from the `vietnam-provinces` package."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from apps.core.actors import SystemActor
from apps.org.models import Unit, UnitKind
from apps.org.services import units_import_communes


class Command(BaseCommand):
    help = "Import the commune-level units of a province (idempotent: run it again after the package updates)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--province", type=int, required=True, help="Province code, e.g. 8 for Tuyên Quang.")
        parser.add_argument(
            "--parent-code",
            default="",
            help="Official code of the province unit the communes sit under (default: the province code, two digits).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        province: int = options["province"]
        parent_code: str = options["parent_code"] or f"{province:02d}"
        parent = Unit.objects.filter(kind=UnitKind.PROVINCE, code=parent_code).first()
        if parent is None:
            raise CommandError(f"No province unit with code {parent_code!r}: create it first.")
        try:
            created, updated = units_import_communes(
                actor=SystemActor("import_communes"), province_code=province, parent=parent
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(self.style.SUCCESS(f"Communes of province {province}: {created} created, {updated} updated."))
