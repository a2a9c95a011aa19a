"""Receipt: the gap-free daily number, the code, the appointment date (15:00 cut-off), form 01's data."""

import secrets
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.actors import Actor
from apps.core.audit import audit_record, snapshot
from apps.core.text import search_document
from apps.core.workdays import get_calendar
from apps.onestop import engine
from apps.onestop.models import (
    Channel,
    DailyCounter,
    Dossier,
    DossierStep,
    EventKind,
    Office,
    OnlineMode,
    Procedure,
    ResultDelivery,
    Source,
)
from apps.onestop.services import notices, rollups
from apps.onestop.services.dossiers._common import AUDITED, _documents, _event, _text, normalise_phone, refuse


def next_number(agency_code: str, day: date) -> int:
    """The next daily number at one office: gap-free and distinct under concurrent receipts.

    The counter row is locked for the rest of the caller's transaction, so concurrent receipts queue;
    a receipt that rolls back gives its number back with it."""
    for _attempt in range(3):
        try:
            with transaction.atomic():
                counter, _created = DailyCounter.objects.select_for_update().get_or_create(
                    agency_code=agency_code, day=day
                )
            break
        except IntegrityError:  # created at the same instant by another receipt: lock the row it made
            continue
    else:  # pragma: no cover - three collisions in a row
        raise RuntimeError("could not allocate a dossier number")
    counter = DailyCounter.objects.select_for_update().get(pk=counter.pk)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


@transaction.atomic
def dossier_receive(
    *,
    actor: Actor,
    office_unit: Any,
    procedure: Procedure,
    applicant_name: str,
    applicant_phone: str = "",
    applicant_email: str = "",
    applicant_address: str = "",
    channel: str = Channel.IN_PERSON,
    result_delivery: str = ResultDelivery.COUNTER,
    documents: list[dict[str, Any]] | None = None,
    sets: int = 1,
    resolving_unit: Any = None,
    received_at: datetime | None = None,
    note: str = "",
    source: str = Source.COUNTER,
    idempotency_key: str = "",
    flags: dict[str, bool] | None = None,
) -> Dossier:
    """Receive a dossier at a front office: its code, its appointment date (15:00 cut-off), form 01."""
    office = Office.objects.filter(unit=office_unit, is_active=True).first()
    if office is None:
        refuse(_("This unit is not a front office that receives dossiers."), "office")
    if not procedure.is_active:
        refuse(_("This procedure is no longer in force."), "procedure")
    name = _text(applicant_name, _("The applicant's name"), "applicant_name", required=True, limit=200)
    phone = normalise_phone(applicant_phone)
    email = (applicant_email or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            refuse(_("Enter a valid e-mail address."), "applicant_email")
    address = _text(applicant_address, _("The address"), "applicant_address", limit=300)
    if channel not in Channel.values:
        refuse(_("Choose how the dossier was handed in."), "channel")
    if result_delivery not in ResultDelivery.values:
        refuse(_("Choose how the result is returned."), "result_delivery")
    if channel == Channel.ONLINE and procedure.online_mode == OnlineMode.NONE:
        refuse(_("This procedure is not offered online."), "channel")
    if Channel.POSTAL in (channel, result_delivery) and not procedure.postal_allowed:
        refuse(_("This procedure cannot go through the postal service."), "channel")
    if not 1 <= sets <= 99:
        refuse(_("The number of sets must be between 1 and 99."), "sets")
    docs = _documents(documents or [])
    resolver = resolving_unit or procedure.agency or office.unit

    calendar = get_calendar()
    moment = received_at or timezone.now()
    start_day, deadline = engine.first_deadline(calendar, moment, procedure.time_limit_days)
    local_day = calendar.local(moment).date()
    seq = next_number(office.agency_code, local_day)
    code = engine.format_code(office.code_pattern, agency=office.agency_code, day=local_day, seq=seq)
    flags = flags or {}
    dossier = Dossier(
        code=code,
        procedure=procedure,
        receiving_unit=office.unit,
        resolving_unit=resolver,
        current_unit=office.unit,
        channel=channel,
        result_delivery=result_delivery,
        applicant_name=name,
        applicant_phone=phone,
        applicant_email=email,
        applicant_address=address,
        pin="" if phone else f"{secrets.randbelow(10**6):06d}",
        documents=docs,
        sets=sets,
        received_at=moment,
        start_day=start_day,
        due_date=deadline,
        original_due_date=deadline,
        source=source,
        search_text=search_document(code, name, phone),
        paid_online=bool(flags.get("paid_online")),
        digitised=bool(flags.get("digitised")),
        synced=bool(flags.get("synced")),
        result_electronic=bool(flags.get("result_electronic")),
    )
    dossier.full_clean(exclude=["procedure", "receiving_unit", "resolving_unit", "current_unit"])
    dossier.save(force_insert=True)
    DossierStep.objects.bulk_create(
        DossierStep(dossier=dossier, order=step.order, unit_id=step.agency_id, days=step.days)
        for step in procedure.steps.all()
    )
    _event(
        dossier,
        EventKind.RECEIVE,
        actor=actor,
        at=moment,
        note=_text(note, _("Note"), "note"),
        idempotency_key=idempotency_key,
        unit_id=office.unit_id,
    )
    audit_record(
        actor=actor,
        action="onestop.dossier.receive",
        obj=dossier,
        unit_id=resolver.pk,
        after=snapshot(dossier, ["code", "procedure", *AUDITED]),
    )
    notices.dossier_event(dossier, EventKind.RECEIVE)
    rollups.dossier_changed(set(), dossier)
    return dossier
