"""The appraisal entry of the signed-in navigation, registered from ParConfig.ready()."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from apps.core.navigation import NavItem, register
from apps.par.permissions import is_appraiser


def _may_appraise(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and is_appraiser(user))


def register_nav_items() -> None:
    register(
        NavItem(
            label=_("Appraisal"),
            url_name="par:appraisal_queue",
            allowed=_may_appraise,
            icon="clipboard-check",
            order=42,
        )
    )
