"""`manage.py audit_anchor`: print the audit chain head (SEQ:HASH) for a record kept outside the database.

Run it nightly after verify_audit_chain. With `--file PATH` (or AUDIT_ANCHOR_FILE) the anchor is
appended to that file (put it on another machine or a write-once share); with AUDIT_ANCHOR_EMAIL
it is also e-mailed. Later, `verify_audit_chain --anchor SEQ:HASH` proves the chain was not cut
after that point.
"""

from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from apps.core.audit import audit_anchor


class Command(BaseCommand):
    help = "Print the audit chain head as SEQ:HASH; append it to a file and e-mail it when configured."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--file", default=getattr(settings, "AUDIT_ANCHOR_FILE", ""), help="append the anchor here")

    def handle(self, *args: Any, **options: Any) -> None:
        anchor = audit_anchor()
        line = f"{timezone.now().isoformat(timespec='seconds')} {anchor}"
        self.stdout.write(str(anchor))
        if options["file"]:
            with open(options["file"], "a", encoding="utf-8") as handle:
                handle.write(line + "\n")
        recipients = list(getattr(settings, "AUDIT_ANCHOR_EMAIL", []))
        if recipients:
            send_mail(
                subject=f"CCHC audit anchor {anchor.seq}",
                message=f"{line}\n\nVerify later with: manage.py verify_audit_chain --anchor {anchor}\n",
                from_email=None,
                recipient_list=recipients,
            )
