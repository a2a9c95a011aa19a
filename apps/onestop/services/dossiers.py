"""Dossier writes: receipt (with its code and appointment) and every transition of its lifecycle.

Each function is one unit of work: atomic, the dossier locked and its version checked, an event
(the dossier's history) and an audit record written in the same transaction, the rollups recounted.
Bulk imports write through `apps.onestop.services.imports`, not through here.
"""

import re
import secrets
from datetime import date, datetime
from typing import Any, NoReturn

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.actors import Actor
from apps.core.audit import audit_record, snapshot
from apps.core.concurrency import check_version, locked
from apps.core.text import search_document
from apps.core.workdays import get_calendar
from apps.onestop import engine
from apps.onestop.engine import Action, IllegalTransition
from apps.onestop.models import (
    Channel,
    DailyCounter,
    Dossier,
    DossierEvent,
    DossierState,
    DossierStep,
    EventKind,
    Office,
    OnlineMode,
    Procedure,
    ResultDelivery,
    Source,
    Timing,
)
from apps.onestop.services import notices, rollups

TEXT_MAX = 5000
AUDITED = [
    "state",
    "current_unit",
    "due_date",
    "original_due_date",
    "supplement_count",
    "paused_days",
    "timing",
    "resolved_at",
    "returned_at",
    "finished_at",
]
_PHONE = re.compile(r"^\+?[0-9][0-9 .-]{7,18}[0-9]$")


def refuse(message: str, field: str | None = None, code: str = "invalid") -> NoReturn:
    raise ValidationError({field: message} if field else message, code=code)


def _text(value: str, label: str, field: str, *, required: bool = False, limit: int = TEXT_MAX) -> str:
    text = (value or "").strip()
    if "\x00" in text:
        refuse(_("Null characters are not allowed."), field)
    if required and not text:
        refuse(_("%(label)s is required.") % {"label": label}, field, "required")
    if len(text) > limit:
        refuse(
            _("%(label)s is too long (%(length)d characters); the limit is %(max)d.")
            % {"label": label, "length": len(text), "max": limit},
            field,
            "too_long",
        )
    return text


def normalise_phone(value: str) -> str:
    """Digits only ("+84 912.345.678" -> "84912345678"); refused when it is not a phone number."""
    text = (value or "").strip()
    if not text:
        return ""
    if not _PHONE.match(text):
        refuse(_("Enter a phone number of 9 to 12 digits, e.g. 0912 345 678."), "applicant_phone")
    digits = re.sub(r"\D", "", text)
    if not 9 <= len(digits) <= 12:
        refuse(_("Enter a phone number of 9 to 12 digits, e.g. 0912 345 678."), "applicant_phone")
    return digits


def _event(
    dossier: Dossier,
    kind: str,
    *,
    actor: Actor,
    at: datetime,
    note: str = "",
    data: dict[str, Any] | None = None,
    idempotency_key: str = "",
    unit_id: int | None = None,
) -> DossierEvent:
    is_user = getattr(actor, "is_authenticated", False)
    return DossierEvent.objects.create(
        dossier=dossier,
        kind=kind,
        at=at,
        actor_id=getattr(actor, "pk", None) if is_user else None,
        actor_label=(actor.get_username() if is_user else str(actor))[:150],
        unit_id=unit_id or dossier.current_unit_id,
        state_after=dossier.state,
        note=note,
        data=data or {},
        idempotency_key=idempotency_key,
    )


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


