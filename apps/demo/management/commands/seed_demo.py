from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from apps.demo.services import demo_province_load


class Command(BaseCommand):
    help = "Load the demo province (Tuyên Quang) and one demo user per role. Safe to run again."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Load demo data even though CCHC_ENV=production (never on a real deployment).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION and not options["allow_production"]:
            raise CommandError("Refusing to load demo data with CCHC_ENV=production; pass --allow-production to force.")
        password = settings.DEMO_PASSWORD
        summary = demo_province_load(password=password)
        self.stdout.write(
            f"Demo province ready: {summary.units_created} units and {summary.users_created} users created this run."
        )
        par = summary.par
        self.stdout.write(
            f"PAR Index demo: {par.sets_created} criteria sets, {par.periods_created} periods and "
            f"{par.assessments_created} assessments created this run."
        )
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password: {password}) at {settings.SITE_URL}/dang-nhap/")
        width = max(len(username) for username, _role, _unit in summary.logins)
        for username, role, unit in summary.logins:
            self.stdout.write(f"  {username.ljust(width)}  {role} · {unit}")
