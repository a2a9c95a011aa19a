"""Remind the units of a period whose self-assessment is still in draft. For cron: writes at most one
notification a day per (period, unit) to the outbox (a second run the same day writes nothing);
`send_notifications` delivers them."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from apps.core.actors import SystemActor
from apps.core.workdays import working_days_between
from apps.par.models import PeriodStatus, ScoringPeriod
from apps.par.services.reminders import period_reminders_send

CRON_ACTOR = SystemActor("cron:par_send_reminders")


class Command(BaseCommand):
    help = "Notify the focal points and heads of units whose self-assessment is still in draft (once a day)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--period",
            type=int,
            help="Id of the scoring period. Without it: every open period before its self-assessment deadline.",
        )
        parser.add_argument(
            "--within",
            type=int,
            metavar="N",
            help="Only periods whose self-assessment deadline is at most N working days away (e.g. cron daily with 5).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["period"] is not None:
            period = ScoringPeriod.objects.filter(pk=options["period"]).first()
            if period is None:
                raise CommandError(f"No scoring period with id {options['period']}.")
            if period.status != PeriodStatus.OPEN:
                raise CommandError(f"The period {period.pk} is published; nothing to remind.")
            periods = [period]
        else:
            periods = list(
                ScoringPeriod.objects.filter(
                    status=PeriodStatus.OPEN, self_assessment_deadline__gte=timezone.localdate()
                ).order_by("pk")
            )
        if options["within"] is not None:
            today = timezone.localdate()
            within = options["within"]
            periods = [p for p in periods if working_days_between(today, p.self_assessment_deadline) <= within]
        for period in periods:
            sent = period_reminders_send(actor=CRON_ACTOR, period=period)
            if sent:
                self.stdout.write(f"{period.pk} {period.name}: {sent} unit(s) notified.")
            else:
                self.stdout.write(f"{period.pk} {period.name}: nothing sent (already sent today, or no unit in draft).")
