"""The PAR scoring periods entry of the signed-in navigation. Registered on import (ParConfig.ready)."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from apps.core.navigation import NavItem, register
from apps.org.models import Role
from apps.org.permissions import has_role
from apps.par.permissions import ParAction, can_par


def _sees_periods(user: Any) -> bool:
    return can_par(user, ParAction.VIEW_PROGRESS) or has_role(user, Role.FOCAL_POINT, Role.UNIT_HEAD)


def register_nav_items() -> None:
    register(
        NavItem(
            label=_("PAR scoring"), url_name="par:period_list", allowed=_sees_periods, icon="clipboard-check", order=20
        )
    )
