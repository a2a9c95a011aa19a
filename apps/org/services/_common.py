"""What the org services share: search text, field checks, the role caches on a user."""

from typing import Any

from apps.accounts.models import User
from apps.core.text import search_document
from apps.org.models import Unit

UNIT_FIELDS = ["parent", "kind", "code", "name", "short_name", "valid_from", "valid_to", "sort_order", "version"]
UNIT_EDITABLE = frozenset({"parent", "kind", "code", "name", "short_name", "valid_from", "valid_to", "sort_order"})
GROUP_FIELDS = ["code", "name", "description", "version"]
GROUP_EDITABLE = frozenset({"code", "name", "description"})
USER_FIELDS = ["username", "full_name", "email", "position", "phone", "is_active", "version"]
USER_EDITABLE = frozenset({"username", "full_name", "email", "position", "phone"})
MEMBERSHIP_FIELDS = ["user", "unit", "role", "is_active"]


def unit_search_text(unit: Unit) -> str:
    return search_document(unit.name, unit.short_name, unit.code)


def user_search_text(user: User) -> str:
    return search_document(user.full_name, user.username, user.email, user.position)


def check_fields(fields: dict[str, Any], allowed: frozenset[str], what: str) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"{what}: fields that cannot be changed here: {', '.join(sorted(unknown))}")


def forget_cached_grants(user: Any) -> None:
    """Drop the role caches `apps.org.permissions` keeps on a user object."""
    for attr in ("_cchc_grants", "_cchc_own_units"):
        user.__dict__.pop(attr, None)
