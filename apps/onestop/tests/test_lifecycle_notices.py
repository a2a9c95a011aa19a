"""Notifications along a dossier's life: officers when it arrives, the applicant by e-mail (when they
gave one), delivered by the outbox to an address without an account."""

from typing import Any

import pytest
from django.core import mail

from apps.core.models import Notification
from apps.core.notifications.outbox import send_pending
from apps.onestop.services import dossiers as svc
from apps.onestop.services import notices
from apps.onestop.tests.factories import local, receive

pytestmark = pytest.mark.django_db


def test_it_tells_the_resolving_unit_when_a_dossier_arrives(
    desk: Any, clerk_a: Any, office: Any, procedure: Any
) -> None:
    d = receive(desk, office, procedure, local(2026, 3, 2, 9))
    svc.dossier_transfer(actor=desk, dossier=d, version=d.version, at=local(2026, 3, 2, 10))
    arrived = Notification.objects.get(kind=notices.ARRIVED)
    assert list(arrived.deliveries.values_list("user_id", flat=True)) == [clerk_a.pk]
    assert arrived.context["code"] == d.code


def test_it_tells_the_front_office_when_the_result_is_ready(
    desk: Any, clerk_a: Any, office: Any, procedure: Any
) -> None:
    d = receive(desk, office, procedure, local(2026, 3, 2, 9))
    d = svc.dossier_transfer(actor=desk, dossier=d, version=d.version, at=local(2026, 3, 2, 10))
    svc.dossier_resolve(actor=clerk_a, dossier=d, version=d.version, at=local(2026, 3, 3, 10))
    last = Notification.objects.filter(kind=notices.ARRIVED).order_by("-pk").first()
    assert last is not None
    assert list(last.deliveries.values_list("user_id", flat=True)) == [desk.pk]


def test_it_e_mails_the_applicant_who_gave_an_address(
    desk: Any, clerk_a: Any, office: Any, procedure: Any, settings: Any
) -> None:
    settings.LANGUAGE_CODE = "vi"
    d = receive(desk, office, procedure, local(2026, 3, 2, 9), applicant_email="an@example.vn")
    d = svc.dossier_transfer(actor=desk, dossier=d, version=d.version, at=local(2026, 3, 2, 10))
    d = svc.dossier_request_supplement(
        actor=clerk_a,
        dossier=d,
        version=d.version,
        reason="Thiếu bản sao CCCD",
        items=[{"name": "Bản sao CCCD"}],
        at=local(2026, 3, 3, 9),
    )
    d = svc.dossier_receive_supplement(actor=desk, dossier=d, version=d.version, at=local(2026, 3, 4, 9))
    from datetime import date

    d = svc.dossier_apologise(
        actor=clerk_a,
        dossier=d,
        version=d.version,
        reason="Chờ xác minh",
        new_date=date(2026, 3, 31),
        at=local(2026, 3, 5, 9),
    )
    svc.dossier_resolve(actor=clerk_a, dossier=d, version=d.version, at=local(2026, 3, 6, 9))
    kinds = set(Notification.objects.exclude(email_to=[]).values_list("kind", flat=True))
    assert kinds == {
        notices.APPLICANT_RECEIVED,
        notices.APPLICANT_SUPPLEMENT,
        notices.APPLICANT_APOLOGY,
        notices.APPLICANT_RESULT,
    }
    mail.outbox.clear()
    send_pending()
    to_applicant = [m for m in mail.outbox if m.to == ["an@example.vn"]]
    assert len(to_applicant) == 4
    bodies = "\n".join(m.body for m in to_applicant)
    assert d.code in bodies and "Bản sao CCCD" in bodies and "Chờ xác minh" in bodies and "31/03/2026" in bodies
    mail.outbox.clear()
    send_pending()  # delivered once
    assert not [m for m in mail.outbox if m.to == ["an@example.vn"]]


def test_it_writes_nothing_for_an_applicant_without_an_e_mail(desk: Any, office: Any, procedure: Any) -> None:
    receive(desk, office, procedure, local(2026, 3, 2, 9))
    assert not Notification.objects.exclude(email_to=[]).exists()
