"""Read-only org API: units, unit groups, people and the caller. Writes happen in the pages.

Every read goes through `apps.org.selectors`, scoped to the caller; operation ids are
`org_<function name>` (see `config.api`).
"""

from typing import Any

from django.db.models import prefetch_related_objects
from django.http import HttpRequest
from ninja import Field, Query, Router
from ninja.pagination import paginate

from apps.core.api_errors import error_responses
from apps.core.api_schemas import InputSchema
from apps.core.input_bounds import MAX_DB_INT, BoundedLimitOffsetPagination
from apps.org import selectors
from apps.org.models import Unit, UnitKind
from apps.org.permissions import OrgAction, can, roles_of
from apps.org.schemas import MeOut, PersonOut, UnitDetailOut, UnitGroupOut, UnitOut, memberships_out

router = Router(tags=["org"])


class UnitFilters(InputSchema):
    q: str = Field("", max_length=200)
    kind: UnitKind | None = None


class PeopleFilters(InputSchema):
    q: str = Field("", max_length=200)
    unit_id: int | None = Field(None, le=MAX_DB_INT)


@router.get("/units", response={200: list[UnitOut], **error_responses(401, 422)}, summary="List units")
@paginate(BoundedLimitOffsetPagination)
def units_list(request: HttpRequest, filters: Query[UnitFilters]) -> Any:
    """The province's units; `q` matches names and codes without regard to diacritics."""
    return selectors.unit_list(q=filters.q, kind=filters.kind or "")


@router.get("/units/{int:unit_id}", response={200: UnitDetailOut, **error_responses(401, 404)}, summary="Get a unit")
def units_get(request: HttpRequest, unit_id: int) -> Unit:
    return selectors.unit_get(pk=unit_id)


@router.get("/groups", response={200: list[UnitGroupOut], **error_responses(401)}, summary="List unit groups")
def groups_list(request: HttpRequest) -> Any:
    return selectors.unit_group_list()


@router.get("/people", response={200: list[PersonOut], **error_responses(401, 403, 422)}, summary="List people")
@paginate(BoundedLimitOffsetPagination)
def people_list(request: HttpRequest, filters: Query[PeopleFilters]) -> Any:
    """Everyone for province-wide roles; otherwise the people of the caller's own units."""
    return selectors.user_list_for_user(user=request.user, q=filters.q, unit_id=filters.unit_id)


@router.get(
    "/people/{int:person_id}", response={200: PersonOut, **error_responses(401, 403, 404)}, summary="Get a person"
)
def people_get(request: HttpRequest, person_id: int) -> Any:
    """404 when the person does not exist or is outside the caller's reach."""
    return selectors.user_get_for_user(user=request.user, pk=person_id)


@router.get("/me", response={200: MeOut, **error_responses(401)}, summary="The caller, with memberships and roles")
def me_get(request: HttpRequest) -> MeOut:
    me: Any = request.user
    prefetch_related_objects([me], "memberships__unit")  # the caller's own rows, two queries
    return MeOut(
        id=me.pk,
        username=me.username,
        full_name=me.full_name,
        position=me.position,
        email=me.email,
        phone=me.phone,
        roles=sorted(roles_of(me)),  # reported, not decided on
        sees_all_units=can(me, OrgAction.VIEW_ALL_UNITS),
        memberships=memberships_out(me),
    )
