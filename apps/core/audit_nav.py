"""The navigation entry of the audit trail, registered from CoreConfig.ready()."""

from functools import partial

from django.utils.translation import gettext_lazy as _

from apps.core.navigation import NavItem, register
from apps.org.permissions import Action, can

register(
    NavItem(
        label=_("Audit trail"),
        url_name="core:audit",
        allowed=partial(can, action=Action.VIEW_AUDIT),
        icon="journal-text",
        order=90,
    )
)
