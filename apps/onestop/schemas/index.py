"""Schemas of the service index operations. Points and rates are decimals (strings in JSON)."""

from datetime import date
from decimal import Decimal

from ninja import Schema

from apps.org.schemas import UnitRef


class IndicatorScoreOut(Schema):
    code: str
    name: str
    group: str
    max_points: Decimal
    formula: str
    full_at: Decimal | None
    source: str
    rate: Decimal | None  # a ratio (0.85 = 85 %); days for a tracked time
    points: Decimal
    origin: str  # "computed", "entered" or "missing"


class UnitScoreOut(Schema):
    unit: UnitRef
    month: date
    total: Decimal
    max_total: Decimal
    rank: int | None
    indicators_with_value: int


class UnitScoreDetailOut(UnitScoreOut):
    definition: str
    indicators: list[IndicatorScoreOut]


class IndexResultsOut(Schema):
    month: date
    definition: str
    max_total: Decimal
    results: list[UnitScoreOut]
