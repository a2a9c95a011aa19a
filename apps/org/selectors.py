"""Reads of units and people, always scoped to the user asking."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from apps.accounts.models import User
from apps.core.text import search_filter
from apps.org.models import Membership, Unit, UnitGroup
from apps.org.permissions import OrgAction, require, scope


def unit_list(*, q: str = "", kind: str = "", include_inactive: bool = True) -> QuerySet[Unit]:
    """Units are not secret: every signed-in user may list the tree (names, codes, kinds)."""
    units = Unit.objects.select_related("parent")
    if q:
        units = units.filter(search_filter("search_text", q))
    if kind:
        units = units.filter(kind=kind)
    if not include_inactive:
        units = units.filter(valid_to__isnull=True)
    return units


def unit_get(*, pk: Any) -> Unit:
    try:
        return Unit.objects.select_related("parent").get(pk=int(pk))
    except (Unit.DoesNotExist, TypeError, ValueError) as exc:
        raise Http404 from exc


def unit_is_active(unit: Unit, *, on: date | None = None) -> bool:
    """A unit is active on a day that falls inside its validity dates (open ends count as open)."""
    day = on or timezone.localdate()
    return not ((unit.valid_from and unit.valid_from > day) or (unit.valid_to and unit.valid_to < day))


@dataclass
class UnitNode:
    unit: Unit
    active: bool
    children: list["UnitNode"] = field(default_factory=list)


def unit_tree(*, on: date | None = None) -> list[UnitNode]:
    """The whole tree of units from one query, roots first, children in the model's order."""
    day = on or timezone.localdate()
    units = list(Unit.objects.all())
    nodes = {u.pk: UnitNode(unit=u, active=unit_is_active(u, on=day)) for u in units}
    roots: list[UnitNode] = []
    for u in units:
        node = nodes[u.pk]
        parent = nodes.get(u.parent_id) if u.parent_id else None
        (parent.children if parent is not None else roots).append(node)
    return roots


def unit_children(*, unit: Unit) -> QuerySet[Unit]:
    return unit.children.all()


def unit_groups_of(*, unit: Unit) -> QuerySet[UnitGroup]:
    return unit.groups.all()


def unit_memberships_for_user(*, user: Any, unit: Unit) -> QuerySet[Membership]:
    """The active people of a unit; only for those who may read the unit's non-public data."""
    require(user, OrgAction.VIEW_UNIT_PRIVATE, unit)
    return (
        Membership.objects.filter(unit=unit, is_active=True)
        .select_related("user")
        .order_by("user__full_name", "user__username", "role")
    )


def unit_of_member(*, user: Any, role: str) -> Unit | None:
    """The first unit (in the tree's order) where the user holds `role` with an active membership."""
    membership = (
        Membership.objects.filter(user=user, role=role, is_active=True)
        .select_related("unit")
        .order_by("unit__sort_order", "unit__name")
        .first()
    )
    return membership.unit if membership else None


def unit_group_list() -> QuerySet[UnitGroup]:
    return UnitGroup.objects.prefetch_related("units")


def unit_group_get(*, pk: Any) -> UnitGroup:
    try:
        return UnitGroup.objects.prefetch_related("units").get(pk=int(pk))
    except (UnitGroup.DoesNotExist, TypeError, ValueError) as exc:
        raise Http404 from exc


def user_list_for_user(*, user: Any, q: str = "", unit_id: int | None = None, role: str = "") -> QuerySet[User]:
    """People the user may see: everyone for province-wide roles, else the people of their own units.

    `unit_id` and `role` filter on one active membership (a person who is focal point of unit X).
    Each person comes with their memberships (active and ended) and each membership's unit.
    """
    require(user, OrgAction.VIEW_PEOPLE)
    people = scope(user, OrgAction.VIEW_PEOPLE, User.objects.all())
    if unit_id is not None or role:
        condition = Q(memberships__is_active=True)
        if unit_id is not None:
            condition &= Q(memberships__unit_id=unit_id)
        if role:
            condition &= Q(memberships__role=role)
        people = people.filter(condition)
    if q:
        people = people.filter(search_filter("search_text", q))
    return people.distinct().prefetch_related(
        Prefetch("memberships", queryset=Membership.objects.select_related("unit"))
    )


def user_get_for_user(*, user: Any, pk: Any) -> User:
    """One person, or 404 when it does not exist or the user may not see it (no existence leak)."""
    try:
        return user_list_for_user(user=user).get(pk=int(pk))
    except (User.DoesNotExist, TypeError, ValueError) as exc:
        raise Http404 from exc


def membership_get(*, pk: Any) -> Membership:
    """One membership by id, for administrators' writes (the caller checks MANAGE_ORG first)."""
    try:
        return Membership.objects.select_related("user", "unit").get(pk=int(pk))
    except (Membership.DoesNotExist, TypeError, ValueError) as exc:
        raise Http404 from exc


def unit_choices_for_user(*, user: Any) -> QuerySet[Unit]:
    """Units offered in a person filter: all for province-wide roles, else the user's own units."""
    return scope(user, OrgAction.VIEW_UNIT_PRIVATE, Unit.objects.all())


def unit_contacts(*, unit_ids: Iterable[int], roles: Iterable[str]) -> dict[int, list[User]]:
    """The active people holding one of `roles` in each unit (active memberships, active users), for
    notifications; one query. A person holding two of the roles appears once per unit."""
    contacts: dict[int, list[User]] = {}
    seen: set[tuple[int, int]] = set()
    memberships = (
        Membership.objects.filter(
            unit_id__in=list(unit_ids), role__in=list(roles), is_active=True, user__is_active=True
        )
        .select_related("user")
        .order_by("unit_id", "user__full_name", "user__username")
    )
    for membership in memberships:
        if (membership.unit_id, membership.user_id) not in seen:
            seen.add((membership.unit_id, membership.user_id))
            contacts.setdefault(membership.unit_id, []).append(membership.user)
    return contacts
