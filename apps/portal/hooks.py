"""What the portal contributes to the platform (apps.core.hooks): its own pages in the navigation,
the administrator's start cards, the public services not built yet, and the public URL names of the
portal and of the project-level views (language switch, JavaScript catalogue, API docs)."""

from functools import partial

from django.utils.translation import gettext_lazy as _

from apps.core import hooks
from apps.org.models import Role
from apps.org.permissions import OrgAction, can

hooks.register(
    hooks.NAVIGATION,
    hooks.NavItem(
        label=_("Working-day calendar"),
        url_name="portal:calendar",
        allowed=partial(can, action=OrgAction.MANAGE_CALENDAR),
        icon="calendar3",
        order=80,
    ),
    hooks.NavItem(
        label=_("Audit trail"),
        url_name="portal:audit",
        allowed=partial(can, action=OrgAction.VIEW_AUDIT),
        icon="journal-text",
        order=90,
    ),
)

hooks.register(
    hooks.START_CARDS,
    hooks.StartCard(
        "portal.audit",
        Role.SYSTEM_ADMIN,
        _("Audit trail"),
        _("Who changed what and when; check the chain is intact."),
        "portal:audit",
        "journal",
        order=80,
    ),
    hooks.StartCard(
        "portal.calendar",
        Role.SYSTEM_ADMIN,
        _("Working-day calendar"),
        _("Public holidays, days off and make-up working days of the province."),
        "portal:calendar",
        "calendar3",
        order=81,
    ),
)

hooks.register(
    hooks.PUBLIC_SERVICES,
    hooks.PublicService(
        "surveys.satisfaction",
        _("Satisfaction survey"),
        _("Tell us how you were served by a department or a one-stop desk."),
        None,
        "emoji-smile",
        order=20,
    ),
    hooks.PublicService(
        "initiatives.public",
        _("Reform initiatives"),
        _("Ideas to make administrative procedures simpler, and what became of them."),
        None,
        "lightbulb",
        order=40,
    ),
    hooks.PublicService(
        "portal.api_docs",
        _("API documentation"),
        _("For developers: the CCHC API and its data."),
        "api-1.0.0:openapi-view",
        "code-slash",
        order=90,
    ),
)

hooks.register(
    hooks.PUBLIC_URLS,
    hooks.PublicUrl("portal:home"),
    # Project-level views (config/urls.py, config/api.py).
    hooks.PublicUrl("set_language"),
    hooks.PublicUrl("javascript-catalog"),
    hooks.PublicUrl("api-1.0.0:openapi-json"),
    hooks.PublicUrl("api-1.0.0:openapi-view"),
)
