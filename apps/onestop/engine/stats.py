"""The statistics' figures, pure (no ORM): one function per figure, from summed rollup counts.

A share is a Decimal ratio (0.85 for 85 %) or None when its denominator is zero (nothing to measure),
so "no dossiers" never reads as 0 %.
"""

from dataclasses import dataclass, fields
from decimal import Decimal

COLUMNS = (
    "received",
    "received_online",
    "received_postal",
    "resolved_early",
    "resolved_on_time",
    "resolved_late",
    "resolution_days",
    "refused",
    "stopped",
    "withdrawn",
    "apologies",
    "supplement_twice",
    "paid_online",
    "digitised",
    "synced",
    "result_electronic",
)


@dataclass(frozen=True)
class Counts:
    """Summed rollup columns for a unit (or the province), a procedure, a field, a period."""

    received: int = 0
    received_online: int = 0
    received_postal: int = 0
    resolved_early: int = 0
    resolved_on_time: int = 0
    resolved_late: int = 0
    resolution_days: int = 0
    refused: int = 0
    stopped: int = 0
    withdrawn: int = 0
    apologies: int = 0
    supplement_twice: int = 0
    paid_online: int = 0
    digitised: int = 0
    synced: int = 0
    result_electronic: int = 0

    def __add__(self, other: "Counts") -> "Counts":
        return Counts(**{f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self)})

    @classmethod
    def of(cls, row: dict[str, int | None]) -> "Counts":
        """From a dict of column sums (None, as SQL's SUM of nothing, counts as 0)."""
        return cls(**{name: int(row.get(name) or 0) for name in COLUMNS})


def ratio(part: int, whole: int) -> Decimal | None:
    """part ÷ whole as a Decimal, or None when there is nothing to divide by."""
    if whole <= 0:
        return None
    return Decimal(part) / Decimal(whole)


def resolved(c: Counts) -> int:
    """Dossiers resolved (early, on time or late)."""
    return c.resolved_early + c.resolved_on_time + c.resolved_late


def in_time(c: Counts) -> int:
    """Dossiers resolved early or on time."""
    return c.resolved_early + c.resolved_on_time


def on_time_share(c: Counts) -> Decimal | None:
    """(early + on time) ÷ resolved (Decision 766: more than one supplement request is already late)."""
    return ratio(in_time(c), resolved(c))


def late_share(c: Counts) -> Decimal | None:
    return ratio(c.resolved_late, resolved(c))


def online_share(c: Counts) -> Decimal | None:
    """Dossiers filed online ÷ received."""
    return ratio(c.received_online, c.received)


def postal_share(c: Counts) -> Decimal | None:
    """Dossiers sent or returned through the public postal service ÷ received."""
    return ratio(c.received_postal, c.received)


def paid_online_share(c: Counts) -> Decimal | None:
    return ratio(c.paid_online, c.received)


def digitised_share(c: Counts) -> Decimal | None:
    return ratio(c.digitised, c.received)


def synced_share(c: Counts) -> Decimal | None:
    return ratio(c.synced, c.received)


def result_electronic_share(c: Counts) -> Decimal | None:
    return ratio(c.result_electronic, c.received)


def average_days(c: Counts) -> Decimal | None:
    """Average working days from receipt to resolution (supplement pauses left out)."""
    return ratio(c.resolution_days, resolved(c))


def closed_unresolved(c: Counts) -> int:
    """Dossiers closed without a result: refused, stopped, withdrawn."""
    return c.refused + c.stopped + c.withdrawn
