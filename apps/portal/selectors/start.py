"""Which start page a signed-in user lands on, by their most senior role, and what it shows.

The portal keeps the pages (role, title, template, in order of seniority). What they show comes
from the modules: first the worklist, panels (`hooks.WORKLIST`) of what waits for the user today
in each role they hold; then a short list of shortcuts (`hooks.START_CARDS`), each for one role. A
shortcut names its target by URL name; a target that is not built yet (no URL name, or one that
does not resolve) is listed in one sentence of what is coming, so the start pages work whatever
part of the platform is installed.
"""

from dataclasses import dataclass
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from apps.core import hooks
from apps.org.models import Role
from apps.org.permissions import first_role_of, roles_of
from apps.org.selectors import unit_of_member


@dataclass(frozen=True)
class StartPage:
    role: str
    title: str | Promise
    template: str


@dataclass(frozen=True)
class ResolvedCard:
    title: str | Promise
    text: str | Promise
    icon: str
    url: str | None


# Most senior first: a person with several roles lands on the first that applies.
_PAGES = (
    StartPage(Role.SYSTEM_ADMIN, _("Administration"), "portal/start/system_admin.html"),
    StartPage(Role.SECRETARIAT, _("PAR secretariat"), "portal/start/secretariat.html"),
    StartPage(Role.LEADER, _("Provincial leadership"), "portal/start/leader.html"),
    StartPage(Role.APPRAISER, _("Appraisal"), "portal/start/appraiser.html"),
    StartPage(Role.UNIT_HEAD, _("Unit head"), "portal/start/unit_head.html"),
    StartPage(Role.FOCAL_POINT, _("Unit focal point"), "portal/start/focal_point.html"),
    StartPage(Role.ONESTOP_OFFICER, _("One-stop desk"), "portal/start/onestop_officer.html"),
    StartPage(Role.RESOLVING_OFFICER, _("Dossier processing"), "portal/start/resolving_officer.html"),
)
_NO_ROLE = StartPage("", _("My page"), "portal/start/no_role.html")


@dataclass(frozen=True)
class RenderedPanel:
    key: str
    template: str
    context: dict[str, Any]


def start_pages() -> list[StartPage]:
    """Every role's start page, most senior first."""
    return list(_PAGES)


def start_page_for(user: Any) -> StartPage:
    role = first_role_of(user, [page.role for page in _PAGES])
    return next((page for page in _PAGES if page.role == role), _NO_ROLE)


def start_cards(page: StartPage) -> list[hooks.StartCard]:
    """The cards contributed for the page's role, in their order (none for the page without a role)."""
    if not page.role:
        return []
    return [card for card in hooks.get(hooks.START_CARDS) if card.role == page.role]


def _safe_reverse(url_name: str, args: list[Any] | None = None) -> str | None:
    try:
        return reverse(url_name, args=args)
    except NoReverseMatch:
        return None


def cards_for(user: Any, page: StartPage) -> list[ResolvedCard]:
    """The page's cards with their URLs; a card whose page is not available gets `url=None`."""
    cards = start_cards(page)
    unit = unit_of_member(user=user, role=page.role) if any(card.for_own_unit for card in cards) else None
    resolved = []
    for card in cards:
        url: str | None = None
        text = card.text
        if card.url_name and card.for_own_unit:
            if unit is not None:
                url = _safe_reverse(card.url_name, [unit.pk])
                text = unit.name
        elif card.url_name:
            url = _safe_reverse(card.url_name)
        resolved.append(ResolvedCard(card.title, text, card.icon, url))
    return resolved


def worklist_for(request: Any) -> list[RenderedPanel]:
    """The worklist panels of every role the user holds, in their order; a panel whose context is
    None (nothing waits) is left out."""
    held = roles_of(request.user)
    panels = []
    for panel in hooks.get(hooks.WORKLIST):
        if held.intersection(panel.roles):
            context = panel.context(request)
            if context is not None:
                panels.append(RenderedPanel(panel.key, panel.template, context))
    return panels
