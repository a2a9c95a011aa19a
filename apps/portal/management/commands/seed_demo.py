"""`manage.py seed_demo`: load every module's demo data (the registered demo loaders) in dependency order."""

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from apps.core import hooks
from apps.core.models import AuditEvent
from apps.core.notifications import silenced
from apps.org import demo as org_demo


def ordered(loaders: Iterable[hooks.DemoLoader]) -> list[hooks.DemoLoader]:
    """The loaders, each after the ones it depends on (otherwise in registration order).

    A dependency that no loader provides, or a cycle, is a CommandError naming the loaders."""
    by_key = {loader.key: loader for loader in loaders}
    for loader in by_key.values():
        missing = [key for key in loader.depends_on if key not in by_key]
        if missing:
            raise CommandError(
                f"Demo loader {loader.key!r} depends on {', '.join(map(repr, missing))}, which no app registers."
            )
    result: list[hooks.DemoLoader] = []
    done: set[str] = set()
    visiting: list[str] = []

    def visit(loader: hooks.DemoLoader) -> None:
        if loader.key in done:
            return
        if loader.key in visiting:
            cycle = [*visiting[visiting.index(loader.key) :], loader.key]
            raise CommandError(f"Demo loaders depend on each other in a cycle: {' -> '.join(cycle)}.")
        visiting.append(loader.key)
        for key in loader.depends_on:
            visit(by_key[key])
        visiting.pop()
        done.add(loader.key)
        result.append(loader)

    for loader in by_key.values():
        visit(loader)
    return result


class Command(BaseCommand):
    help = (
        "Load the demo province (Tuyên Quang), one demo user per role and each module's demo data "
        "(the registered demo loaders, in dependency order). Safe to run again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Load demo data even though CCHC_ENV=production (never on a real deployment).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION and not options["allow_production"]:
            raise CommandError("Refusing to load demo data with CCHC_ENV=production; pass --allow-production to force.")
        loaders = ordered(hooks.get(hooks.DEMO_LOADERS))
        events = AuditEvent.objects.count()
        with transaction.atomic(), silenced():  # a loaded history, not events to tell anyone of
            for loader in loaders:
                loader.load(self.stdout)
        recorded = AuditEvent.objects.count() - events
        if recorded:
            self.stdout.write(f"{recorded} changes recorded in the audit trail.")
        else:
            self.stdout.write("Nothing to load: the demo data were already there (0 rows created).")
        password = settings.DEMO_PASSWORD
        logins = org_demo.logins()
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password: {password}) at {settings.SITE_URL}/dang-nhap/")
        width = max((len(username) for username, _role, _unit in logins), default=0)
        for username, role, unit in logins:
            self.stdout.write(f"  {username.ljust(width)}  {role} · {unit}")
