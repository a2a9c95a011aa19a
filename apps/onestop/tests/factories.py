"""Builders for one-stop tests: an office, a procedure, a dossier received through the service."""

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from apps.onestop.models import Dossier, Office, OnlineMode, Procedure, ProcedureStep
from apps.onestop.services.dossiers import dossier_receive

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def local(*args: int) -> datetime:
    """A moment in Vietnam: local(2026, 2, 13, 14, 59)."""
    return datetime(*args, tzinfo=TZ)  # type: ignore[misc]


def make_office(unit: Any, agency_code: str) -> Office:
    return Office.objects.create(unit=unit, agency_code=agency_code)


_counter = iter(range(1, 10**6))


def make_procedure(
    *,
    agency: Any = None,
    code: str = "",
    name: str = "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam",
    field: str = "Lý lịch tư pháp",
    days: int = 10,
    online_mode: str = OnlineMode.FULL,
    postal_allowed: bool = True,
    steps: list[tuple[Any, int]] | None = None,
) -> Procedure:
    from apps.core.text import search_document

    code = code or f"2.{next(_counter):06d}"
    procedure = Procedure.objects.create(
        code=code,
        name=name,
        field=field,
        agency=agency,
        time_limit_days=days,
        online_mode=online_mode,
        postal_allowed=postal_allowed,
        search_text=search_document(code, name, field),
    )
    for order, (unit, step_days) in enumerate(steps or [], start=1):
        ProcedureStep.objects.create(procedure=procedure, order=order, agency=unit, days=step_days)
    return procedure


def receive(actor: Any, office: Office, procedure: Procedure, at: datetime | None = None, **kwargs: Any) -> Dossier:
    """A dossier received at `office` (in person unless said otherwise), now or at `at`."""
    kwargs.setdefault("applicant_name", "Nguyễn Văn An")
    kwargs.setdefault("applicant_phone", "0912 345 678")
    return dossier_receive(actor=actor, office_unit=office.unit, procedure=procedure, received_at=at, **kwargs)
