"""API schemas: procedures."""

from typing import Any

from ninja import Field, Schema

from apps.core.api_schemas import InputSchema
from apps.core.input_bounds import MAX_DB_INT
from apps.onestop.models import OnlineMode, ProcedureLevel
from apps.org.schemas import UnitRef


class ProcedureFilters(InputSchema):
    q: str = Field("", max_length=200, description="Words of the code, name or field, diacritics optional.")
    field: str = Field("", max_length=200)
    level: ProcedureLevel | None = None
    agency_id: int | None = Field(None, ge=1, le=MAX_DB_INT)
    online_mode: OnlineMode | None = None
    active: bool | None = None


class ProcedureStepOut(Schema):
    order: int
    agency: UnitRef
    days: int
    title: str


class ProcedureOut(Schema):
    id: int
    code: str
    name: str
    field: str
    level: str
    agency: UnitRef | None
    time_limit_days: int
    fees: str
    online_mode: str
    legacy_level: int | None
    postal_allowed: bool
    legal_basis: str
    is_active: bool
    version: int


class ProcedureDetailOut(ProcedureOut):
    steps: list[ProcedureStepOut]

    @staticmethod
    def resolve_steps(obj: Any) -> list[Any]:
        return list(obj.steps.all())  # prefetched by the selector, in order
