"""Reminders to units whose self-assessment is still in draft.

`period_reminders_send` (called by the "send reminders" button and the `par_send_reminders`
command): it writes one outbox notification per (period, unit, day),
to the unit's focal points and head, with the dedupe key `par.reminder:{period}:{unit}:{day}`; so a
cron run and a click on the same day notify each unit once. `send_notifications` delivers them.
"""

from datetime import date

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from apps.core.actors import Actor
from apps.core.audit import audit_record
from apps.core.models import Notification
from apps.core.notifications import notify
from apps.core.workdays import working_days_between
from apps.org.models import Role
from apps.org.selectors import unit_contacts
from apps.par.models import AssessmentStatus, ScoringPeriod
from apps.par.selectors import assessment_progress

REMIND_ACTION = "par.period.remind"
REMINDER_KIND = "par.period_reminder"
REMINDER_ROLES = (Role.FOCAL_POINT, Role.UNIT_HEAD)


def reminder_key(period_id: int, unit_id: int, day: date) -> str:
    return f"par.reminder:{period_id}:{unit_id}:{day.isoformat()}"


def reminders_sent_today(period: ScoringPeriod) -> bool:
    """Whether today's reminders of the period are already in the outbox (for any unit)."""
    return Notification.objects.filter(
        kind=REMINDER_KIND,
        dedupe_key__startswith=f"par.reminder:{period.pk}:",
        dedupe_key__endswith=f":{timezone.localdate().isoformat()}",
    ).exists()


@transaction.atomic
def period_reminders_send(*, actor: Actor, period: ScoringPeriod) -> int:
    """Notify the focal points and head of every unit still in draft, once a day per unit; return
    the number of notifications written (0 when today's already exist or no unit is in draft)."""
    today = timezone.localdate()
    drafts = list(period.assessments.filter(status=AssessmentStatus.DRAFT).select_related("unit"))
    if not drafts:
        return 0
    contacts = unit_contacts(unit_ids=[a.unit_id for a in drafts], roles=REMINDER_ROLES)
    progress = assessment_progress(period=period)
    written: list[int] = []
    for assessment in drafts:
        counts = progress.get(assessment.pk, {})
        notification = notify(
            kind=REMINDER_KIND,
            dedupe_key=reminder_key(period.pk, assessment.unit_id, today),
            recipients=contacts.get(assessment.unit_id, []),
            context={
                "period": period.name,
                "deadline": period.self_assessment_deadline.isoformat(),
                "working_days": working_days_between(today, period.self_assessment_deadline),
                "unit": assessment.unit.name,
                "scored": counts.get("scored", 0),
                "total": counts.get("total", 0),
                "lacking_evidence": counts.get("lacking_evidence", 0),
                "url": reverse("par:assessment_detail", args=[assessment.pk]),
            },
            unit_id=assessment.unit_id,
        )
        if notification is not None:
            written.append(assessment.unit_id)
    if written:
        # A record of what was done; the outbox's dedupe key, not this event, decides "already sent".
        audit_record(
            actor=actor,
            action=REMIND_ACTION,
            obj=period,
            after={
                "units": sorted(written),
                "notifications": len(written),
                "recipients": sum(len(contacts.get(unit_id, [])) for unit_id in written),
            },
        )
    return len(written)
