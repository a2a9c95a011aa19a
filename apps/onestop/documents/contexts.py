"""The context of each standard form (Circular 03/2025/TT-VPCP, Appendix I): plain strings and lists,
the same for the print page and the Word file. Fields follow what provincial systems print under
the 2018 forms (domain.md section 3) until the 2025 annex is checked.

01-06 take a dossier (02-05 its last event of the kind; `FormUnavailable` when it has none);
07 takes a unit and a period.
"""

from datetime import date
from typing import Any

from django.utils import timezone

from apps.onestop.documents.common import (
    CHANNEL_NAMES,
    DELIVERY_NAMES,
    KIND_NAMES,
    TIMING_NAMES,
    dmy,
    header,
    lookup_url,
    moment,
    receipt_slots,
)
from apps.onestop.models import Dossier, DossierEvent, EventKind
from apps.org.models import Unit


class FormUnavailable(LookupError):
    """The dossier has no event this form prints (no supplement request for form 02...)."""


def _person(user: Any) -> str:
    return (user.get_full_name() if user is not None else "") or ""


def _base(dossier: Dossier, unit: Unit | None, day: date | None) -> dict[str, Any]:
    return {
        **header(unit, day),
        "code": dossier.code,
        "applicant_name": dossier.applicant_name,
        "applicant_address": dossier.applicant_address,
        "applicant_phone": dossier.applicant_phone,
        "applicant_email": dossier.applicant_email,
        "request": dossier.procedure.name,
        "procedure_code": dossier.procedure.code,
        "received_date": dmy(dossier.received_at),
        "received_time": moment(dossier.received_at),
        "appointment_date": dmy(dossier.due_date),
        "receiving_unit": dossier.receiving_unit.name,
        "resolving_unit": dossier.resolving_unit.name,
    }


def _last_event(dossier: Dossier, kind: str) -> DossierEvent:
    event = (
        DossierEvent.objects.filter(dossier=dossier, kind=kind)
        .select_related("actor", "unit")
        .order_by("-at", "-pk")
        .first()
    )
    if event is None:
        raise FormUnavailable(kind)
    return event


def form01(dossier: Dossier) -> dict[str, Any]:
    """Giấy tiếp nhận hồ sơ và hẹn trả kết quả: two copies (kept, given to the applicant)."""
    received = DossierEvent.objects.filter(dossier=dossier, kind=EventKind.RECEIVE).select_related("actor").first()
    components = [
        {
            "no": str(i),
            "name": str(item.get("name", "")),
            "kind": KIND_NAMES.get(item.get("kind", ""), ""),
            "quantity": str(item.get("quantity", "")),
        }
        for i, item in enumerate(dossier.documents or [], start=1)
        if isinstance(item, dict)
    ]
    seq = dossier.code.rsplit("-", 1)[-1]
    place = DELIVERY_NAMES.get(dossier.result_delivery, "")
    if dossier.result_delivery == "counter":
        place = f"Nhận trực tiếp tại {dossier.receiving_unit.name}"
    return {
        **_base(dossier, dossier.receiving_unit, timezone.localtime(dossier.received_at).date()),
        "copies": [{"label": "Lưu"}, {"label": "Giao khách hàng"}],
        "components": components,
        "sets": str(dossier.sets),
        "time_limit": str(dossier.procedure.time_limit_days),
        "result_place": place,
        "channel": CHANNEL_NAMES.get(dossier.channel, ""),
        "fees": dossier.procedure.fees or "Không",
        "entry_number": seq.lstrip("0") or seq,
        "receiver_name": _person(received.actor if received else None),
        "lookup_url": lookup_url(dossier.code),
        "slots": receipt_slots(dossier),
    }


def form02(dossier: Dossier) -> dict[str, Any]:
    """Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ: the last request's items and reason."""
    event = _last_event(dossier, EventKind.SUPPLEMENT_REQUEST)
    items = []
    for i, item in enumerate(event.data.get("items", []), start=1):
        quantity, kind = str(item.get("quantity", 1)), item.get("kind", "original")
        items.append(
            {
                "no": str(i),
                "name": item.get("name", ""),
                "original": quantity if kind == "original" else "",
                "certified_copy": quantity if kind == "certified_copy" else "",
                "copy": quantity if kind == "copy" else "",
            }
        )
    return {
        **_base(dossier, event.unit, timezone.localtime(event.at).date()),
        "items": items,
        "reason": event.note,
        "request_number": str(event.data.get("count", 1)),
        "guidance_place": dossier.receiving_unit.name,
        "officer_name": _person(event.actor),
        "issued_date": dmy(event.at),
    }


