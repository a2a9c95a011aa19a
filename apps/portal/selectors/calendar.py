"""Reads of the working-day calendar's overrides (the caller checks MANAGE_CALENDAR first)."""

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from apps.core.models import CalendarOverride


def calendar_override_list(*, year: int) -> QuerySet[CalendarOverride]:
    return CalendarOverride.objects.filter(date__year=year).order_by("date")


def calendar_override_get(*, pk: Any) -> CalendarOverride:
    try:
        return CalendarOverride.objects.get(pk=int(pk))
    except (CalendarOverride.DoesNotExist, TypeError, ValueError) as exc:
        raise Http404 from exc
