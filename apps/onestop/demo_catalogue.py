"""The catalogue part of the one-stop demo: front offices and about 60 real procedures.

Offices: the provincial Public Administrative Service Centre (TTPVHCC, agency code 000.00.08.H56)
and every commune, ward and special zone of the demo province, its QCVN 102 code made from its
official code (02215 -> 000.22.15.H56; H56 is Tuyên Quang). Procedures: `demo/procedures.csv`
(national code, name, field, level, resolving agency by the demo's short names, time limit, fees,
online mode, postal, legal basis, and for inter-agency procedures the steps as
"agency:days:what it does|..."). Everything goes through the catalogue services as the DEMO actor;
an office or procedure that exists is left as it is, so a second run creates nothing.
"""

import csv
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from apps.core.actors import DEMO
from apps.onestop.models import Office, Procedure
from apps.onestop.services.procedures import StepSpec, office_upsert, procedure_create
from apps.org.models import Unit, UnitKind

DATA = Path(__file__).with_name("demo")
CENTRE_SHORT_NAME = "TTPVHCC"
CENTRE_AGENCY_CODE = "000.00.08.H56"
PROVINCE_SUFFIX = "H56"
COMMUNE_KINDS = (UnitKind.COMMUNE, UnitKind.WARD, UnitKind.SPECIAL_ZONE)
LEGACY_BY_MODE = {"full": 4, "partial": 3, "none": 2}


@dataclass
class CatalogueSummary:
    offices_created: int = 0
    procedures_created: int = 0


def commune_agency_code(code: str) -> str:
    """The QCVN 102 identifier of a commune's one-stop desk from its 5-digit official code."""
    digits = f"{int(code):05d}" if code.isdigit() else code
    return f"000.{digits[1:3]}.{digits[3:5]}.{PROVINCE_SUFFIX}"


def demo_procedures() -> list[dict[str, str]]:
    with (DATA / "procedures.csv").open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def load_offices(summary: CatalogueSummary) -> None:
    has_office = set(Office.objects.values_list("unit_id", flat=True))
    used = set(Office.objects.values_list("agency_code", flat=True))
    wanted: list[tuple[Unit, str]] = []
    centre = Unit.objects.filter(kind=UnitKind.SERVICE_CENTRE, short_name=CENTRE_SHORT_NAME).first()
    if centre is not None:
        wanted.append((centre, CENTRE_AGENCY_CODE))
    for unit in Unit.objects.filter(kind__in=COMMUNE_KINDS).exclude(code="").order_by("code"):
        wanted.append((unit, commune_agency_code(unit.code)))
    for unit, agency_code in wanted:
        if unit.pk in has_office:
            continue
        if agency_code in used:  # two codes folding to one identifier: keep the whole official code
            agency_code = f"000.{unit.code}.{PROVINCE_SUFFIX}"
            if agency_code in used:
                continue
        office_upsert(actor=DEMO, unit=unit, agency_code=agency_code)
        used.add(agency_code)
        summary.offices_created += 1


def _steps(text: str, units: dict[str, Unit]) -> list[StepSpec]:
    steps: list[StepSpec] = []
    for part in filter(None, (p.strip() for p in text.split("|"))):
        agency, days, title = part.split(":", 2)
        steps.append(StepSpec(agency=units[agency], days=int(days), title=title))
    return steps


def load_procedures(summary: CatalogueSummary) -> None:
    existing = set(Procedure.objects.values_list("code", flat=True))
    units = {u.short_name: u for u in Unit.objects.exclude(short_name="").filter(valid_to__isnull=True)}
    for row in demo_procedures():
        if row["code"] in existing:
            continue
        agency = units.get(row["agency"]) if row["agency"] else None
        if row["agency"] and agency is None:
            continue  # the org demo is not loaded (or was changed): leave this procedure out
        try:
            steps = _steps(row["steps"], units)
        except KeyError:
            continue
        procedure_create(
            actor=DEMO,
            code=row["code"],
            name=row["name"],
            field=row["field"],
            level=row["level"],
            agency=agency,
            time_limit_days=int(row["days"]),
            fees=row["fees"],
            online_mode=row["online_mode"],
            legacy_level=LEGACY_BY_MODE[row["online_mode"]],
            postal_allowed=row["postal"] == "1",
            legal_basis=row["legal_basis"],
            steps=steps,
        )
        summary.procedures_created += 1


def load(stdout: Any) -> CatalogueSummary:
    summary = CatalogueSummary()
    load_offices(summary)
    load_procedures(summary)
    if stdout is not None and hasattr(stdout, "write"):
        stdout.write(
            f"One-stop catalogue: {summary.offices_created} front offices, "
            f"{summary.procedures_created} procedures created.\n"
        )
    return summary
