"""Writes to units, unit groups, people and memberships. Views, the API, commands and the demo loader call these.

Every service validates (`full_clean`), keeps `search_text` in step, locks and checks the version
with `apps.core.concurrency` (a versioned write without a version is refused, a stale one is a
ConflictError), bumps `version` on a change and records an audit event with before/after
snapshots in the same transaction. Topics: `units`, `groups`, `people` (as in `apps.org.views`).
"""

from apps.org.services._common import unit_search_text, user_search_text
from apps.org.services.groups import unit_group_create, unit_group_set_units, unit_group_update
from apps.org.services.people import (
    membership_add,
    membership_remove,
    user_create,
    user_deactivate,
    user_reactivate,
    user_set_password,
    user_update,
)
from apps.org.services.units import unit_create, unit_set_predecessors, unit_update, units_import_communes

__all__ = [
    "membership_add",
    "membership_remove",
    "unit_create",
    "unit_group_create",
    "unit_group_set_units",
    "unit_group_update",
    "unit_search_text",
    "unit_set_predecessors",
    "unit_update",
    "units_import_communes",
    "user_create",
    "user_deactivate",
    "user_reactivate",
    "user_search_text",
    "user_set_password",
    "user_update",
]
