"""What the one-stop module contributes to the platform (apps.core.hooks). Sections by topic."""

from functools import partial  # noqa: F401

from django.utils.translation import gettext_lazy as _

from apps.core import hooks
from apps.onestop.permissions import OnestopAction
from apps.org.models import Role
from apps.org.permissions import can

# --- the procedure catalogue -------------------------------------------------------------------


# --- receipt, inbox, lifecycle, notifications -----------------------------------------------------

hooks.register(
    hooks.START_CARDS,
    hooks.StartCard(
        "onestop.receive",
        Role.ONESTOP_OFFICER,
        _("Receive dossiers"),
        _("Record dossiers handed in at the desk."),
        None,
        "inbox",
        order=10,
    ),
    hooks.StartCard(
        "onestop.return",
        Role.ONESTOP_OFFICER,
        _("Return results"),
        _("Dossiers ready to hand back to citizens."),
        None,
        "box-arrow-right",
        order=20,
    ),
    hooks.StartCard(
        "onestop.process",
        Role.RESOLVING_OFFICER,
        _("Dossiers to process"),
        _("Dossiers assigned to you, with their deadlines."),
        None,
        "folder2-open",
        order=10,
    ),
)


# --- the standard forms ---------------------------------------------------------------------------


# --- statistics and metrics -----------------------------------------------------------------------

from apps.onestop.metrics import METRICS  # noqa: E402


def _can_view_stats(user: object) -> bool:
    return can(user, OnestopAction.VIEW_STATS)


def _timing_tile(user: object) -> dict[str, object] | None:
    from apps.onestop.views.stats import timing_tile  # the selectors load models; keep start-up light

    return timing_tile(user)


hooks.register(hooks.METRICS, *METRICS)
hooks.register(
    hooks.NAVIGATION,
    hooks.NavItem(
        label=_("One-stop statistics"), url_name="onestop:stats", allowed=_can_view_stats, icon="graph-up", order=58
    ),
)
hooks.register(
    hooks.DASHBOARD_TILES,
    hooks.DashboardTile(
        key="onestop.timing",
        title=_("Dossiers resolved this month"),
        template="onestop/stats/_tile.html",
        data=_timing_tile,
        order=30,
    ),
)


# --- the real-time service index ------------------------------------------------------------------


# --- the citizen's look-up ------------------------------------------------------------------------

hooks.register(
    hooks.PUBLIC_SERVICES,
    hooks.PublicService(
        "onestop.lookup",
        _("Dossier look-up"),
        _("Follow your administrative dossier with the code on your receipt."),
        None,
        "search",
        order=30,
    ),
)


# --- imports and the integration API --------------------------------------------------------------


# --- the demo province ----------------------------------------------------------------------------


def _load_demo(stdout: object) -> None:
    from apps.onestop.demo import load  # the demo imports services; keep start-up light

    load(stdout)


hooks.register(
    hooks.DEMO_LOADERS,
    hooks.DemoLoader(key="onestop", load=_load_demo, depends_on=("org",), label=_("One-stop dossiers")),
)
