"""What PAR scoring contributes to the platform (apps.core.hooks)."""

from functools import partial

from django.utils.translation import gettext_lazy as _

from apps.core import hooks
from apps.org.permissions import can
from apps.par.permissions import ParAction

hooks.register(
    hooks.NAVIGATION,
    hooks.NavItem(
        label=_("PAR scoring"),
        url_name="par:period_list",
        allowed=partial(can, action=ParAction.VIEW_PERIODS),
        icon="clipboard-check",
        order=20,
    ),
    hooks.NavItem(
        label=_("Criteria sets"),
        url_name="par:criteria_list",
        allowed=partial(can, action=ParAction.READ_CRITERIA),
        icon="list-check",
        order=30,
    ),
    hooks.NavItem(
        label=_("Appraisal"),
        url_name="par:appraisal_queue",
        allowed=partial(can, action=ParAction.APPRAISE),
        icon="clipboard-check",
        order=42,
    ),
    hooks.NavItem(
        label=_("PAR results"),
        url_name="par:results_periods",
        allowed=partial(can, action=ParAction.VIEW_RESULTS_LIST),
        icon="bar-chart-line",
        order=45,
    ),
)


def _load_demo(stdout: object) -> None:
    """The PAR Index demo (manage.py seed_demo); imported only when the demo is loaded."""
    from apps.par import demo

    demo.load(stdout)


hooks.register(hooks.DEMO_LOADERS, hooks.DemoLoader(key="par", load=_load_demo, depends_on=("org",)))
