"""The one permission dispatcher: `can/require/scope(user, action, obj)` for every module.

Each app declares one `Action` StrEnum and one policy object and registers them once, in its
`permissions.py`:

    class ParAction(StrEnum): ...
    class ParPolicy:
        def can(self, user, action, obj) -> bool: ...
        def scope(self, user, action, queryset) -> QuerySet: ...
    register_policy(ParAction, ParPolicy())

`can` dispatches on the action's type, after one guard: an anonymous or deactivated user may do
nothing. Views, selectors, navigation and start cards all call these three functions; role tuples
live only in the apps' `permissions.py`. `apps.org.permissions` re-exports them beside the role
helpers, so a module imports them from there.
"""

from enum import StrEnum
from typing import Any, Protocol, TypeVar

from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db.models import Model, QuerySet

M = TypeVar("M", bound=Model)


class Policy(Protocol):
    def can(self, user: Any, action: Any, obj: Any) -> bool: ...

    def scope(self, user: Any, action: Any, queryset: QuerySet[Any]) -> QuerySet[Any]: ...


_POLICIES: dict[type[StrEnum], Policy] = {}


def register_policy(action_type: type[StrEnum], policy: Policy) -> None:
    existing = _POLICIES.get(action_type)
    if existing is not None and type(existing) is not type(policy):
        raise ImproperlyConfigured(f"A policy for {action_type.__name__} is already registered")
    _POLICIES[action_type] = policy


def _policy_for(action: StrEnum) -> Policy:
    try:
        return _POLICIES[type(action)]
    except KeyError:
        raise ImproperlyConfigured(f"No policy registered for {type(action).__name__}") from None


def is_active_user(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_active", False))


def can(user: Any, action: StrEnum, obj: Any = None) -> bool:
    policy = _policy_for(action)
    if not is_active_user(user):
        return False
    return bool(policy.can(user, action, obj))


def require(user: Any, action: StrEnum, obj: Any = None) -> None:
    if not can(user, action, obj):
        raise PermissionDenied


def scope(user: Any, action: StrEnum, queryset: QuerySet[M]) -> QuerySet[M]:
    """The rows of `queryset` on which `user` may do `action` (none for an anonymous or inactive user)."""
    policy = _policy_for(action)
    if not is_active_user(user):
        return queryset.none()
    return policy.scope(user, action, queryset)
