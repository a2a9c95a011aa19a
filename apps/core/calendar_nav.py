"""The navigation entry of the working-day calendar, registered from CoreConfig.ready()."""

from functools import partial

from django.utils.translation import gettext_lazy as _

from apps.core.navigation import NavItem, register
from apps.org.permissions import Action, can

register(
    NavItem(
        label=_("Working-day calendar"),
        url_name="core:calendar",
        allowed=partial(can, action=Action.MANAGE_CALENDAR),
        icon="calendar3",
        order=80,
    )
)
