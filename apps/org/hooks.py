"""What the organisation app contributes to the platform (apps.core.hooks)."""

from functools import partial

from django.utils.translation import gettext_lazy as _

from apps.core import hooks
from apps.org.models import Role
from apps.org.permissions import OrgAction, can

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
        label=_("Unit groups"),
        url_name="org:group_list",
        allowed=partial(can, action=OrgAction.VIEW_ALL_UNITS),
        icon="collection",
        order=72,
    ),
)

# Start cards: the unit tree and the people, on the pages of the roles that use them (after the
# module cards), and the user's own unit first on the pages of the unit-scoped roles.
_UNITS_TITLE, _UNITS_TEXT = _("Units"), _("The tree of departments, communes and their sub-units.")
_PEOPLE_TITLE, _PEOPLE_TEXT = _("People"), _("Civil servants, their roles and their units.")

hooks.register(
    hooks.START_CARDS,
    *(
        hooks.StartCard(f"org.units.{role.value}", role, _UNITS_TITLE, _UNITS_TEXT, "org:unit_list", "diagram-3", 60)
        for role in (Role.SYSTEM_ADMIN, Role.SECRETARIAT, Role.LEADER, Role.APPRAISER)
    ),
    *(
        hooks.StartCard(f"org.people.{role.value}", role, _PEOPLE_TITLE, _PEOPLE_TEXT, "org:user_list", "people", 61)
        for role in (Role.SYSTEM_ADMIN, Role.SECRETARIAT, Role.UNIT_HEAD, Role.FOCAL_POINT)
    ),
    *(
        hooks.StartCard(
            f"org.my_unit.{role.value}",
            role,
            _("My unit"),
            _("Your unit, its sub-units and its people."),
            "org:unit_detail",
            "building",
            order=5,
            for_own_unit=True,
        )
        for role in (Role.UNIT_HEAD, Role.FOCAL_POINT)
    ),
)


def _load_demo(stdout: object) -> None:
    """The demo province (manage.py seed_demo); imported only when the demo is loaded."""
    from apps.org import demo

    demo.load(stdout)


hooks.register(hooks.DEMO_LOADERS, hooks.DemoLoader(key="org", load=_load_demo))

hooks.register(
    hooks.AUDIT_ACTIONS,
    *(
        hooks.AuditAction(key, label)
        for key, label in (
            ("unit.create", _("Unit created")),
            ("unit.update", _("Unit changed")),
            ("unit.set_predecessors", _("Unit's predecessors set")),
            ("unit_group.create", _("Unit group created")),
            ("unit_group.update", _("Unit group changed")),
            ("unit_group.set_units", _("Units of a group set")),
            ("membership.add", _("Role given")),
            ("membership.remove", _("Role withdrawn")),
        )
    ),
)
