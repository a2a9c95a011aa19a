"""The PAR results entry of the signed-in navigation; ParConfig.ready() calls register_nav_items()."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from apps.core.navigation import NavItem, register
from apps.org.permissions import member_unit_ids
from apps.par.permissions import ParAction, can_par


def _sees_results(user: Any) -> bool:
    return can_par(user, ParAction.VIEW_PROGRESS) or bool(member_unit_ids(user))


def register_nav_items() -> None:
    register(
        NavItem(
            label=_("PAR results"),
            url_name="par:results_periods",
            allowed=_sees_results,
            icon="bar-chart-line",
            order=45,
        )
    )
