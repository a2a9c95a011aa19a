"""Criteria sets: the secretariat builds each year's tree of areas > criteria > sub-criteria per unit group.

Every write validates, changes, records an audit event (before/after) in the same transaction,
and keeps the open periods that use the set consistent: one empty score row per leaf and per
assessment, results recomputed after a structural change. A set whose scores were already
entered refuses structural changes; a set used by a published period refuses every change.

Topics: `sets` (sets, cloning, bulk fill), `nodes` (the tree), `exclusions` (not-applicable
criteria); shared helpers in `_shared`.
"""

from apps.par.services.criteria._shared import (
    CODE_RE,
    COSMETIC_FIELDS,
    CRITERION_FIELDS,
    DEFAULT_LEAF_METHOD,
    EXCLUSION_FIELDS,
    MAX_YEAR,
    MIN_YEAR,
    SET_FIELDS,
    STRUCTURAL_FIELDS,
    SUM,
    code_sort_key,
    method_error_message,
    parent_code,
    previous_set,
    set_usage,
    tree_order,
    validate_method,
)
from apps.par.services.criteria.exclusions import criterion_exclusion_remove, criterion_exclusion_set
from apps.par.services.criteria.nodes import (
    criteria_set_map_predecessors,
    criterion_create,
    criterion_delete,
    criterion_map_predecessor,
    criterion_update,
)
from apps.par.services.criteria.sets import (
    criteria_set_clone,
    criteria_set_create,
    criteria_set_fill,
    criteria_set_import,
    criteria_set_update,
)

__all__ = [
    "CODE_RE",
    "COSMETIC_FIELDS",
    "CRITERION_FIELDS",
    "DEFAULT_LEAF_METHOD",
    "EXCLUSION_FIELDS",
    "MAX_YEAR",
    "MIN_YEAR",
    "SET_FIELDS",
    "STRUCTURAL_FIELDS",
    "SUM",
    "code_sort_key",
    "criteria_set_clone",
    "criteria_set_create",
    "criteria_set_fill",
    "criteria_set_import",
    "criteria_set_map_predecessors",
    "criteria_set_update",
    "criterion_create",
    "criterion_delete",
    "criterion_exclusion_remove",
    "criterion_exclusion_set",
    "criterion_map_predecessor",
    "criterion_update",
    "method_error_message",
    "parent_code",
    "previous_set",
    "set_usage",
    "tree_order",
    "validate_method",
]
