"""Template helpers of the dossier pages."""

from typing import Any

from django import template
from django.urls import NoReverseMatch, reverse

register = template.Library()

BADGES = {
    "received": "text-bg-info",
    "processing": "text-bg-primary",
    "supplement": "text-bg-warning",
    "resolved": "text-bg-success",
    "returned": "text-bg-secondary",
    "refused": "text-bg-danger",
    "stopped": "text-bg-danger",
    "withdrawn": "text-bg-dark",
}


@register.simple_tag
def url_if_exists(name: str, **kwargs: Any) -> str:
    """The URL of `name`, or "" while the page it names is not built (a link guarded by {% if %})."""
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return ""


@register.filter
def state_badge(state: str) -> str:
    return BADGES.get(state, "text-bg-light")


@register.filter
def document_kind(kind: str) -> str:
    from apps.onestop.forms.dossiers import DOCUMENT_KINDS

    return str(dict(DOCUMENT_KINDS).get(kind, kind))
