"""Admin pages of the working-day calendar: the national holidays of a year and the province's overrides."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from apps.accounts.requests import AuthenticatedHttpRequest
from apps.core.calendar_services import (
    calendar_override_create,
    calendar_override_delete,
    calendar_override_update,
)
from apps.core.errors import ConflictError
from apps.core.models import CalendarOverride
from apps.core.web.forms import apply_service_errors
from apps.core.workdays import national_year
from apps.org.permissions import OrgAction, require
from apps.portal.forms.calendar import MAX_YEAR, MIN_YEAR, OverrideEditForm, OverrideForm
from apps.portal.selectors.calendar import calendar_override_get, calendar_override_list


def _get_override_for_user(user: Any, pk: int) -> CalendarOverride:
    require(user, OrgAction.MANAGE_CALENDAR)
    return calendar_override_get(pk=pk)


def _selected_year(request: HttpRequest) -> tuple[int, bool]:
    """The year asked for with ?nam=, and whether the value was valid."""
    today_year = timezone.localdate().year
    raw = request.GET.get("nam", "")
    if not raw:
        return today_year, True
    try:
        year = int(raw)
    except ValueError:
        return today_year, False
    if not MIN_YEAR <= year <= MAX_YEAR:
        return today_year, False
    return year, True


def _holiday_language() -> str:
    return "vi" if (translation.get_language() or "vi").startswith("vi") else "en_US"


def _calendar_page(
    request: HttpRequest, *, year: int, form: forms.Form | None = None, status: int = 200, year_error: bool = False
) -> HttpResponse:
    national = national_year(year, language=_holiday_language())
    overrides = list(calendar_override_list(year=year))
    context = {
        "year": year,
        "years": range(max(MIN_YEAR, year - 3), min(MAX_YEAR, year + 3) + 1),
        "holidays": list(national.holidays.items()),
        "weekend_workdays": sorted(national.weekend_workdays),
        "overrides": overrides,
        "form": form or OverrideForm(),
        "year_error": year_error,
    }
    return render(request, "portal/calendar/calendar.html", context, status=status)


@require_safe
def calendar(request: HttpRequest) -> HttpResponse:
    require(request.user, OrgAction.MANAGE_CALENDAR)
    year, valid = _selected_year(request)
    return _calendar_page(request, year=year, status=200 if valid else 400, year_error=not valid)


@require_POST
def calendar_override_add(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(request.user, OrgAction.MANAGE_CALENDAR)
    form = OverrideForm(request.POST)
    if form.is_valid():
        try:
            override = calendar_override_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            return redirect(f"{reverse('portal:calendar')}?nam={override.date.year}")
    year, _valid = _selected_year(request)
    if form.is_bound and "date" in form.cleaned_data:
        year = form.cleaned_data["date"].year
    return _calendar_page(request, year=year, form=form, status=400)


@require_http_methods(["GET", "HEAD", "POST"])
def calendar_override_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    override = _get_override_for_user(request.user, pk)
    status = 200
    conflict = False
    if request.method == "POST":
        form = OverrideEditForm(request.POST)
        if form.is_valid():
            data = dict(form.cleaned_data)
            version = data.pop("version")
            try:
                calendar_override_update(actor=request.user, override=override, version=version, **data)
            except ConflictError as exc:
                conflict = True
                form.add_error(None, str(exc))
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                return redirect(f"{reverse('portal:calendar')}?nam={override.date.year}")
        status = 409 if conflict else 400
    else:
        form = OverrideEditForm(
            initial={
                "date": override.date,
                "kind": override.kind,
                "reason": override.reason,
                "legal_reference": override.legal_reference,
                "version": override.version,
            }
        )
    if conflict:
        override.refresh_from_db()
    context = {"override": override, "form": form, "conflict": conflict, "title": _("Edit calendar override")}
    return render(request, "portal/calendar/override_edit.html", context, status=status)


@require_POST
def calendar_override_remove(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    override = _get_override_for_user(request.user, pk)
    year = override.date.year
    calendar_override_delete(actor=request.user, override=override)
    return redirect(f"{reverse('portal:calendar')}?nam={year}")