def _closing(dossier: Dossier, kind: str) -> dict[str, Any]:
    event = _last_event(dossier, kind)
    return {
        **_base(dossier, event.unit, timezone.localtime(event.at).date()),
        "reason": event.note,
        "officer_name": _person(event.actor),
        "issued_date": dmy(event.at),
        "issuing_unit": event.unit.name if event.unit else "",
    }


def form03(dossier: Dossier) -> dict[str, Any]:
    """Phiếu từ chối tiếp nhận giải quyết hồ sơ: the refusal's reason."""
    return _closing(dossier, EventKind.REFUSE)


def form04(dossier: Dossier) -> dict[str, Any]:
    """Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết: previous and new date, reason."""
    event = _last_event(dossier, EventKind.APOLOGISE)
    previous = event.data.get("previous_date")
    new = event.data.get("new_date")
    return {
        **_base(dossier, event.unit, timezone.localtime(event.at).date()),
        "reason": event.note,
        "previous_date": dmy(date.fromisoformat(previous)) if previous else "",
        "new_date": dmy(date.fromisoformat(new)) if new else "",
        "officer_name": _person(event.actor),
        "issued_date": dmy(event.at),
        "issuing_unit": event.unit.name if event.unit else "",
    }


def form05(dossier: Dossier) -> dict[str, Any]:
    """Thông báo dừng giải quyết hồ sơ: the reason."""
    return _closing(dossier, EventKind.STOP)


HANDOVER_KINDS = (EventKind.TRANSFER, EventKind.RESOLVE, EventKind.RETURN)


def form06(dossier: Dossier) -> dict[str, Any]:
    """Phiếu kiểm soát quá trình giải quyết hồ sơ: each hand-over (giver, receiver, when) and the
    result of the step it ends (early / on time / late, against the step's own deadline)."""
    events = list(
        DossierEvent.objects.filter(dossier=dossier, kind__in=HANDOVER_KINDS)
        .select_related("unit")
        .order_by("at", "pk")
    )
    steps = {step.finished_at: step for step in dossier.steps.select_related("unit") if step.finished_at}
    names = _unit_names(dossier, events)
    holder = dossier.receiving_unit_id
    rows: list[dict[str, str]] = []
    for event in events:
        if event.kind == EventKind.TRANSFER:
            giver, receiver = event.data.get("from_unit", holder), event.data.get("to_unit")
            giver_name, receiver_name = names.get(giver, ""), names.get(receiver, "")
            holder = receiver
        elif event.kind == EventKind.RESOLVE:
            giver_name, receiver_name = names.get(holder, ""), dossier.receiving_unit.name
            holder = dossier.receiving_unit_id
        else:
            giver_name, receiver_name = dossier.receiving_unit.name, "Tổ chức, cá nhân"
        step = steps.get(event.at)
        timing = step.timing if step else (event.data.get("timing", "") if event.kind == EventKind.RESOLVE else "")
        rows.append(
            {
                "no": str(len(rows) + 1),
                "giver": giver_name,
                "receiver": receiver_name,
                "handed_at": moment(event.at),
                "result": TIMING_NAMES.get(timing, ""),
                "note": event.note,
            }
        )
    return {**_base(dossier, dossier.receiving_unit, None), "rows": rows}


def _unit_names(dossier: Dossier, events: list[DossierEvent]) -> dict[Any, str]:
    ids = {dossier.receiving_unit_id, dossier.resolving_unit_id}
    for event in events:
        ids |= {event.data.get("from_unit"), event.data.get("to_unit")}
    return dict(Unit.objects.filter(pk__in={i for i in ids if i}).values_list("pk", "name"))


REGISTER_LIMIT = 5000


def form07(unit: Unit, start: date, end: date, dossiers: list[Dossier]) -> dict[str, Any]:
    """Sổ theo dõi hồ sơ: one row per dossier the unit received in the period (given, in order)."""
    rows = [
        {
            "no": str(i),
            "code": d.code,
            "procedure": d.procedure.name,
            "applicant_name": d.applicant_name,
            "address_phone": ", ".join(part for part in (d.applicant_address, d.applicant_phone) if part),
            "lead_agency": d.resolving_unit.name,
            "received_date": dmy(d.received_at),
            "appointment_date": dmy(d.due_date),
            "returned_date": dmy(d.returned_at),
            "delivery": DELIVERY_NAMES.get(d.result_delivery, "") if d.returned_at else "",
        }
        for i, d in enumerate(dossiers, start=1)
    ]
    return {
        **header(unit, timezone.localdate()),
        "unit_name": unit.name,
        "period_from": dmy(start),
        "period_to": dmy(end),
        "rows": rows,
        "count": str(len(rows)),
    }
