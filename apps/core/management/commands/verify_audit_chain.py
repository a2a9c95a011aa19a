"""`manage.py verify_audit_chain`: walk the audit hash chain and name the first broken link."""

from typing import Any

from django.core.management.base import BaseCommand

from apps.core.audit import verify_audit_chain


class Command(BaseCommand):
    help = "Check that no audit event was edited, deleted or inserted out of order. Exit 1 when the chain is broken."

    def handle(self, *args: Any, **options: Any) -> None:
        report = verify_audit_chain()
        if not report.ok:
            self.stderr.write(f"BROKEN at event #{report.broken_seq}: {report.reason}")
            raise SystemExit(1)
        self.stdout.write(f"OK: {report.checked} events")
