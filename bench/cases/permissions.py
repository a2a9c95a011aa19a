"""Permission checks for a page listing the province's units: one `can()` per unit row."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.cases import BenchContext, Trial, case

PAGE_SIZE = 150
MAX_QUERIES = 3


def _listing_trial(user_id: int, expected_allowed: Any) -> Trial:
    from apps.accounts.models import User
    from apps.org.models import Unit
    from apps.org.permissions import OrgAction, can

    units = list(Unit.objects.order_by("sort_order", "name")[:PAGE_SIZE])
    state: dict[str, Any] = {}

    def before() -> None:
        state["user"] = User.objects.get(pk=user_id)  # a fresh request: nothing cached on the user

    def run() -> tuple[int, int]:
        user = state["user"]
        with CaptureQueriesContext(connection) as queries:
            allowed = sum(1 for unit in units if can(user, OrgAction.VIEW_UNIT_PRIVATE, unit))
        return allowed, len(queries)

    def after(result: tuple[int, int]) -> str:
        allowed, queries = result
        assert queries <= MAX_QUERIES, f"{queries} queries for {len(units)} units (at most {MAX_QUERIES})"
        expected = expected_allowed(units)
        assert allowed == expected, f"{allowed} units allowed, expected {expected}"
        return f"{queries} {'query' if queries == 1 else 'queries'}"

    return Trial(run=run, size=f"{len(units)} units", before=before, after=after)


@case("permissions: focal point lists units", budget_ms=50)
def focal_point_listing(context: BenchContext) -> Trial:
    """The focal point of a department sees its own department and its two sub-units."""
    unit_id = context.data.focal_point_unit_id

    def expected(units: list[Any]) -> int:
        return sum(1 for u in units if u.pk == unit_id or u.parent_id == unit_id)

    return _listing_trial(context.data.focal_point_id, expected)


@case("permissions: secretariat lists units", budget_ms=50)
def secretariat_listing(context: BenchContext) -> Trial:
    """The PAR secretariat sees every unit of the province."""
    return _listing_trial(context.data.secretariat_id, len)
