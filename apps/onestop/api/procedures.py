"""API operations: procedures (read-only; the catalogue is edited in the pages or by Excel import).

Same permission as the pages: READ_CATALOGUE (403 otherwise); an unknown id is a 404."""

from typing import Any

from django.http import HttpRequest
from ninja import Query
from ninja.pagination import paginate

from apps.core.api_errors import error_responses
from apps.core.input_bounds import BoundedLimitOffsetPagination
from apps.onestop.api import router
from apps.onestop.models import Procedure
from apps.onestop.permissions import OnestopAction
from apps.onestop.schemas.procedures import ProcedureDetailOut, ProcedureFilters, ProcedureOut
from apps.onestop.selectors import procedures as selectors
from apps.org.permissions import require


@router.get(
    "/procedures",
    response={200: list[ProcedureOut], **error_responses(401, 403, 422)},
    summary="List administrative procedures",
)
@paginate(BoundedLimitOffsetPagination)
def procedures_list(request: HttpRequest, filters: Query[ProcedureFilters]) -> Any:
    """The catalogue; `q` matches the code (or its start), name and field without regard to diacritics."""
    require(request.user, OnestopAction.READ_CATALOGUE)
    return selectors.procedure_list(
        q=filters.q,
        field=filters.field,
        level=filters.level or "",
        agency_id=filters.agency_id,
        online_mode=filters.online_mode or "",
        active=filters.active,
    )


@router.get(
    "/procedures/{int:procedure_id}",
    response={200: ProcedureDetailOut, **error_responses(401, 403, 404)},
    summary="Get a procedure with its inter-agency steps",
)
def procedures_get(request: HttpRequest, procedure_id: int) -> Procedure:
    require(request.user, OnestopAction.READ_CATALOGUE)
    return selectors.procedure_get(pk=procedure_id)
