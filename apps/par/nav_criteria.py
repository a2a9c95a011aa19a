"""The criteria-set entry of the signed-in navigation; call register_nav_items() from ParConfig.ready()."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from apps.core.navigation import NavItem, register
from apps.org.models import Role
from apps.org.permissions import has_role

# Who needs the criteria (and their guidance): PAR roles province-wide and the units' PAR staff.
READERS = (Role.SECRETARIAT, Role.SYSTEM_ADMIN, Role.LEADER, Role.APPRAISER, Role.FOCAL_POINT, Role.UNIT_HEAD)


def _may_read(user: Any) -> bool:
    return has_role(user, *READERS)


def register_nav_items() -> None:
    register(
        NavItem(label=_("Criteria sets"), url_name="par:criteria_list", allowed=_may_read, icon="list-check", order=30)
    )
