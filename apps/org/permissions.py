"""Roles, units and the organisation's policy; the place every module imports `can/require/scope` from.

Roles come from memberships (apps.org.models.Membership). Province-wide roles (system admin,
PAR secretariat, leader, appraiser) are not tied to the unit they sit in; the others act on
their own unit and its sub-units only. `can/require/scope` are the one dispatcher of
`apps.core.policies`: each module registers its own action enum and policy.
"""

from collections.abc import Iterable
from enum import StrEnum
from typing import Any

from django.db.models import QuerySet

from apps.accounts.models import User
from apps.core.policies import can, register_policy, require, scope
from apps.org.models import Membership, Role, Unit

PROVINCE_WIDE_VIEWERS = frozenset({Role.SYSTEM_ADMIN, Role.SECRETARIAT, Role.LEADER, Role.APPRAISER})


class OrgAction(StrEnum):
    MANAGE_ORG = "manage_org"  # edit units, groups, people and memberships
    VIEW_PEOPLE = "view_people"  # read people and their contacts
    VIEW_UNIT_PRIVATE = "view_unit_private"  # read a unit's non-public data
    VIEW_AUDIT = "view_audit"
    MANAGE_CALENDAR = "manage_calendar"
    VIEW_UNITS = "view_units"  # the public part of the unit tree: any signed-in user
    VIEW_ALL_UNITS = "view_all_units"  # every unit's non-public data: the province-wide roles


def _grants(user: Any) -> list[tuple[str, int]]:
    """(role, unit id) pairs of the user's active memberships, cached on the user object."""
    cached = getattr(user, "_cchc_grants", None)
    if cached is None:
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            cached = []
        else:
            cached = list(Membership.objects.filter(user=user, is_active=True).values_list("role", "unit_id"))
        user._cchc_grants = cached
    return cached


def roles_of(user: Any) -> set[str]:
    roles = {role for role, _unit in _grants(user)}
    if getattr(user, "is_superuser", False) and user.is_active:
        roles.add(Role.SYSTEM_ADMIN)
    return roles


def has_role(user: Any, *roles: str) -> bool:
    return bool(roles_of(user) & set(roles))


def first_role_of(user: Any, roles: Iterable[str]) -> str | None:
    """The first of `roles` (most senior first) that the user holds, e.g. which start page they land on."""
    held = roles_of(user)
    return next((role for role in roles if role in held), None)


def member_unit_ids(user: Any, *roles: str) -> set[int]:
    """Units where the user holds one of `roles` (any role when none given)."""
    return {unit_id for role, unit_id in _grants(user) if not roles or role in roles}


def sees_all_units(user: Any) -> bool:
    return has_role(user, *PROVINCE_WIDE_VIEWERS)


UNIT_SCOPED_ROLES = tuple(role for role in Role if role not in PROVINCE_WIDE_VIEWERS)


def own_unit_ids(user: Any) -> set[int]:
    """The units the user works for (through a unit-scoped role) and all their sub-units.

    Province-wide roles do not count here: an appraiser sitting in the province unit does not
    thereby become a member of every department (`sees_all_units` answers for them)."""
    roots = member_unit_ids(user, *UNIT_SCOPED_ROLES)
    if not roots:
        return set()
    cached = getattr(user, "_cchc_own_units", None)
    if cached is not None:
        return cached
    result = set(roots)
    frontier = set(roots)
    while frontier:
        frontier = set(Unit.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)) - result
        result |= frontier
    user._cchc_own_units = result
    return result


class OrgPolicy:
    def can(self, user: Any, action: OrgAction, obj: Any) -> bool:
        match action:
            case OrgAction.MANAGE_ORG | OrgAction.VIEW_AUDIT | OrgAction.MANAGE_CALENDAR:
                return has_role(user, Role.SYSTEM_ADMIN)
            case OrgAction.VIEW_PEOPLE:
                return sees_all_units(user) or bool(member_unit_ids(user))
            case OrgAction.VIEW_UNITS:
                return True
            case OrgAction.VIEW_ALL_UNITS:
                return sees_all_units(user)
            case OrgAction.VIEW_UNIT_PRIVATE:
                if sees_all_units(user):
                    return True
                unit_id = obj.pk if isinstance(obj, Unit) else obj
                return unit_id in own_unit_ids(user)
        return False

    def scope(self, user: Any, action: OrgAction, queryset: QuerySet[Any]) -> QuerySet[Any]:
        """Units (or rows with a `unit`) the user may see privately; the people they may see (VIEW_PEOPLE on
        users: everyone for province-wide roles, else the active members of their own units; may repeat a
        person, add `.distinct()`); everything for other actions they may do."""
        if action == OrgAction.VIEW_PEOPLE and queryset.model is User:
            if not self.can(user, action, None):
                return queryset.none()
            if sees_all_units(user):
                return queryset
            return queryset.filter(memberships__unit_id__in=own_unit_ids(user), memberships__is_active=True)
        if action != OrgAction.VIEW_UNIT_PRIVATE:
            return queryset if self.can(user, action, None) else queryset.none()
        if sees_all_units(user):
            return queryset
        field = "pk__in" if queryset.model is Unit else "unit_id__in"
        return queryset.filter(**{field: own_unit_ids(user)})


register_policy(OrgAction, OrgPolicy())

__all__ = [
    "OrgAction",
    "can",
    "first_role_of",
    "has_role",
    "member_unit_ids",
    "own_unit_ids",
    "require",
    "roles_of",
    "scope",
    "sees_all_units",
]
