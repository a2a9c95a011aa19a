"""What the one-stop module contributes to the platform (apps.core.hooks). Sections by topic."""

from functools import partial

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


# --- the real-time service index ------------------------------------------------------------------

from typing import Any  # noqa: E402

from apps.core.metrics import Metric, MetricUnit  # noqa: E402


def _index_metric(name: str) -> Any:
    def compute(window: Any, unit_ids: list[int]) -> Any:
        from apps.onestop.selectors import index as index_selectors  # the selectors read models; keep start-up light

        return getattr(index_selectors, name)(window, unit_ids)

    return compute


def _index_tile(user: Any) -> dict[str, Any] | None:
    if not can(user, OnestopAction.VIEW_STATS):
        return None
    from apps.onestop.views.index import tile_context

    return tile_context(user)


hooks.register(
    hooks.METRICS,
    Metric(
        key="onestop.online_procedure_rate",
        label=_("Procedures offered online"),
        unit=MetricUnit.RATIO,
        source=_("One-stop system"),
        compute=_index_metric("online_procedure_rate"),
    ),
    Metric(
        key="onestop.service_index",
        label=_("Real-time service index (Decision 766)"),
        unit=MetricUnit.POINTS,
        source=_("One-stop system"),
        compute=_index_metric("service_index"),
    ),
)
hooks.register(
    hooks.NAVIGATION,
    hooks.NavItem(
        label=_("Service index"),
        url_name="onestop:index_ranking",
        allowed=partial(can, action=OnestopAction.VIEW_STATS),
        icon="speedometer2",
        order=56,
    ),
)
hooks.register(
    hooks.DASHBOARD_TILES,
    hooks.DashboardTile(
        key="onestop.service_index",
        title=_("Real-time service index"),
        template="onestop/index/_tile.html",
        data=_index_tile,
        order=40,
    ),
)
hooks.register(
    hooks.AUDIT_ACTIONS,
    hooks.AuditAction("onestop.index.indicator_update", _("Service index indicator changed")),
    hooks.AuditAction("onestop.index.indicator_create", _("Service index indicator added")),
    hooks.AuditAction("onestop.index.indicator_delete", _("Service index indicator removed")),
    hooks.AuditAction("onestop.index.value_enter", _("Service index value entered")),
)


# --- the citizen's look-up ------------------------------------------------------------------------

hooks.register(
    hooks.PUBLIC_SERVICES,
    hooks.PublicService(
        "onestop.lookup",
        _("Dossier look-up"),
        _("Follow your administrative dossier with the code on your receipt."),
        "onestop_public:lookup",
        "search",
        order=30,
    ),
)
hooks.register(hooks.PUBLIC_URLS, hooks.PublicUrl("onestop_public:lookup"))


# --- imports and the integration API --------------------------------------------------------------


# --- the demo province ----------------------------------------------------------------------------


def _load_demo(stdout: object) -> None:
    from apps.onestop.demo import load  # the demo imports services; keep start-up light

    load(stdout)


hooks.register(
    hooks.DEMO_LOADERS,
    hooks.DemoLoader(key="onestop", load=_load_demo, depends_on=("org",), label=_("One-stop dossiers")),
)
