"""Writes to the procedure catalogue and the front offices.

Each function is one unit of work: atomic, the row locked and its version checked on an edit,
`full_clean()`, an audit record in the same transaction. An edit that changes nothing writes nothing
(so the Excel import and the demo loader are idempotent).
"""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any, NoReturn

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from apps.core.actors import Actor
from apps.core.audit import audit_record, snapshot
from apps.core.concurrency import bump, lock_and_check
from apps.core.text import search_document
from apps.onestop.engine import format_code, validate_pattern
from apps.onestop.models import Office, OnlineMode, Procedure, ProcedureLevel, ProcedureStep
from apps.org.models import Unit

PROCEDURE_FIELDS = [
    *("code", "name", "field", "level", "agency", "time_limit_days", "fees", "online_mode"),
    *("legacy_level", "postal_allowed", "legal_basis", "is_active", "version"),
]
OFFICE_FIELDS = ["unit", "agency_code", "code_pattern", "is_active", "version"]
MAX_STEPS = 20
LEGACY_LEVELS = (1, 2, 3, 4)
DEFAULT_PATTERN = "{agency}-{yymmdd}-{seq:04d}"


class CatalogueAudit(StrEnum):
    PROCEDURE_CREATE = "onestop.procedure.create"
    PROCEDURE_UPDATE = "onestop.procedure.update"
    PROCEDURE_IMPORT = "onestop.procedure.import"
    OFFICE_CREATE = "onestop.office.create"
    OFFICE_UPDATE = "onestop.office.update"


@dataclass(frozen=True)
class StepSpec:
    """One hand-off of an inter-agency procedure, as given to the services (order = position)."""

    agency: Unit
    days: int
    title: str = ""


def _refuse(message: str, field: str | None = None, code: str = "invalid") -> NoReturn:
    raise ValidationError({field: message} if field else message, code=code)


def _clean_text(value: Any) -> str:
    return " ".join(str(value or "").split()) if value is not None else ""


def _check_procedure(procedure: Procedure) -> None:
    """The rules full_clean() cannot see: level vs agency, the old level, a sensible time limit."""
    if procedure.legacy_level is not None and procedure.legacy_level not in LEGACY_LEVELS:
        _refuse(_("The old online level is 1, 2, 3 or 4."), "legacy_level")
    if procedure.time_limit_days < 1:
        _refuse(_("The time limit is at least 1 working day."), "time_limit_days")
    if procedure.time_limit_days > 365:
        _refuse(_("The time limit cannot exceed 365 working days."), "time_limit_days")
    if procedure.level == ProcedureLevel.PROVINCE and procedure.agency_id is None:
        _refuse(_("A province-level procedure needs its resolving agency."), "agency")


def _check_steps(steps: list[StepSpec], time_limit_days: int) -> None:
    if len(steps) > MAX_STEPS:
        _refuse(_("An inter-agency procedure has at most %(max)d steps.") % {"max": MAX_STEPS}, "steps")
    for number, step in enumerate(steps, start=1):
        if step.days < 1:
            _refuse(_("Step %(n)d: each step takes at least 1 working day.") % {"n": number}, "steps")
        if len(step.title) > 300:
            _refuse(_("Step %(n)d: the description is longer than 300 characters.") % {"n": number}, "steps")
    total = sum(step.days for step in steps)
    if total > time_limit_days:
        _refuse(
            _(
                "The steps take %(total)d working days in all, more than the time limit of %(limit)d working days."
                " Shorten a step or raise the time limit."
            )
            % {"total": total, "limit": time_limit_days},
            "steps",
        )


def _steps_of(procedure: Procedure) -> list[tuple[int, int, str]]:
    return [(s.agency_id, s.days, s.title) for s in procedure.steps.all().order_by("order")]


def _spec_key(steps: list[StepSpec]) -> list[tuple[int, int, str]]:
    return [(s.agency.pk, int(s.days), s.title.strip()) for s in steps]


