"""What the one-stop module contributes to the platform (apps.core.hooks). Sections by topic."""

from functools import partial

from django.utils.translation import gettext_lazy as _

from apps.core import hooks
from apps.onestop.permissions import OnestopAction
from apps.org.models import Role
from apps.org.permissions import can

# --- the procedure catalogue -------------------------------------------------------------------

hooks.register(
    hooks.NAVIGATION,
    hooks.NavItem(
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
