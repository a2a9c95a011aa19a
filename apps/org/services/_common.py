"""What the org services share: search text, field checks, the role caches on a user."""

from typing import Any

from apps.accounts.models import User
from apps.core.text import search_document
from apps.org.models import Unit

UNIT_FIELDS = [
    *("parent", "kind", "code", "name", "short_name", "abbreviation"),
    *("valid_from", "valid_to", "sort_order", "version"),
]
GROUP_FIELDS = ["code", "name", "description", "version"]
USER_FIELDS = ["username", "full_name", "email", "position", "phone", "is_active", "version"]
MEMBERSHIP_FIELDS = ["user", "unit", "role", "is_active"]


class _Unset:
    """An argument left out of a partial update (None is a value: an open end date, no parent)."""

    def __repr__(self) -> str:
        return "UNSET"


UNSET: Any = _Unset()


def given(**values: Any) -> dict[str, Any]:
    """The arguments of a partial update that were given."""
    return {name: value for name, value in values.items() if value is not UNSET}


def unit_search_text(unit: Unit) -> str:
    return search_document(unit.name, unit.short_name, unit.code)


def user_search_text(user: User) -> str:
    return search_document(user.full_name, user.username, user.email, user.position)


def forget_cached_grants(user: Any) -> None:
    """Drop the role caches `apps.org.permissions` keeps on a user object."""
    for attr in ("_cchc_grants", "_cchc_own_units"):
        user.__dict__.pop(attr, None)