def _write_steps(procedure: Procedure, steps: list[StepSpec]) -> None:
    procedure.steps.all().delete()
    ProcedureStep.objects.bulk_create(
        ProcedureStep(procedure=procedure, order=order, agency=s.agency, days=s.days, title=s.title.strip())
        for order, s in enumerate(steps, start=1)
    )


def _after(procedure: Procedure, steps: list[tuple[int, int, str]]) -> dict[str, Any]:
    data = snapshot(procedure, PROCEDURE_FIELDS)
    data["steps"] = [list(s) for s in steps]
    return data


@transaction.atomic
def procedure_create(
    *,
    actor: Actor,
    code: str,
    name: str,
    field: str,
    time_limit_days: int,
    level: str = ProcedureLevel.PROVINCE,
    agency: Unit | None = None,
    fees: str = "",
    online_mode: str = OnlineMode.NONE,
    legacy_level: int | None = None,
    postal_allowed: bool = True,
    legal_basis: str = "",
    is_active: bool = True,
    steps: list[StepSpec] | None = None,
) -> Procedure:
    """A new procedure of the catalogue, with its inter-agency steps when given."""
    code = _clean_text(code)
    if code and Procedure.objects.filter(code=code).exists():
        _refuse(_("A procedure with the national code %(code)s already exists.") % {"code": code}, "code", "unique")
    procedure = Procedure(
        code=code,
        name=_clean_text(name),
        field=_clean_text(field),
        level=level,
        agency=agency,
        time_limit_days=time_limit_days,
        fees=(fees or "").strip(),
        online_mode=online_mode,
        legacy_level=legacy_level,
        postal_allowed=postal_allowed,
        legal_basis=(legal_basis or "").strip(),
        is_active=is_active,
    )
    procedure.search_text = search_document(procedure.code, procedure.name, procedure.field)
    procedure.full_clean()
    _check_procedure(procedure)
    steps = list(steps or [])
    _check_steps(steps, procedure.time_limit_days)
    procedure.save()
    _write_steps(procedure, steps)
    audit_record(
        actor=actor,
        action=CatalogueAudit.PROCEDURE_CREATE,
        obj=procedure,
        unit_id=procedure.agency_id,
        after=_after(procedure, _spec_key(steps)),
    )
    return procedure


class _Unset:
    def __repr__(self) -> str:
        return "UNSET"


UNSET: Any = _Unset()


@transaction.atomic
def procedure_update(
    *,
    actor: Actor,
    procedure: Procedure,
    version: int | str | None,
    code: str = UNSET,
    name: str = UNSET,
    field: str = UNSET,
    time_limit_days: int = UNSET,
    level: str = UNSET,
    agency: Unit | None = UNSET,
    fees: str = UNSET,
    online_mode: str = UNSET,
    legacy_level: int | None = UNSET,
    postal_allowed: bool = UNSET,
    legal_basis: str = UNSET,
    is_active: bool = UNSET,
    steps: list[StepSpec] | None = UNSET,
) -> Procedure:
    """Change the given fields (and the steps when given: they replace the old ones). Nothing
    changed: nothing written. `version` is the one the caller's data was based on."""
    lock_and_check(procedure, version, what=_("procedure"))
    old_steps = _steps_of(procedure)
    before = _after(procedure, old_steps)
    given: dict[str, Any] = {
        "code": code,
        "name": name,
        "field": field,
        "time_limit_days": time_limit_days,
        "level": level,
        "agency": agency,
        "fees": fees,
        "online_mode": online_mode,
        "legacy_level": legacy_level,
        "postal_allowed": postal_allowed,
        "legal_basis": legal_basis,
        "is_active": is_active,
    }
    for attr, value in given.items():
        if value is UNSET:
            continue
        if attr in ("code", "name", "field"):
            value = _clean_text(value)
        elif attr in ("fees", "legal_basis"):
            value = str(value or "").strip()
        setattr(procedure, attr, value)
    if procedure.code and Procedure.objects.filter(code=procedure.code).exclude(pk=procedure.pk).exists():
        _refuse(
            _("A procedure with the national code %(code)s already exists.") % {"code": procedure.code},
            "code",
            "unique",
        )
    procedure.search_text = search_document(procedure.code, procedure.name, procedure.field)
    procedure.full_clean()
    _check_procedure(procedure)
    if steps is UNSET:
        new_steps = old_steps
        _check_steps([StepSpec(agency=Unit(pk=a), days=d, title=t) for a, d, t in old_steps], procedure.time_limit_days)
    else:
        step_list = list(steps or [])
        _check_steps(step_list, procedure.time_limit_days)
        new_steps = _spec_key(step_list)
    after = _after(procedure, new_steps)
    if after == before:
        return procedure
    bump(procedure)
    procedure.save()
    if new_steps != old_steps:
        _write_steps(procedure, list(steps or []))
    audit_record(
        actor=actor,
        action=CatalogueAudit.PROCEDURE_UPDATE,
        obj=procedure,
        unit_id=procedure.agency_id,
        before=before,
        after=_after(procedure, new_steps),
    )
    return procedure


