"""What the organisation app contributes to the platform (apps.core.hooks)."""

from functools import partial

from django.utils.translation import gettext_lazy as _

from apps.core import hooks
from apps.org.permissions import OrgAction, can, sees_all_units

hooks.register(
    hooks.NAVIGATION,
    hooks.NavItem(
        label=_("Units"),
        url_name="org:unit_list",
        allowed=partial(can, action=OrgAction.VIEW_UNITS),
        icon="diagram-3",
        order=70,
    ),
    hooks.NavItem(
        label=_("People"),
        url_name="org:user_list",
        allowed=partial(can, action=OrgAction.VIEW_PEOPLE),
        icon="people",
        order=71,
    ),
    hooks.NavItem(
        label=_("Unit groups"), url_name="org:group_list", allowed=sees_all_units, icon="collection", order=72
    ),
    hooks.NavItem(
        label=_("Working-day calendar"),
        url_name="core:calendar",
        allowed=partial(can, action=OrgAction.MANAGE_CALENDAR),
        icon="calendar3",
        order=80,
    ),
    hooks.NavItem(
        label=_("Audit trail"),
        url_name="core:audit",
        allowed=partial(can, action=OrgAction.VIEW_AUDIT),
        icon="journal-text",
        order=90,
    ),
)


def _load_demo(stdout: object) -> None:
    """The demo province (manage.py seed_demo); imported only when the demo is loaded."""
    from apps.org import demo

    demo.load(stdout)


hooks.register(hooks.DEMO_LOADERS, hooks.DemoLoader(key="org", load=_load_demo))
