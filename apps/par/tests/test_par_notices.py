"""The PAR cycle tells whoever acts next, through the outbox (in-app and e-mail): period opened to
the units, submitted and explained to the appraisers, explanation requested (with its deadline)
and finalised to the unit, published to every unit and the leaders."""

from datetime import datetime
from io import StringIO
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from apps.core.models import Notification
from apps.par.models import Assessment, AssessmentStatus
from apps.par.services import assessments as svc
from apps.par.services.evidence import evidence_upload
from apps.par.services.periods import period_publish
from apps.par.tests.factories import build_set, group_of, open_period
from conftest import client_for

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def recipients(kind: str) -> list[str]:
    notification = Notification.objects.get(kind=kind)
    return sorted(notification.recipients.values_list("username", flat=True))


def sent(kind: str) -> Any:
    """Deliver the outbox; the e-mails of `kind` (matched by their subject) that went out."""
    mail.outbox.clear()
    call_command("send_notifications", stdout=StringIO())
    return mail.outbox


def score(assessment: Assessment, code: str) -> Any:
    return assessment.scores.select_related("criterion", "assessment__period").get(criterion__code=code)


@pytest.fixture
def cycle(unit_a, unit_b, focal_a, head_a, focal_b, appraiser, secretariat, leader):  # type: ignore[no-untyped-def]
    group = group_of(unit_a, unit_b)
    period = open_period(group, build_set(group), actor=secretariat)
    return period, Assessment.objects.get(period=period, unit=unit_a)


@time_machine.travel(datetime(2026, 1, 5, 9, tzinfo=TZ))
def test_it_tells_each_unit_that_the_period_is_open(cycle) -> None:  # type: ignore[no-untyped-def]
    period, assessment = cycle
    opened = Notification.objects.filter(kind="par.period_opened").order_by("unit_id")
    assert [sorted(n.recipients.values_list("username", flat=True)) for n in opened] == [
        ["focal_a", "head_a"],
        ["focal_b"],
    ]
    messages = sent("par.period_opened")
    to_a = next(m for m in messages if "focal_a@example.test" in m.to)
    assert period.name in to_a.subject and "15/01/2026" in to_a.subject
    assert reverse("par:assessment_detail", args=[assessment.pk]) in to_a.body
    assert "Sở Tư pháp" in to_a.body


@time_machine.travel(datetime(2026, 1, 10, 9, tzinfo=TZ))
def test_it_tells_the_next_actor_at_each_step_of_the_cycle(  # type: ignore[no-untyped-def]
    cycle, focal_a, head_a, appraiser, secretariat, unit_a, unit_b
) -> None:
    period, assessment = cycle
    doc = evidence_upload(
        actor=focal_a,
        unit=unit_a,
        year=2025,
        title="Kế hoạch",
        uploaded=SimpleUploadedFile("kh.pdf", PDF, content_type="application/pdf"),
    )
    for code, value in {"1.1": "3.5", "1.2": "1", "1.3": "0.9", "2.2": "1", "9.1": "1", "10.1": "0.5"}.items():
        s = score(assessment, code)
        svc.score_self_update(actor=focal_a, score=s, version=s.version, value=value)
    for code in ("1.1", "2.2"):
        s = score(assessment, code)
        svc.score_evidence_set(actor=focal_a, score=s, version=s.version, evidence=[doc])

    svc.assessment_submit(actor=head_a, assessment=assessment, version=assessment.version)
    assert recipients("par.assessment_submitted") == ["appraiser"]
    inbox = client_for(appraiser).get(reverse("portal:notifications")).content.decode()  # in-app
    submitted = Notification.objects.get(kind="par.assessment_submitted")
    assert "Sở Tư pháp" in inbox and reverse("portal:notification_read", args=[submitted.pk]) in inbox
    [message] = [m for m in sent("") if m.to == ["appraiser@example.test"]]
    assert "Sở Tư pháp" in message.subject
    assert reverse("par:appraisal_detail", args=[assessment.pk]) in message.body

    for s in assessment.scores.select_related("criterion", "assessment__period"):
        if s.criterion.method.get("type") == "metric":
            continue
        svc.score_appraise(actor=appraiser, score=s, version=s.version, points=None, accept=True)
        if s.criterion.code == "1.1":
            s.refresh_from_db()
            svc.score_request_explanation(actor=appraiser, score=s, version=s.version, note="Ngày ban hành?")
    assessment.refresh_from_db()
    svc.appraisal_conclude(actor=appraiser, assessment=assessment, version=assessment.version)
    assert recipients("par.explanation_requested") == ["focal_a", "head_a"]
    [message] = sent("")
    assert sorted(message.to) == ["focal_a@example.test", "head_a@example.test"]
    deadline = period.explanation_deadline.strftime("%d/%m/%Y")
    assert deadline in message.subject and deadline in message.body
    assert reverse("par:explanation_form", args=[assessment.pk]) in message.body

    s11 = score(assessment, "1.1")
    assessment.refresh_from_db()
    svc.explanation_submit(actor=focal_a, assessment=assessment, version=assessment.version, answers={s11.pk: "Vì"})
    assert recipients("par.assessment_explained") == ["appraiser"]

    assessment.refresh_from_db()
    svc.appraisal_conclude(actor=appraiser, assessment=assessment, version=assessment.version)
    assert not Notification.objects.filter(dedupe_key__startswith="par.conclude_round2").exists()  # nobody waits
    assessment.refresh_from_db()
    svc.assessment_finalise(actor=secretariat, assessment=assessment, version=assessment.version)
    assert recipients("par.assessment_finalised") == ["focal_a", "head_a"]

    Assessment.objects.filter(period=period, unit=unit_b).update(status=AssessmentStatus.FINALISED)
    period.refresh_from_db()
    period_publish(actor=secretariat, period=period, version=period.version, decision_reference="12/QĐ-UBND")
    assert recipients("par.period_published") == ["focal_a", "focal_b", "head_a", "leader"]
    messages = sent("")
    published = [m for m in messages if "leader@example.test" in m.to]
    assert published and "12/QĐ-UBND" in published[0].body
    assert reverse("par_public:period", args=[period.pk]) in published[0].body


@time_machine.travel(datetime(2026, 1, 8, 9, tzinfo=TZ))  # Thursday; the deadline is Thursday 15/01/2026
def test_it_reminds_the_units_when_the_deadline_is_n_working_days_away(cycle, focal_a) -> None:  # type: ignore[no-untyped-def]
    Notification.objects.all().delete()
    call_command("par_send_reminders", "--within", "4", stdout=StringIO())
    assert not Notification.objects.exists()  # five working days left
    call_command("par_send_reminders", "--within", "5", stdout=StringIO())
    reminder = Notification.objects.get(kind="par.period_reminder", unit__isnull=False, recipients=focal_a)
    assert reminder.context["working_days"] == 5
    message = next(m for m in sent("") if "focal_a@example.test" in m.to)
    assert "5 working days left." in message.body
