"""Every transition of a dossier's lifecycle, each one unit of work through `_Change`."""

from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.actors import Actor
from apps.core.audit import audit_record, snapshot
from apps.core.concurrency import check_version, locked
from apps.core.workdays import get_calendar
from apps.onestop import engine
from apps.onestop.engine import Action, IllegalTransition
from apps.onestop.models import (
    Dossier,
    DossierState,
    DossierStep,
    EventKind,
    ResultDelivery,
    Timing,
)
from apps.onestop.services import notices, rollups
from apps.onestop.services.dossiers._common import AUDITED, _documents, _event, _text, refuse


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
