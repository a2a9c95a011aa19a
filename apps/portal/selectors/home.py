"""The public home page: the services the modules open to everyone (`hooks.PUBLIC_SERVICES`)."""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise

from apps.core import hooks


@dataclass(frozen=True)
class ResolvedService:
    title: str | Promise
    text: str | Promise
    icon: str
    url: str | None


def public_services() -> list[ResolvedService]:
    """The contributed services with their URLs; one whose page is not available gets `url=None`."""
    resolved = []
    for service in hooks.get(hooks.PUBLIC_SERVICES):
        url: str | None = None
        if service.url_name:
            try:
                url = reverse(service.url_name)
            except NoReverseMatch:
                url = None
        resolved.append(ResolvedService(service.title, service.text, service.icon, url))
    return resolved
