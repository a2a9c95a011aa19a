"""`manage.py verify_audit_chain [--anchor SEQ:HASH ...]`: walk the audit hash chain and name the first broken link."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from apps.core.audit import Anchor, verify_anchor, verify_audit_chain


class Command(BaseCommand):
    help = (
        "Check that no audit event was edited, deleted or inserted out of order, and that the chain still "
        "holds each anchor printed earlier by audit_anchor. Exit 1 when the chain is broken."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--anchor",
            action="append",
            default=[],
            metavar="SEQ:HASH",
            help="an anchor printed earlier by `manage.py audit_anchor` (may be repeated)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            anchors = [Anchor.parse(text) for text in options["anchor"]]
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        report = verify_audit_chain()
        if not report.ok:
            self.stderr.write(f"BROKEN at event #{report.broken_seq}: {report.reason}")
            raise SystemExit(1)
        for anchor in anchors:
            anchored = verify_anchor(anchor)
            if not anchored.ok:
                self.stderr.write(f"BROKEN at event #{anchored.broken_seq}: {anchored.reason}")
                raise SystemExit(1)
        suffix = f", {len(anchors)} anchor(s) held" if anchors else ""
        self.stdout.write(f"OK: {report.checked} events{suffix}")
