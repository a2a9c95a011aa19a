"""Which start page a signed-in user lands on, by their most senior role, and what it offers.

Each page lists cards of what the role does. A card names its target by URL name; a target that
is not built yet (its URL name does not resolve) shows as "coming soon", so the start pages work
whatever part of the platform is ready.
"""

from dataclasses import dataclass
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from apps.org.models import Membership, Role, Unit
from apps.org.permissions import roles_of


@dataclass(frozen=True)
class Card:
    """One thing a role does. `url_name=None` means the feature is coming in a later release."""

    title: str | Promise
    text: str | Promise
    url_name: str | None = None
    icon: str = "circle"
    for_own_unit: bool = False  # the URL takes the pk of the user's unit in this role


@dataclass(frozen=True)
class ResolvedCard:
    title: str | Promise
    text: str | Promise
    icon: str
    url: str | None


@dataclass(frozen=True)
class StartPage:
    role: str
    title: str | Promise
    template: str
    cards: tuple[Card, ...] = ()


_UNITS = Card(_("Units"), _("The tree of departments, communes and their sub-units."), "org:unit_list", "diagram-3")
_PEOPLE = Card(_("People"), _("Civil servants, their roles and their units."), "org:user_list", "people")
_MY_UNIT = Card(
    _("My unit"), _("Your unit, its sub-units and its people."), "org:unit_detail", "building", for_own_unit=True
)

# Most senior first: a person with several roles lands on the first that applies.
_PAGES = [
    StartPage(
        Role.SYSTEM_ADMIN,
        _("Administration"),
        "core/start/system_admin.html",
        (
            _UNITS,
            _PEOPLE,
            Card(_("Audit trail"), _("Who changed what and when; check the chain is intact."), "core:audit", "journal"),
            Card(
                _("Working-day calendar"),
                _("Public holidays, days off and make-up working days of the province."),
                "core:calendar",
                "calendar3",
            ),
            Card(_("API tokens"), _("Tokens for systems that call the CCHC API."), "accounts:api_tokens", "key"),
        ),
    ),
    StartPage(
        Role.SECRETARIAT,
        _("PAR secretariat"),
        "core/start/secretariat.html",
        (
            Card(
                _("PAR periods"),
                _("Open a period, set its criteria and follow the self-assessments."),
                "par:period_list",
                "flag",
            ),
            Card(
                _("Criteria sets"),
                _("Build each year's criteria for departments and communes."),
                "par:criteria_list",
                "diagram-3",
            ),
            _UNITS,
            _PEOPLE,
        ),
    ),
    StartPage(
        Role.LEADER,
        _("Provincial leadership"),
        "core/start/leader.html",
        (
            Card(
                _("PAR Index results"),
                _("Rankings, analysis and charts of the PAR Index."),
                "par:results_periods",
                "bar-chart",
            ),
            _UNITS,
        ),
    ),
    StartPage(
        Role.APPRAISER,
        _("Appraisal"),
        "core/start/appraiser.html",
        (
            Card(
                _("Appraisal queue"),
                _("Self-assessments waiting for your review."),
                "par:appraisal_queue",
                "clipboard-check",
            ),
            _UNITS,
        ),
    ),
    StartPage(
        Role.UNIT_HEAD,
        _("Unit head"),
        "core/start/unit_head.html",
        (
            _MY_UNIT,
            Card(
                _("Approve the self-assessment"),
                _("Check and sign your unit's self-assessment."),
                "par:period_list",
                "pen",
            ),
            _PEOPLE,
        ),
    ),
    StartPage(
        Role.FOCAL_POINT,
        _("Unit focal point"),
        "core/start/focal_point.html",
        (
            _MY_UNIT,
            Card(_("Self-assessment"), _("Score your unit and attach the evidence."), "par:period_list", "list-check"),
            _PEOPLE,
        ),
    ),
    StartPage(
        Role.ONESTOP_OFFICER,
        _("One-stop desk"),
        "core/start/onestop_officer.html",
        (
            Card(_("Receive dossiers"), _("Record dossiers handed in at the desk."), None, "inbox"),
            Card(_("Return results"), _("Dossiers ready to hand back to citizens."), None, "box-arrow-right"),
        ),
    ),
    StartPage(
        Role.RESOLVING_OFFICER,
        _("Dossier processing"),
        "core/start/resolving_officer.html",
        (Card(_("Dossiers to process"), _("Dossiers assigned to you, with their deadlines."), None, "folder2-open"),),
    ),
]
_NO_ROLE = StartPage("", _("My page"), "core/start/no_role.html")


def start_page_for(user: Any) -> StartPage:
    roles = roles_of(user)
    return next((page for page in _PAGES if page.role in roles), _NO_ROLE)


def start_pages() -> list[StartPage]:
    """Every role's start page, most senior first."""
    return list(_PAGES)


def _own_unit(user: Any, role: str) -> Unit | None:
    """The first unit where the user holds `role` (in the tree's order)."""
    membership = (
        Membership.objects.filter(user=user, role=role, is_active=True)
        .select_related("unit")
        .order_by("unit__sort_order", "unit__name")
        .first()
    )
    return membership.unit if membership else None


def _safe_reverse(url_name: str, args: list[Any] | None = None) -> str | None:
    try:
        return reverse(url_name, args=args)
    except NoReverseMatch:
        return None


def cards_for(user: Any, page: StartPage) -> list[ResolvedCard]:
    """The page's cards with their URLs; a card whose page is not available gets `url=None`."""
    unit: Unit | None = None
    if any(card.for_own_unit for card in page.cards):
        unit = _own_unit(user, page.role)
    resolved = []
    for card in page.cards:
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
