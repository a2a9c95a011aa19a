"""Which start page a signed-in user lands on, by their most senior role."""

from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from apps.org.models import Role
from apps.org.permissions import roles_of


@dataclass(frozen=True)
class StartPage:
    role: str
    title: str | Promise
    template: str


# Most senior first: a person with several roles lands on the first that applies.
_PAGES = [
    StartPage(Role.SYSTEM_ADMIN, _("Administration"), "core/start/system_admin.html"),
    StartPage(Role.SECRETARIAT, _("PAR secretariat"), "core/start/secretariat.html"),
    StartPage(Role.LEADER, _("Provincial leadership"), "core/start/leader.html"),
    StartPage(Role.APPRAISER, _("Appraisal"), "core/start/appraiser.html"),
    StartPage(Role.UNIT_HEAD, _("Unit head"), "core/start/unit_head.html"),
    StartPage(Role.FOCAL_POINT, _("Unit focal point"), "core/start/focal_point.html"),
    StartPage(Role.ONESTOP_OFFICER, _("One-stop desk"), "core/start/onestop_officer.html"),
    StartPage(Role.RESOLVING_OFFICER, _("Dossier processing"), "core/start/resolving_officer.html"),
]
_NO_ROLE = StartPage("", _("My page"), "core/start/no_role.html")


def start_page_for(user: Any) -> StartPage:
    roles = roles_of(user)
    return next((page for page in _PAGES if page.role in roles), _NO_ROLE)