# --- front offices --------------------------------------------------------------------------------


def _check_office(office: Office) -> None:
    problems = validate_pattern(office.code_pattern)
    if problems:
        _refuse(
            _("The pattern may use {agency}, {yymmdd}, {yyyymmdd} and must contain {seq:04d} (the day's number)."),
            "code_pattern",
        )
    try:
        format_code(office.code_pattern, agency=office.agency_code, day=date(2025, 1, 2), seq=1)
    except (ValueError, KeyError, IndexError):
        _refuse(
            _("The pattern may use {agency}, {yymmdd}, {yyyymmdd} and must contain {seq:04d} (the day's number)."),
            "code_pattern",
        )


@transaction.atomic
def office_upsert(
    *,
    actor: Actor,
    unit: Unit,
    agency_code: str,
    code_pattern: str = DEFAULT_PATTERN,
    is_active: bool = True,
    version: int | str | None = None,
) -> Office:
    """The front office of `unit`: created when the unit has none, otherwise changed (then `version`
    is required and checked). An edit that changes nothing writes nothing."""
    agency_code = (agency_code or "").strip()
    code_pattern = (code_pattern or "").strip() or DEFAULT_PATTERN
    existing = Office.objects.filter(unit=unit).first()
    clash = Office.objects.filter(agency_code=agency_code)
    if existing is not None:
        clash = clash.exclude(pk=existing.pk)
    if agency_code and clash.exists():
        _refuse(
            _("The agency code %(code)s is already used by another front office.") % {"code": agency_code},
            "agency_code",
            "unique",
        )
    if existing is None:
        office = Office(unit=unit, agency_code=agency_code, code_pattern=code_pattern, is_active=is_active)
        office.full_clean()
        _check_office(office)
        office.save()
        audit_record(
            actor=actor,
            action=CatalogueAudit.OFFICE_CREATE,
            obj=office,
            unit_id=unit.pk,
            after=snapshot(office, OFFICE_FIELDS),
        )
        return office
    office = lock_and_check(existing, version, what=_("front office"))
    before = snapshot(office, OFFICE_FIELDS)
    office.agency_code, office.code_pattern, office.is_active = agency_code, code_pattern, is_active
    office.full_clean()
    _check_office(office)
    if snapshot(office, OFFICE_FIELDS) == before:
        return office
    bump(office)
    office.save()
    audit_record(
        actor=actor,
        action=CatalogueAudit.OFFICE_UPDATE,
        obj=office,
        unit_id=unit.pk,
        before=before,
        after=snapshot(office, OFFICE_FIELDS),
    )
    return office
