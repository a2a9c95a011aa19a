"""Reads of units and people, always scoped to the user asking."""

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from apps.accounts.models import User
from apps.core.text import fold
from apps.org.models import Unit, UnitGroup
from apps.org.permissions import Action, own_unit_ids, require, sees_all_units


def unit_list(*, q: str = "", kind: str = "", include_inactive: bool = True) -> QuerySet[Unit]:
    """Units are not secret: every signed-in user may list the tree (names, codes, kinds)."""
    units = Unit.objects.select_related("parent")
    if q:
        for word in fold(q).split():
            units = units.filter(search_text__contains=word)
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


def unit_group_list() -> QuerySet[UnitGroup]:
    return UnitGroup.objects.prefetch_related("units")


def user_list_for_user(*, user: Any, q: str = "", unit_id: int | None = None) -> QuerySet[User]:
    """People the user may see: everyone for province-wide roles, else the people of their own units."""
    require(user, Action.VIEW_PEOPLE)
    people = User.objects.all()
    if not sees_all_units(user):
        people = people.filter(memberships__unit_id__in=own_unit_ids(user), memberships__is_active=True)
    if unit_id is not None:
        people = people.filter(memberships__unit_id=unit_id)
    if q:
        for word in fold(q).split():
            people = people.filter(Q(search_text__contains=word))
    return people.distinct().prefetch_related("memberships__unit")


def user_get_for_user(*, user: Any, pk: Any) -> User:
    """One person, or 404 when it does not exist or the user may not see it (no existence leak)."""
    try:
        return user_list_for_user(user=user).get(pk=int(pk))
    except (User.DoesNotExist, TypeError, ValueError) as exc:
        raise Http404 from exc
