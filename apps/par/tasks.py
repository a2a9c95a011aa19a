"""Background work of PAR scoring: reminders to units whose self-assessment is still in draft.

`period_reminders_send` does the work (the task and the `par_send_reminders` command call it); it
sends at most once a day per period, judged from today's "par.period.remind" audit events, so a
cron job and a click on the same day do not mail the units twice.
"""

from datetime import datetime, time
from typing import Any

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django_tasks import task

from apps.core.audit import audit_record
from apps.core.models import AuditEvent
from apps.org.models import Membership, Role
from apps.par.models import AssessmentStatus, ScoringPeriod
from apps.par.selectors import assessment_progress

REMIND_ACTION = "par.period.remind"


def reminders_sent_today(period: ScoringPeriod) -> bool:
    start = timezone.make_aware(datetime.combine(timezone.localdate(), time.min))
    return AuditEvent.objects.filter(
        action=REMIND_ACTION,
        object_type=ScoringPeriod._meta.label_lower,
        object_id=str(period.pk),
        created_at__gte=start,
    ).exists()


def _message(period: ScoringPeriod, assessment: Any, progress: dict[str, int]) -> tuple[str, str]:
    deadline = date_format(period.self_assessment_deadline, "SHORT_DATE_FORMAT")
    subject = _("[CCHC] Reminder: self-assessment “%(period)s” is due on %(deadline)s") % {
        "period": period.name,
        "deadline": deadline,
    }
    link = settings.SITE_URL.rstrip("/") + reverse("par:assessment_detail", args=[assessment.pk])
    lines = [
        _("Dear colleagues of %(unit)s,") % {"unit": assessment.unit.name},
        "",
        _("The self-assessment of your unit for “%(period)s” has not been submitted yet.") % {"period": period.name},
        _("Deadline for submission: %(deadline)s.") % {"deadline": deadline},
        _("Criteria scored: %(scored)d of %(total)d.")
        % {"scored": progress.get("scored", 0), "total": progress.get("total", 0)},
        _("Criteria still lacking evidence or an explanation: %(count)d.")
        % {"count": progress.get("lacking_evidence", 0)},
        "",
        _("Open the self-assessment: %(link)s") % {"link": link},
        "",
        _("PAR secretariat"),
    ]
    return subject, "\n".join(lines)


def period_reminders_send(*, actor: Any, period: ScoringPeriod) -> int:
    """Email the focal points and heads of every unit still in draft; return the number of emails.
    Does nothing (returns 0) if reminders for this period already went out today."""
    if reminders_sent_today(period):
        return 0
    drafts = list(period.assessments.filter(status=AssessmentStatus.DRAFT).select_related("unit"))
    if not drafts:
        return 0
    recipients: dict[int, set[str]] = {}
    for unit_id, email in Membership.objects.filter(
        unit_id__in=[a.unit_id for a in drafts],
        role__in=[Role.FOCAL_POINT, Role.UNIT_HEAD],
        is_active=True,
        user__is_active=True,
    ).values_list("unit_id", "user__email"):
        if email:
            recipients.setdefault(unit_id, set()).add(email)
    progress = assessment_progress(period=period)
    messages = []
    for assessment in drafts:
        to = sorted(recipients.get(assessment.unit_id, ()))
        if to:
            subject, body = _message(period, assessment, progress.get(assessment.pk, {}))
            messages.append((subject, body, settings.DEFAULT_FROM_EMAIL, to))
    # Send first, then record what went out: if the mail server fails, nothing is recorded and a
    # later run may try again; once recorded, no other run sends again today.
    sent = send_mass_mail(tuple(messages), fail_silently=False) if messages else 0
    with transaction.atomic():
        audit_record(
            actor=actor,
            action=REMIND_ACTION,
            obj=period,
            after={
                "units": sorted(a.unit_id for a in drafts),
                "emails": sent,
                "recipients": sum(len(m[3]) for m in messages),
            },
        )
    return sent


@task()
def send_period_reminders(period_id: int, actor_id: int | None = None) -> int:
    """Enqueued by the "send reminders" button with ids only (transaction.on_commit)."""
    from django.contrib.auth import get_user_model

    period = ScoringPeriod.objects.get(pk=period_id)
    actor: Any = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    return period_reminders_send(actor=actor or "system", period=period)
