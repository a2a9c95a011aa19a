"""`{% dossier_url pk %}`: the dossier's page, or "" while no page of that name exists (the dossier
pages come with the inbox work; the statistics never break on a missing URL)."""

from django import template
from django.urls import NoReverseMatch, reverse

register = template.Library()


@register.simple_tag
def dossier_url(pk: int) -> str:
    try:
        return reverse("onestop:dossier_detail", kwargs={"pk": pk})
    except NoReverseMatch:
        return ""


@register.filter
def percent(value: object) -> object:
    """A ratio (0.85) as a percentage number (85), None kept."""
    from decimal import Decimal

    return None if value is None else Decimal(str(value)) * 100
