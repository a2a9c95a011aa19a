"""API operations: stats. The statistics page's figures, with its permissions (VIEW_STATS; a
unit-scoped user sees their own units only: another unit is a 404)."""

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from apps.core.api_errors import error_responses
from apps.onestop.api import router
from apps.onestop.models import Procedure
from apps.onestop.permissions import OnestopAction
from apps.onestop.schemas.stats import StatsOut
from apps.onestop.selectors import stats as selectors
from apps.org.models import Unit
from apps.org.permissions import require

PLACES = Decimal("0.0001")


def _q(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(PLACES)


def _row(row: selectors.StatRow) -> dict[str, Any]:
    c = row.counts
    return {
        "id": row.key,
        "name": row.label,
        "code": row.code,
        **{name: getattr(c, name) for name in ("received", "received_online", "received_postal")},
        **{name: getattr(c, name) for name in ("resolved_early", "resolved_on_time", "resolved_late")},
        **{name: getattr(c, name) for name in ("refused", "stopped", "withdrawn", "apologies", "supplement_twice")},
        "pending_now": row.pending.open,
        "overdue_now": row.pending.overdue,
        "on_time_rate": _q(row.on_time_share),
        "online_rate": _q(row.online_share),
        "postal_rate": _q(row.postal_share),
        "average_days": _q(row.average_days),
    }


@router.get(
    "/stats",
    response={200: StatsOut, **error_responses(400, 401, 403, 404)},
    summary="One-stop statistics for a period",
)
def stats_get(
    request: HttpRequest,
    period: str = "year",
    year: int | None = None,
    month: int | None = None,
    quarter: int | None = None,
    start: str = "",
    end: str = "",
    unit: int | None = None,
    procedure: int | None = None,
    field: str = "",
) -> dict[str, Any]:
    """Received, resolved early / on time / late, pending and overdue now, apologies, shares and the
    average working days: a row per resolving unit (no `unit`), per procedure (`unit`), or the one
    procedure (`unit` and `procedure`). Periods: month, quarter, year, custom (`start`, `end`)."""
    require(request.user, OnestopAction.VIEW_STATS)
    params = {
        "period": period,
        "year": "" if year is None else str(year),
        "month": "" if month is None else str(month),
        "quarter": "" if quarter is None else str(quarter),
        "from": start,
        "to": end,
    }
    try:
        chosen = selectors.period_from(params)
    except selectors.PeriodError as error:
        raise ValidationError({error.field: error.message}) from None
    found_unit = found_procedure = None
    try:
        if unit is not None:
            found_unit = selectors.stats_unit_get_for_user(user=request.user, pk=unit)
        if procedure is not None:
            if found_unit is None:
                raise ValidationError({"procedure": _("Choose the unit of the procedure.")})
            found_procedure = Procedure.objects.get(pk=procedure)
    except (Unit.DoesNotExist, Procedure.DoesNotExist, OverflowError):
        raise Http404 from None
    page = selectors.stats_page(
        user=request.user, period=chosen, unit=found_unit, procedure=found_procedure, field_name=field[:200]
    )
    return {
        "level": page.level,
        "period": chosen.kind,
        "start": chosen.start,
        "end": chosen.end,
        "unit_id": unit,
        "procedure_id": procedure,
        "field": page.field_name,
        "rows": [_row(r) for r in page.rows],
        "total": _row(page.total),
    }
