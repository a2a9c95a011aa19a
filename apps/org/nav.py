"""The organisation entries of the signed-in navigation, registered from OrgConfig.ready()."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from apps.core.navigation import NavItem, register
from apps.org.permissions import Action, can, sees_all_units


def _signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def _may_view_people(user: Any) -> bool:
    return can(user, Action.VIEW_PEOPLE)


def register_nav_items() -> None:
    register(NavItem(label=_("Units"), url_name="org:unit_list", allowed=_signed_in, icon="diagram-3", order=70))
    register(NavItem(label=_("People"), url_name="org:user_list", allowed=_may_view_people, icon="people", order=71))
    register(
        NavItem(label=_("Unit groups"), url_name="org:group_list", allowed=sees_all_units, icon="collection", order=72)
    )
