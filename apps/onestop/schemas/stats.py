"""API schemas: stats. Shares are ratios (0.85 for 85 %) as strings, null when there is nothing to measure."""

from datetime import date
from decimal import Decimal

from ninja import Schema


class StatsRowOut(Schema):
    id: int | None  # the unit (province level) or the procedure (unit level); null for the total
    name: str
    code: str = ""
    received: int
    received_online: int
    received_postal: int
    resolved_early: int
    resolved_on_time: int
    resolved_late: int
    refused: int
    stopped: int
    withdrawn: int
    apologies: int
    supplement_twice: int
    pending_now: int
    overdue_now: int
    on_time_rate: Decimal | None
    online_rate: Decimal | None
    postal_rate: Decimal | None
    average_days: Decimal | None


class StatsOut(Schema):
    level: str  # province | unit | procedure
    period: str  # month | quarter | year | custom
    start: date
    end: date
    unit_id: int | None
    procedure_id: int | None
    field: str
    rows: list[StatsRowOut]
    total: StatsRowOut
