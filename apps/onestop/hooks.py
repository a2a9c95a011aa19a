"""What the one-stop module contributes to the platform (apps.core.hooks). Sections by topic."""

from functools import partial
from typing import Any

from django.utils.translation import gettext_lazy as _

from apps.core import hooks
from apps.onestop.permissions import OnestopAction
from apps.org.models import Role
from apps.org.permissions import can

MENU = _("One-stop")  # every one-stop entry in one menu of the bar

# --- the procedure catalogue -------------------------------------------------------------------

hooks.register(
    hooks.NAVIGATION,
    hooks.NavItem(
        group=MENU,
        label=_("Administrative procedures"),
        url_name="onestop:procedure_list",
        allowed=partial(can, action=OnestopAction.READ_CATALOGUE),
        icon="journal-text",
        order=50,
    ),
)
hooks.register(
    hooks.START_CARDS,
    hooks.StartCard(
        "onestop.catalogue",
        Role.ONESTOP_OFFICER,
        _("Administrative procedures"),
        _("The catalogue of procedures: codes, time limits, fees, online mode, inter-agency steps."),
        "onestop:procedure_list",
        "journal-text",
        order=40,
    ),
    hooks.StartCard(
        "onestop.catalogue.resolving",
        Role.RESOLVING_OFFICER,
        _("Administrative procedures"),
        _("The procedures your agency resolves, with their time limits and steps."),
        "onestop:procedure_list",
        "journal-text",
        order=40,
    ),
)
hooks.register(
    hooks.AUDIT_ACTIONS,
    hooks.AuditAction("onestop.procedure.create", _("Procedure added to the catalogue")),
    hooks.AuditAction("onestop.procedure.update", _("Procedure changed")),
    hooks.AuditAction("onestop.procedure.import", _("Procedure catalogue imported from Excel")),
    hooks.AuditAction("onestop.office.create", _("Front office added")),
    hooks.AuditAction("onestop.office.update", _("Front office changed")),
)


# --- receipt, inbox, lifecycle, notifications -----------------------------------------------------

hooks.register(
    hooks.NAVIGATION,
    hooks.NavItem(
        group=MENU,
        label=_("One-stop dossiers"),
        url_name="onestop:inbox",
        allowed=partial(can, action=OnestopAction.VIEW_INBOX),
        icon="inboxes",
        order=48,
    ),
)

hooks.register(
    hooks.START_CARDS,
    hooks.StartCard(
        "onestop.receive",
        Role.ONESTOP_OFFICER,
        _("Receive dossiers"),
        _("Record dossiers handed in at the desk."),
        "onestop:dossier_receive",
        "inbox",
        order=10,
    ),
    hooks.StartCard(
        "onestop.return",
        Role.ONESTOP_OFFICER,
        _("Return results"),
        _("Dossiers ready to hand back to citizens."),
        "onestop:inbox",
        "box-arrow-right",
        order=20,
    ),
    hooks.StartCard(
        "onestop.process",
        Role.RESOLVING_OFFICER,
        _("Dossiers to process"),
        _("Dossiers assigned to you, with their deadlines."),
        "onestop:inbox",
        "folder2-open",
        order=10,
    ),
)


def _dossier_panel(request: Any) -> dict[str, Any] | None:
    from apps.onestop.selectors.dossiers import work_counts

    counts = work_counts(user=request.user)
    return {"key": "onestop-dossiers", "counts": counts}


hooks.register(
    hooks.WORKLIST,
    hooks.WorkPanel(
        "onestop.dossiers",
        (Role.ONESTOP_OFFICER, Role.RESOLVING_OFFICER),
        "onestop/worklists/dossiers.html",
        _dossier_panel,
        order=10,
    ),
)

hooks.register(
    hooks.NOTIFICATION_KINDS,
    hooks.NotificationKind(
        key="onestop.dossier_arrived",
        label=_("Dossier arrived"),
        description=_("A dossier arrived at your unit to be resolved or returned."),
    ),
    hooks.NotificationKind(
        key="onestop.dossier_due_soon",
        label=_("Dossier due soon"),
        description=_("A dossier your unit holds is due on the next working day."),
    ),
    hooks.NotificationKind(
        key="onestop.dossier_overdue",
        label=_("Dossier overdue"),
        description=_("A dossier your unit holds is past its appointment date."),
    ),
    hooks.NotificationKind(
        key="onestop.applicant_received",
        label=_("Dossier received (to the applicant)"),
        description=_("The applicant is told the dossier code and the appointment date."),
    ),
    hooks.NotificationKind(
        key="onestop.applicant_supplement",
        label=_("Supplement requested (to the applicant)"),
        description=_("The applicant is asked for the missing documents."),
    ),
    hooks.NotificationKind(
        key="onestop.applicant_apology",
        label=_("Apology and new date (to the applicant)"),
        description=_("The applicant receives the apology with the reason and the new date."),
    ),
    hooks.NotificationKind(
        key="onestop.applicant_result",
        label=_("Result ready (to the applicant)"),
        description=_("The applicant is told the result is ready."),
    ),
)

hooks.register(
    hooks.AUDIT_ACTIONS,
    *(
        hooks.AuditAction(key, label)
        for key, label in (
            ("onestop.dossier.receive", _("Dossier received")),
            ("onestop.dossier.transfer", _("Dossier transferred")),
            ("onestop.dossier.request_supplement", _("Supplement requested")),
            ("onestop.dossier.receive_supplement", _("Supplement received")),
            ("onestop.dossier.apologise", _("Apology and new date issued")),
            ("onestop.dossier.refuse", _("Dossier refused")),
            ("onestop.dossier.stop", _("Dossier stopped")),
            ("onestop.dossier.resolve", _("Dossier resolved")),
            ("onestop.dossier.return", _("Result returned")),
            ("onestop.dossier.withdraw", _("Dossier withdrawn")),
        )
    ),
)


# --- the standard forms ---------------------------------------------------------------------------

# Entry points: `onestop:register_print` (form 07) and `onestop:form_templates` wait for the start
# cards of the one-stop roles (apps/portal/tests/test_start.py still expects them all "coming");
# a dossier's page lists its forms with `selectors.forms.dossier_form_links(dossier)`.

hooks.register(
    hooks.AUDIT_ACTIONS,
    hooks.AuditAction("onestop.form_template.upload", _("Form template uploaded")),
    hooks.AuditAction("onestop.form_template.reset", _("Form template reset to the shipped one")),
)


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
        group=MENU,
        label=_("One-stop statistics"),
        url_name="onestop:stats",
        allowed=_can_view_stats,
        icon="graph-up",
        order=58,
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
        group=MENU,
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

hooks.register(
    hooks.NAVIGATION,
    hooks.NavItem(
        group=MENU,
        label=_("Import dossiers"),
        url_name="onestop:import_list",
        allowed=partial(can, action=OnestopAction.IMPORT),
        icon="cloud-upload",
        order=68,
    ),
)


# --- the demo province ----------------------------------------------------------------------------


def _load_demo(stdout: object) -> None:
    from apps.onestop.demo import load  # the demo imports services; keep start-up light

    load(stdout)


hooks.register(
    hooks.DEMO_LOADERS,
    hooks.DemoLoader(key="onestop", load=_load_demo, depends_on=("org",), label=_("One-stop dossiers")),
)