def _documents(documents: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The documents received: name, original or copy, quantity."""
    cleaned = []
    for item in documents[:100]:
        name = _text(str(item.get("name", "")), _("The document's name"), "documents", limit=300)
        if not name:
            continue
        kind = item.get("kind", "original")
        if kind not in ("original", "certified_copy", "copy"):
            refuse(_("Choose original, certified copy or copy for each document."), "documents")
        try:
            quantity = int(item.get("quantity", 1))
        except (TypeError, ValueError):
            refuse(_("The quantity of each document must be a whole number."), "documents")
        if not 1 <= quantity <= 99:
            refuse(_("The quantity of each document must be between 1 and 99."), "documents")
        cleaned.append({"name": name, "kind": kind, "quantity": quantity})
    return cleaned


# --- transitions -------------------------------------------------------------------------------


class _Change:
    """One transition in the making: the locked dossier, what it was, the moment."""

    def __init__(self, dossier: Dossier, version: int | str | None, action: Action, at: datetime | None) -> None:
        self.dossier = locked(Dossier, dossier.pk)
        check_version(self.dossier, version, _("dossier"))
        self.before_keys = rollups.keys_of(self.dossier)
        self.before = snapshot(self.dossier, AUDITED)
        self.action = action
        self.at = at or timezone.now()
        self.calendar = get_calendar()
        try:
            self.target = engine.next_state(self.dossier.state, action)
        except IllegalTransition:
            refuse(
                _("A dossier that is “%(state)s” cannot be given this action: %(action)s.")
                % {"state": self.dossier.get_state_display(), "action": engine.TRANSITIONS[action].label}
            )
        if self.at < self.dossier.received_at:
            refuse(_("This happens before the dossier was received."), "at")

    def finish(
        self,
        *,
        actor: Actor,
        kind: str,
        fields: list[str],
        note: str = "",
        data: dict[str, Any] | None = None,
        idempotency_key: str = "",
    ) -> Dossier:
        d = self.dossier
        d.state = self.target
        d.version += 1
        d.save(update_fields=sorted({*fields, "state", "version", "updated_at"}))
        _event(d, kind, actor=actor, at=self.at, note=note, data=data, idempotency_key=idempotency_key)
        audit_record(
            actor=actor,
            action=f"onestop.dossier.{self.action.value}",
            obj=d,
            unit_id=d.resolving_unit_id,
            before=self.before,
            after=snapshot(d, AUDITED),
        )
        notices.dossier_event(d, kind)
        rollups.dossier_changed(self.before_keys, d)
        return d


def _current_step(dossier: Dossier) -> DossierStep | None:
    return dossier.steps.filter(started_at__isnull=False, finished_at__isnull=True).order_by("order").first()


def _finish_step(change: _Change) -> None:
    step = _current_step(change.dossier)
    if step is None:
        return
    step.finished_at = change.at
    day = change.calendar.local(change.at).date()
    due = step.due_date or day
    step.timing = Timing.EARLY if day < due else (Timing.ON_TIME if day == due else Timing.LATE)
    step.save(update_fields=["finished_at", "timing"])


@transaction.atomic
def dossier_transfer(
    *,
    actor: Actor,
    dossier: Dossier,
    version: int | str | None,
    note: str = "",
    at: datetime | None = None,
    idempotency_key: str = "",
) -> Dossier:
    """Hand the dossier on: to the resolving agency, or to the next agency of an inter-agency dossier
    (the step it leaves is judged against its own deadline)."""
    change = _Change(dossier, version, Action.TRANSFER, at)
    d = change.dossier
    next_step = d.steps.filter(started_at__isnull=True).order_by("order").first()
    data: dict[str, Any] = {"from_unit": d.current_unit_id}
    if next_step is not None:
        _finish_step(change)
        next_step.started_at = change.at
        next_step.due_date = change.calendar.add_working_days(change.at, next_step.days)
        next_step.save(update_fields=["started_at", "due_date"])
        d.current_unit_id = next_step.unit_id
        data.update(step=next_step.order, step_due=next_step.due_date.isoformat())
    elif d.state == DossierState.RECEIVED:
        d.current_unit_id = d.resolving_unit_id
    else:
        refuse(_("This dossier has no further agency to go to; resolve it instead."))
    data["to_unit"] = d.current_unit_id
    note = _text(note, _("Note"), "note")
    return change.finish(
        actor=actor,
        kind=EventKind.TRANSFER,
        fields=["current_unit"],
        note=note,
        data=data,
        idempotency_key=idempotency_key,
    )


@transaction.atomic
def dossier_request_supplement(
    *,
    actor: Actor,
    dossier: Dossier,
    version: int | str | None,
    reason: str,
    items: list[dict[str, Any]] | None = None,
    at: datetime | None = None,
    idempotency_key: str = "",
) -> Dossier:
    """Form 02: ask for missing documents; the clock stops until they arrive. A second request is
    recorded and makes the dossier late in the index."""
    change = _Change(dossier, version, Action.REQUEST_SUPPLEMENT, at)
    d = change.dossier
    reason = _text(reason, _("The reason"), "reason", required=True)
    d.supplement_count += 1
    d.paused_since = change.at
    data = {"items": _documents(items or []), "count": d.supplement_count}
    return change.finish(
        actor=actor,
        kind=EventKind.SUPPLEMENT_REQUEST,
        fields=["supplement_count", "paused_since"],
        note=reason,
        data=data,
        idempotency_key=idempotency_key,
    )


@transaction.atomic
def dossier_receive_supplement(
    *,
    actor: Actor,
    dossier: Dossier,
    version: int | str | None,
    note: str = "",
    at: datetime | None = None,
    idempotency_key: str = "",
) -> Dossier:
    """The documents arrived: the working days waited move the deadline, the appointment and the step."""
    change = _Change(dossier, version, Action.RECEIVE_SUPPLEMENT, at)
    d = change.dossier
    paused_since = d.paused_since or change.at
    pause = engine.deadline_after_pause(
        change.calendar,
        paused_since=paused_since,
        resumed_at=change.at,
        deadline=d.original_due_date,
        appointment=d.due_date,
    )
    d.paused_days += pause.days
    d.original_due_date, d.due_date = pause.deadline, pause.appointment
    d.paused_since = None
    step = _current_step(d)
    if step is not None and step.due_date is not None:
        step.due_date = change.calendar.nth_working_day_after(step.due_date, pause.days)
        step.save(update_fields=["due_date"])
    return change.finish(
        actor=actor,
        kind=EventKind.SUPPLEMENT_RECEIVE,
        fields=["paused_days", "original_due_date", "due_date", "paused_since"],
        note=_text(note, _("Note"), "note"),
        data={"paused_days": pause.days},
        idempotency_key=idempotency_key,
    )


@transaction.atomic
def dossier_apologise(
    *,
    actor: Actor,
    dossier: Dossier,
    version: int | str | None,
    reason: str,
    new_date: date | None,
    confirm_late: bool = False,
    at: datetime | None = None,
    idempotency_key: str = "",
) -> Dossier:
    """Form 04: the reason for the delay and a new date, once. Issued less than one working day before
    the appointment it is refused unless `confirm_late` (the page asks first)."""
    change = _Change(dossier, version, Action.APOLOGISE, at)
    d = change.dossier
    if d.apologised_at is not None:
        refuse(_("An apology with a new date was already issued for this dossier; it may be issued only once."))
    reason = _text(reason, _("The reason for the delay"), "reason", required=True)
    if new_date is None:
        refuse(_("Enter the new appointment date."), "new_date")
    if new_date <= d.due_date:
        refuse(_("The new date must come after the current appointment date."), "new_date")
    if not confirm_late and engine.apology_is_late(change.calendar, now=change.at, deadline=d.due_date):
        refuse(
            _(
                "The apology should reach the front office at least one working day before the appointment date. "
                "Confirm to issue it anyway."
            ),
            "confirm_late",
            "apology_late",
        )
    data = {"previous_date": d.due_date.isoformat(), "new_date": new_date.isoformat()}
    d.apologised_at, d.apology_reason, d.due_date = change.at, reason, new_date
    return change.finish(
        actor=actor,
        kind=EventKind.APOLOGISE,
        fields=["apologised_at", "apology_reason", "due_date"],
        note=reason,
        data=data,
        idempotency_key=idempotency_key,
    )


def _close(
    action: Action,
    kind: str,
    *,
    actor: Actor,
    dossier: Dossier,
    version: int | str | None,
    reason: str,
    reason_required: bool,
    at: datetime | None,
    idempotency_key: str,
) -> Dossier:
    change = _Change(dossier, version, action, at)
    d = change.dossier
    text = _text(reason, _("The reason"), "reason", required=reason_required)
    _finish_step(change)
    d.finished_at, d.paused_since = change.at, None
    return change.finish(
        actor=actor, kind=kind, fields=["finished_at", "paused_since"], note=text, idempotency_key=idempotency_key
    )


@transaction.atomic
def dossier_refuse(
    *,
    actor: Actor,
    dossier: Dossier,
    version: int | str | None,
    reason: str,
    at: datetime | None = None,
    idempotency_key: str = "",
) -> Dossier:
    """Form 03: refuse the dossier, with the reason."""
    return _close(
        Action.REFUSE,
        EventKind.REFUSE,
        actor=actor,
        dossier=dossier,
        version=version,
        reason=reason,
        reason_required=True,
        at=at,
        idempotency_key=idempotency_key,
    )


@transaction.atomic
def dossier_stop(
    *,
    actor: Actor,
    dossier: Dossier,
    version: int | str | None,
    reason: str,
    at: datetime | None = None,
    idempotency_key: str = "",
) -> Dossier:
    """Form 05: stop resolving the dossier, with the reason."""
    return _close(
        Action.STOP,
        EventKind.STOP,
        actor=actor,
        dossier=dossier,
        version=version,
        reason=reason,
        reason_required=True,
        at=at,
        idempotency_key=idempotency_key,
    )


@transaction.atomic
def dossier_withdraw(
    *,
    actor: Actor,
    dossier: Dossier,
    version: int | str | None,
    reason: str = "",
    at: datetime | None = None,
    idempotency_key: str = "",
) -> Dossier:
    """The applicant takes the dossier back."""
    return _close(
        Action.WITHDRAW,
        EventKind.WITHDRAW,
        actor=actor,
        dossier=dossier,
        version=version,
        reason=reason,
        reason_required=False,
        at=at,
        idempotency_key=idempotency_key,
    )


@transaction.atomic
def dossier_resolve(
    *,
    actor: Actor,
    dossier: Dossier,
    version: int | str | None,
    note: str = "",
    at: datetime | None = None,
    idempotency_key: str = "",
) -> Dossier:
    """The result is ready: judged early, on time or late; the dossier goes back to the front office."""
    change = _Change(dossier, version, Action.RESOLVE, at)
    d = change.dossier
    _finish_step(change)
    d.resolved_at = change.at
    d.timing = engine.timing_of(
        change.calendar, resolved_at=change.at, deadline=d.original_due_date, supplement_count=d.supplement_count
    )
    d.resolution_days = engine.resolution_days(
        change.calendar, start_day=d.start_day, resolved_at=change.at, paused_days=d.paused_days
    )
    d.current_unit_id = d.receiving_unit_id
    return change.finish(
        actor=actor,
        kind=EventKind.RESOLVE,
        fields=["resolved_at", "timing", "resolution_days", "current_unit"],
        note=_text(note, _("Note"), "note"),
        data={"timing": d.timing},
        idempotency_key=idempotency_key,
    )


@transaction.atomic
def dossier_return(
    *,
    actor: Actor,
    dossier: Dossier,
    version: int | str | None,
    delivery: str,
    note: str = "",
    at: datetime | None = None,
    idempotency_key: str = "",
) -> Dossier:
    """The result handed back: at the counter, by post or online."""
    change = _Change(dossier, version, Action.RETURN, at)
    d = change.dossier
    if delivery not in ResultDelivery.values:
        refuse(_("Choose how the result was returned."), "delivery")
    d.result_delivery, d.returned_at, d.finished_at = delivery, change.at, change.at
    return change.finish(
        actor=actor,
        kind=EventKind.RETURN,
        fields=["result_delivery", "returned_at", "finished_at"],
        note=_text(note, _("Note"), "note"),
        data={"delivery": delivery},
        idempotency_key=idempotency_key,
    )
