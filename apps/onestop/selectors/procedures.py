"""Reads of the procedure catalogue and the front offices (pages, the picker, the API, the Excel export).

The catalogue is not secret to those who may read it: the views and handlers check READ_CATALOGUE
(403 otherwise); a missing row is a 404.
"""

import re
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from apps.core.input_bounds import MAX_DB_INT
from apps.core.text import search_filter
from apps.onestop.models import Office, Procedure, ProcedureStep
from apps.org.models import Unit, UnitKind

PICKER_LIMIT = 20
_CODE_START = re.compile(r"^[0-9][0-9.]*$")


def _search(queryset: QuerySet[Any], q: str) -> QuerySet[Any]:
    """Words without diacritics ("ly lich tu phap"), or the start of a national code ("1.0011")."""
    q = (q or "").strip()[:200]
    if not q:
        return queryset
    condition = search_filter("search_text", q)
    if _CODE_START.match(q):
        condition |= Q(code__startswith=q)
    return queryset.filter(condition)


def procedure_list(
    *,
    q: str = "",
    field: str = "",
    level: str = "",
    agency_id: int | None = None,
    online_mode: str = "",
    active: bool | None = None,
) -> QuerySet[Procedure]:
    """The catalogue, filtered, with the agency and the number of steps (no query per row)."""
    procedures = Procedure.objects.select_related("agency").annotate(step_count=Count("steps"))
    procedures = _search(procedures, q)
    if field:
        procedures = procedures.filter(field=field)
    if level:
        procedures = procedures.filter(level=level)
    if agency_id is not None:
        procedures = procedures.filter(agency_id=agency_id)
    if online_mode:
        procedures = procedures.filter(online_mode=online_mode)
    if active is not None:
        procedures = procedures.filter(is_active=active)
    return procedures.order_by("field", "name", "pk")


def procedure_picker(*, q: str = "") -> list[Procedure]:
    """Up to 20 procedures in force for the receipt form: code-prefix matches first."""
    procedures = _search(Procedure.objects.filter(is_active=True), q).only(
        "pk", "code", "name", "field", "time_limit_days", "online_mode", "postal_allowed"
    )
    q = (q or "").strip()
    rows = list(procedures.order_by("field", "name", "pk")[:PICKER_LIMIT])
    if _CODE_START.match(q):
        rows.sort(key=lambda p: not p.code.startswith(q))
    return rows


def procedure_fields() -> list[str]:
    """The fields (lĩnh vực) of the catalogue, for the filter."""
    return list(Procedure.objects.order_by("field").values_list("field", flat=True).distinct())


def procedure_agencies() -> QuerySet[Unit]:
    """The units that resolve at least one procedure, for the filter."""
    return Unit.objects.filter(procedures__isnull=False).distinct().order_by("sort_order", "name")


def procedure_get(*, pk: Any) -> Procedure:
    """The procedure with its agency and its steps (in order), or 404."""
    if not str(pk).isdigit() or int(pk) > MAX_DB_INT:
        raise Http404
    steps = ProcedureStep.objects.select_related("agency").order_by("order")
    return get_object_or_404(
        Procedure.objects.select_related("agency").prefetch_related(Prefetch("steps", queryset=steps)), pk=pk
    )


def procedure_export_rows() -> QuerySet[Procedure]:
    """Every procedure with its agency and its steps' agencies, for the Excel export (three queries)."""
    steps = ProcedureStep.objects.select_related("agency").order_by("order")
    return (
        Procedure.objects.select_related("agency")
        .prefetch_related(Prefetch("steps", queryset=steps))
        .order_by("field", "name", "pk")
    )


# --- front offices --------------------------------------------------------------------------------


def office_list(*, q: str = "") -> QuerySet[Office]:
    offices = Office.objects.select_related("unit")
    q = (q or "").strip()[:200]
    if q:
        offices = offices.filter(search_filter("unit__search_text", q) | Q(agency_code__icontains=q))
    return offices.order_by("unit__kind", "unit__sort_order", "unit__name", "pk")


def office_get(*, pk: Any) -> Office:
    if not str(pk).isdigit() or int(pk) > MAX_DB_INT:
        raise Http404
    return get_object_or_404(Office.objects.select_related("unit"), pk=pk)


def office_unit_choices(*, office: Office | None = None) -> QuerySet[Unit]:
    """Units that may get a front office: the centre, communes, departments; not those that have one."""
    units = Unit.objects.exclude(kind=UnitKind.PROVINCE).filter(onestop_office__isnull=True)
    if office is not None:
        units = units | Unit.objects.filter(pk=office.unit_id)
    return units.order_by("kind", "sort_order", "name")


def agency_choices() -> QuerySet[Unit]:
    """Units that may resolve a procedure or a step: everything but the province itself."""
    return (
        Unit.objects.exclude(kind=UnitKind.PROVINCE)
        .only("pk", "name", "short_name", "kind")
        .order_by("kind", "sort_order", "name")
    )
