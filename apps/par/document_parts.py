"""The parts of PAR's Word documents that come from the data: a unit's document symbol, who signs
for it, the published decision's number and date, and the report's column widths."""

import contextlib
import re
from datetime import date

from django.utils import timezone

from apps.core import decree30
from apps.org.models import Membership, Role, Unit, UnitKind
from apps.par.models import PeriodStatus, ScoringPeriod

# Code, criterion, maximum, self-assessed, appraised, note: the criterion's name gets the room.
REPORT_WIDTHS = (15, 66, 16, 16, 16, 36)
_TOWN_LEVEL = {UnitKind.PROVINCE, UnitKind.COMMUNE, UnitKind.WARD, UnitKind.SPECIAL_ZONE}


def abbreviation(unit: Unit) -> str:
    """The symbol of the unit's documents: its official abbreviation ("STP"); a people's committee's
    is "UBND"; else the initials of its name."""
    if unit.abbreviation:
        return unit.abbreviation
    return "UBND" if unit.kind in _TOWN_LEVEL else decree30.agency_code(unit.name)


def unit_signer(unit: Unit) -> tuple[str, str]:
    """(position, name) of who signs for the unit: its head when it has exactly one ("Giám đốc Sở Tư
    pháp" signs as "GIÁM ĐỐC"); else the generic position and an empty name to fill in."""
    heads = list(
        Membership.objects.filter(unit=unit, role=Role.UNIT_HEAD, is_active=True, user__is_active=True)
        .select_related("user")
        .order_by("pk")[:2]
    )
    if len(heads) != 1:
        return "THỦ TRƯỞNG ĐƠN VỊ", ""
    user = heads[0].user
    position = user.position.strip()
    if position.lower().endswith(unit.name.lower()):
        position = position[: -len(unit.name)].strip(" ,-")
    return (position or "THỦ TRƯỞNG ĐƠN VỊ").upper(), user.full_name


_DECISION_NUMBER = re.compile(r"(\d+)\s*/\s*QĐ", re.IGNORECASE)
_DECISION_DAY = re.compile(r"ngày\s+(\d{1,2})\s*[/-]\s*(\d{1,2})\s*[/-]\s*(\d{4})")


def decision_number_and_day(period: ScoringPeriod) -> tuple[str, date | None]:
    """The published decision's number and date, from the reference the secretariat recorded
    ("Quyết định số 285/QĐ-UBND ngày 28/02/2025"; the date of publication when it gives none); a
    draft's are left blank for the clerk and the signer."""
    if period.status != PeriodStatus.PUBLISHED:
        return "", None
    reference = period.decision_reference
    number = match.group(1) if (match := _DECISION_NUMBER.search(reference)) else ""
    day = timezone.localdate(period.published_at) if period.published_at else None
    if match := _DECISION_DAY.search(reference):
        with contextlib.suppress(ValueError):  # a mistyped date in the reference: keep the publication's
            day = date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
    return number, day
