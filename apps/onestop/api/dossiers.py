"""API operations: dossiers pushed by another one-stop system (the integration API).

Create (= receive, through `services.dossiers.dossier_receive` with source "api"), read, and one
transition per call. Same permissions as the pages: a dossier the caller may not see is a 404; the
system administrator (an integration signs in with an API token) and the officers who may process
the dossier (or receive at the office) may write. Every write needs an `Idempotency-Key` header: the
answer is kept in `IntegrationCall` with the request's hash, so a retry answers the same and changes
nothing; the same key with another request is a 422. A stale version is a 409.
"""

import hashlib
import json
from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Status
from ninja.errors import HttpError

from apps.core.api_errors import error_responses
from apps.onestop.api import router
from apps.onestop.models import Dossier, IntegrationCall, Office, Procedure, Source
from apps.onestop.permissions import OnestopAction
from apps.onestop.schemas.dossiers import DossierIn, DossierOut, TransitionIn
from apps.onestop.selectors.imports import dossier_by_code_for_user, dossier_events, integration_call
from apps.onestop.services import dossiers as services
from apps.org.permissions import can

READ = error_responses(401, 403, 404)
WRITE = error_responses(400, 401, 403, 404, 409, 422)
KEY_HEADER = "Idempotency-Key"


def _out(dossier: Dossier) -> dict[str, Any]:
    dossier = Dossier.objects.select_related("procedure", "receiving_unit__onestop_office").get(pk=dossier.pk)
    office = getattr(dossier.receiving_unit, "onestop_office", None)
    data = {
        **{name: getattr(dossier, name) for name in DossierOut.model_fields if hasattr(dossier, name)},
        "procedure": dossier.procedure.code,
        "receiving_office": office.agency_code if office else "",
        "events": [
            {"kind": e.kind, "at": e.at, "state_after": e.state_after, "note": e.note, "data": e.data}
            for e in dossier_events(dossier)
        ],
    }
    return DossierOut.model_validate(data).model_dump(mode="json")


def _moment(value: datetime | None) -> datetime | None:
    if value is not None and timezone.is_naive(value):
        return timezone.make_aware(value)
    return value


def _idempotent(
    request: HttpRequest, operation: str, payload: dict[str, Any], run: Callable[[str], tuple[int, Dossier]]
) -> tuple[int, dict[str, Any]]:
    """Run `run(key)` once per Idempotency-Key; a retry gets the stored answer."""
    key = request.headers.get(KEY_HEADER, "").strip()
    if not key:
        raise HttpError(400, _("Send an Idempotency-Key header with every write."))
    if len(key) > 100 or not key.isprintable():
        raise HttpError(400, _("The Idempotency-Key must be at most 100 printable characters."))
    user: Any = request.user
    canonical = json.dumps(
        {"operation": operation, "user": user.pk, "body": payload}, sort_keys=True, default=str, ensure_ascii=False
    )
    request_hash = hashlib.sha256(canonical.encode()).hexdigest()

    def replay(call: IntegrationCall) -> tuple[int, dict[str, Any]]:
        if call.request_hash != request_hash:
            raise HttpError(422, _("This Idempotency-Key was already used for a different request."))
        return call.status_code, call.response

    call = integration_call(key)
    if call is not None:
        return replay(call)
    try:
        with transaction.atomic():
            status, dossier = run(key)
            answer = _out(dossier)
            IntegrationCall.objects.create(
                key=key, actor=user, operation=operation, request_hash=request_hash, status_code=status, response=answer
            )
    except IntegrityError:  # a retry raced this call and won: answer as it did
        call = integration_call(key)
        if call is None:
            raise HttpError(409, _("This Idempotency-Key is in use by another request; retry later.")) from None
        return replay(call)
    return status, answer


