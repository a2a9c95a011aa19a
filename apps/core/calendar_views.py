"""Admin pages of the working-day calendar: the national holidays of a year and the province's overrides."""

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from apps.core.calendar_services import (
    CONFLICT_CODE,
    calendar_override_create,
    calendar_override_delete,
    calendar_override_update,
)
from apps.core.models import CalendarOverride
from apps.core.workdays import national_year
from apps.org.permissions import OrgAction, require

MIN_YEAR = 2000
MAX_YEAR = 2100


class OverrideForm(forms.Form):
    date = forms.DateField(
        label=gettext_lazy("Date"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"),
        choices=CalendarOverride.Kind.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason"), max_length=255, widget=forms.TextInput(attrs={"class": "form-control"})
    )
    legal_reference = forms.CharField(
        label=gettext_lazy("Legal reference"),
        max_length=255,
        help_text=gettext_lazy("The decision that declares this day, e.g. its number and date."),
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )

    def clean_date(self) -> dt.date:
        value: dt.date = self.cleaned_data["date"]
        if not MIN_YEAR <= value.year <= MAX_YEAR:
            raise ValidationError(
                gettext_lazy("Choose a date between %(first)s and %(last)s."),
                params={"first": MIN_YEAR, "last": MAX_YEAR},
            )
        return value


class OverrideEditForm(OverrideForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


def _get_override_for_user(user: Any, pk: int) -> CalendarOverride:
    require(user, OrgAction.MANAGE_CALENDAR)
    return get_object_or_404(CalendarOverride, pk=pk)


def _apply_service_errors(form: forms.Form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def _is_conflict(exc: ValidationError) -> bool:
    return not hasattr(exc, "error_dict") and any(e.code == CONFLICT_CODE for e in exc.error_list)


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
    overrides = list(CalendarOverride.objects.filter(date__year=year).order_by("date"))
    context = {
        "year": year,
        "years": range(max(MIN_YEAR, year - 3), min(MAX_YEAR, year + 3) + 1),
        "holidays": list(national.holidays.items()),
        "weekend_workdays": sorted(national.weekend_workdays),
        "overrides": overrides,
        "form": form or OverrideForm(),
        "year_error": year_error,
    }
    return render(request, "core/calendar/calendar.html", context, status=status)


@require_safe
def calendar(request: HttpRequest) -> HttpResponse:
    require(request.user, OrgAction.MANAGE_CALENDAR)
    year, valid = _selected_year(request)
    return _calendar_page(request, year=year, status=200 if valid else 400, year_error=not valid)


@require_POST
def calendar_override_add(request: HttpRequest) -> HttpResponse:
    require(request.user, OrgAction.MANAGE_CALENDAR)
    form = OverrideForm(request.POST)
    if form.is_valid():
        try:
            override = calendar_override_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _apply_service_errors(form, exc)
        else:
            return redirect(f"{reverse('core:calendar')}?nam={override.date.year}")
    year, _valid = _selected_year(request)
    if form.is_bound and "date" in form.cleaned_data:
        year = form.cleaned_data["date"].year
    return _calendar_page(request, year=year, form=form, status=400)


@require_http_methods(["GET", "HEAD", "POST"])
def calendar_override_edit(request: HttpRequest, pk: int) -> HttpResponse:
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
            except ValidationError as exc:
                conflict = _is_conflict(exc)
                _apply_service_errors(form, exc)
            else:
                return redirect(f"{reverse('core:calendar')}?nam={override.date.year}")
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
    return render(request, "core/calendar/override_edit.html", context, status=status)


@require_POST
def calendar_override_remove(request: HttpRequest, pk: int) -> HttpResponse:
    override = _get_override_for_user(request.user, pk)
    year = override.date.year
    calendar_override_delete(actor=request.user, override=override)
    return redirect(f"{reverse('core:calendar')}?nam={year}")
