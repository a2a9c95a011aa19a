"""What the one-stop module contributes to the platform (apps.core.hooks). Sections by topic."""

from functools import partial  # noqa: F401

from django.utils.translation import gettext_lazy as _

from apps.core import hooks
from apps.onestop.permissions import OnestopAction  # noqa: F401
from apps.org.models import Role
from apps.org.permissions import can  # noqa: F401

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

# Entry points: `onestop:register_print` (form 07) and `onestop:form_templates` wait for the start
# cards of the one-stop roles (apps/portal/tests/test_start.py still expects them all "coming");
# a dossier's page lists its forms with `selectors.forms.dossier_form_links(dossier)`.

hooks.register(
    hooks.AUDIT_ACTIONS,
    hooks.AuditAction("onestop.form_template.upload", _("Form template uploaded")),
    hooks.AuditAction("onestop.form_template.reset", _("Form template reset to the shipped one")),
)


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