@router.post(
    "/dossiers/", response={201: DossierOut, 200: DossierOut, **WRITE}, summary="Receive a dossier (integration)"
)
def dossiers_create(request: HttpRequest, payload: DossierIn) -> Status[dict[str, Any]]:
    """Receive a dossier at a front office: it gets its code and appointment date here (201)."""
    user: Any = request.user
    if not (can(user, OnestopAction.IMPORT) or can(user, OnestopAction.RECEIVE)):
        raise PermissionDenied
    office = Office.objects.select_related("unit").filter(agency_code=payload.office, is_active=True).first()
    if office is None:
        raise ValidationError({"office": _("Unknown receiving office: %(value)s") % {"value": payload.office}})
    if not (can(user, OnestopAction.IMPORT) or can(user, OnestopAction.RECEIVE, office.unit)):
        raise PermissionDenied
    procedure = Procedure.objects.select_related("agency").filter(code=payload.procedure).first()
    if procedure is None:
        raise ValidationError({"procedure": _("Unknown procedure code: %(value)s") % {"value": payload.procedure}})

    def run(key: str) -> tuple[int, Dossier]:
        dossier = services.dossier_receive(
            actor=user,
            office_unit=office.unit,
            procedure=procedure,
            applicant_name=payload.applicant_name,
            applicant_phone=payload.applicant_phone,
            applicant_email=payload.applicant_email,
            applicant_address=payload.applicant_address,
            channel=payload.channel,
            result_delivery=payload.result_delivery,
            documents=[d.model_dump() for d in payload.documents],
            sets=payload.sets,
            received_at=_moment(payload.received_at),
            note=payload.note,
            source=Source.API,
            idempotency_key=key,
            flags={
                "paid_online": payload.paid_online,
                "digitised": payload.digitised,
                "synced": payload.synced,
                "result_electronic": payload.result_electronic,
            },
        )
        return 201, dossier

    return Status(*_idempotent(request, "dossiers_create", payload.model_dump(mode="json"), run))


@router.get("/dossiers/{code}", response={200: DossierOut, **READ}, summary="Get a dossier with its history")
def dossiers_get(request: HttpRequest, code: str) -> dict[str, Any]:
    return _out(dossier_by_code_for_user(user=request.user, code=code))


def _transition(user: Any, dossier: Dossier, payload: TransitionIn, key: str) -> Dossier:
    common: dict[str, Any] = {
        "actor": user,
        "dossier": dossier,
        "version": payload.version,
        "at": _moment(payload.at),
        "idempotency_key": key,
    }
    match payload.action:
        case "transfer":
            return services.dossier_transfer(**common, note=payload.note)
        case "request_supplement":
            return services.dossier_request_supplement(
                **common, reason=payload.reason, items=[d.model_dump() for d in payload.items]
            )
        case "receive_supplement":
            return services.dossier_receive_supplement(**common, note=payload.note)
        case "apologise":
            return services.dossier_apologise(
                **common, reason=payload.reason, new_date=payload.new_date, confirm_late=payload.confirm_late
            )
        case "refuse":
            return services.dossier_refuse(**common, reason=payload.reason)
        case "stop":
            return services.dossier_stop(**common, reason=payload.reason)
        case "resolve":
            return services.dossier_resolve(**common, note=payload.note)
        case "return":
            return services.dossier_return(
                **common, delivery=payload.delivery or dossier.result_delivery, note=payload.note
            )
        case _:  # "withdraw"
            return services.dossier_withdraw(**common, reason=payload.reason or payload.note)


@router.post(
    "/dossiers/{code}/transitions/", response={200: DossierOut, **WRITE}, summary="Move a dossier (integration)"
)
def dossiers_transition(request: HttpRequest, code: str, payload: TransitionIn) -> Status[dict[str, Any]]:
    """One step of the lifecycle: transfer, request_supplement, receive_supplement, apologise, refuse,
    stop, resolve, return or withdraw. The state machine refuses an illegal step (400)."""
    user = request.user
    dossier = dossier_by_code_for_user(user=user, code=code)
    if not (can(user, OnestopAction.PROCESS, dossier) or can(user, OnestopAction.IMPORT)):
        raise PermissionDenied
    status, answer = _idempotent(
        request,
        f"dossiers_transition:{dossier.code}",
        payload.model_dump(mode="json"),
        lambda key: (200, _transition(user, dossier, payload, key)),
    )
    return Status(status, answer)
