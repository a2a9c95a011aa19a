"""API operations of the real-time service index: the ranking of a month, a unit's scores.
Same permissions as the pages (VIEW_STATS; a unit the caller may not see is a 404)."""

from datetime import date
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.errors import HttpError

from apps.core.api_errors import error_responses
from apps.onestop.api import router
from apps.onestop.permissions import OnestopAction
from apps.onestop.schemas.index import IndexResultsOut, UnitScoreDetailOut
from apps.onestop.selectors import index as selectors
from apps.onestop.selectors.index import UnitScore
from apps.org.permissions import require

READ = error_responses(400, 401, 403, 404)


def _month(text: str | None) -> date:
    today = selectors.month_start(timezone.localdate())
    if not text:
        return today
    month = selectors.parse_month(text, date.min)
    if month == date.min:
        raise HttpError(400, _("Give the month as YYYY-MM, e.g. 2026-03."))
    return month


def _row(score: UnitScore) -> dict[str, Any]:
    return {
        "unit": {"id": score.unit_id, "name": score.unit_name},
        "month": score.month,
        "total": score.total,
        "max_total": score.max_total,
        "rank": score.rank,
        "indicators_with_value": score.known,
    }


@router.get(
    "/index/results",
    response={200: IndexResultsOut, **READ},
    summary="Service index results of a month (ranking)",
)
def index_results(request: HttpRequest, month: str | None = None) -> dict[str, Any]:
    """Every unit the caller may see, ranked by its points for the month (`month` = YYYY-MM, this
    month when left out). Units with no value for any indicator have no rank."""
    require(request.user, OnestopAction.VIEW_STATS)
    when = _month(month)
    definition, scores = selectors.ranking_for_user(user=request.user, month=when)
    if definition is None:
        raise HttpError(404, _("No index definition is in force for this month."))
    return {
        "month": when,
        "definition": definition.name,
        "max_total": selectors.max_total(definition),
        "results": [_row(s) for s in scores],
    }


@router.get(
    "/index/units/{int:unit_id}",
    response={200: UnitScoreDetailOut, **READ},
    summary="A unit's service index scores for a month",
)
def index_unit_scores(request: HttpRequest, unit_id: int, month: str | None = None) -> dict[str, Any]:
    """Each indicator's rate, points and origin (computed from the data, entered, or missing)."""
    require(request.user, OnestopAction.VIEW_STATS)
    unit = selectors.unit_get_for_user(user=request.user, pk=unit_id)
    when = _month(month)
    definition, score = selectors.unit_month(unit, when)
    if definition is None or score is None:
        raise HttpError(404, _("No index definition is in force for this month."))
    return {
        **_row(score),
        "rank": None,
        "definition": definition.name,
        "indicators": [
            {
                "code": s.indicator.code,
                "name": s.indicator.name,
                "group": s.indicator.group,
                "max_points": s.indicator.max_points,
                "formula": s.indicator.formula,
                "full_at": s.indicator.full_at,
                "source": s.indicator.source,
                "rate": s.rate,
                "points": s.points,
                "origin": s.origin,
            }
            for s in score.indicators
        ],
    }
