"""Who is told what along a dossier's life, through the platform outbox (apps.core.notifications).

Called by each service of apps.onestop.services.dossiers inside its transaction (rows written with the
change, delivered after the commit). Dedupe keys carry the dossier's version, so a service that runs
twice notifies once.

    received            the applicant, by e-mail, when they gave one (code and appointment)
    transferred         the officers of the unit that now holds it
    supplement request  the applicant (what is missing and why)
    apology             the applicant (the reason and the new date)
    resolved            the front office's officers (to return it) and the applicant (result ready)
    due soon, overdue   the officers of the unit holding it (apps.onestop.management.commands.onestop_sweep)
"""

from datetime import date
from typing import Any

from django.urls import reverse

from apps.core.notifications import notify
from apps.onestop.models import EventKind
from apps.org.models import Role
from apps.org.selectors import unit_contacts

OFFICERS = (Role.ONESTOP_OFFICER, Role.RESOLVING_OFFICER)

ARRIVED = "onestop.dossier_arrived"
DUE_SOON = "onestop.dossier_due_soon"
OVERDUE = "onestop.dossier_overdue"
APPLICANT_RECEIVED = "onestop.applicant_received"
APPLICANT_SUPPLEMENT = "onestop.applicant_supplement"
APPLICANT_APOLOGY = "onestop.applicant_apology"
APPLICANT_RESULT = "onestop.applicant_result"

_TO_APPLICANT = {
    EventKind.RECEIVE: APPLICANT_RECEIVED,
    EventKind.SUPPLEMENT_REQUEST: APPLICANT_SUPPLEMENT,
    EventKind.APOLOGISE: APPLICANT_APOLOGY,
    EventKind.RESOLVE: APPLICANT_RESULT,
}


def _context(dossier: Any, **extra: Any) -> dict[str, Any]:
    return {
        "code": dossier.code,
        "procedure": dossier.procedure.name,
        "due_date": dossier.due_date.isoformat(),
        "office": dossier.receiving_unit.name,
        **extra,
    }


def officers_of(unit_id: int) -> list[Any]:
    return unit_contacts(unit_ids=[unit_id], roles=OFFICERS).get(unit_id, [])


def _tell_holders(dossier: Any, kind: str, dedupe_key: str, **extra: Any) -> bool:
    return (
        notify(
            kind=kind,
            dedupe_key=dedupe_key,
            recipients=officers_of(dossier.current_unit_id),
            context=_context(
                dossier,
                url=reverse("onestop:dossier_detail", args=[dossier.pk]),
                unit=dossier.current_unit.name,
                **extra,
            ),
            unit_id=dossier.current_unit_id,
        )
        is not None
    )


def _last_event(dossier: Any, kind: str) -> Any:
    return dossier.events.filter(kind=kind).order_by("-at", "-pk").first()


def dossier_event(dossier: Any, kind: str) -> None:
    """Called in the transaction of each transition: tell the applicant (when they gave an e-mail)
    and the officers concerned. `kind` is an EventKind value."""
    if kind in (EventKind.TRANSFER, EventKind.RESOLVE):
        _tell_holders(dossier, ARRIVED, f"{ARRIVED}:{dossier.pk}:{dossier.version}", event=str(kind))
    applicant_kind = _TO_APPLICANT.get(EventKind(kind)) if kind in EventKind.values else None
    if applicant_kind is None or not dossier.applicant_email:
        return
    extra: dict[str, Any] = {}
    if kind in (EventKind.SUPPLEMENT_REQUEST, EventKind.APOLOGISE):
        event = _last_event(dossier, kind)
        if event is not None:
            extra["reason"] = event.note
            extra["items"] = [item.get("name", "") for item in event.data.get("items", [])]
    notify(
        kind=applicant_kind,
        dedupe_key=f"{applicant_kind}:{dossier.pk}:{dossier.version}",
        recipients=[],
        email_to=[dossier.applicant_email],
        context=_context(dossier, applicant=dossier.applicant_name, **extra),
        unit_id=dossier.resolving_unit_id,
    )


def dossier_due(dossier: Any, *, overdue: bool, today: date) -> bool:
    """The sweep's reminder to the unit holding the dossier: once per dossier, kind and day.
    True when a notification was written (False when it already was today, or nobody to tell)."""
    kind = OVERDUE if overdue else DUE_SOON
    return _tell_holders(dossier, kind, f"{kind}:{dossier.pk}:{today.isoformat()}")
