"""What a citizen or business can use on the public home page, without signing in."""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class PublicService:
    """One public service. `url_name=None` means it is coming in a later release."""

    title: str | Promise
    text: str | Promise
    url_name: str | None = None
    icon: str = "circle"


@dataclass(frozen=True)
class ResolvedService:
    title: str | Promise
    text: str | Promise
    icon: str
    url: str | None


_SERVICES = (
    PublicService(
        _("PAR Index results"),
        _("The administrative reform index of every department and commune, year by year."),
        "par_public:index",
        "bar-chart-line",
    ),
    PublicService(
        _("Satisfaction survey"),
        _("Tell us how you were served by a department or a one-stop desk."),
        None,
        "emoji-smile",
    ),
    PublicService(
        _("Dossier look-up"),
        _("Follow your administrative dossier with the code on your receipt."),
        None,
        "search",
    ),
    PublicService(
        _("Reform initiatives"),
        _("Ideas to make administrative procedures simpler, and what became of them."),
        None,
        "lightbulb",
    ),
    PublicService(
        _("API documentation"),
        _("For developers: the CCHC API and its data."),
        "api-1.0.0:openapi-view",
        "code-slash",
    ),
)


def public_services() -> list[ResolvedService]:
    """The services with their URLs; one whose page is not available gets `url=None`."""
    resolved = []
    for service in _SERVICES:
        url: str | None = None
        if service.url_name:
            try:
                url = reverse(service.url_name)
            except NoReverseMatch:
                url = None
        resolved.append(ResolvedService(service.title, service.text, service.icon, url))
    return resolved
