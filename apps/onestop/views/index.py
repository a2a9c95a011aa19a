"""Pages of the real-time service index (Decision 766): the ranking of units for a month, a unit's
scores and 12-month trend, the definition (edited by the secretariat), the entered-values grid."""

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from apps.core.errors import ConflictError
from apps.core.web.responses import form_failure, refused
from apps.onestop.forms.index import EnteredValueForm, IndicatorForm
from apps.onestop.models import IndexDefinition, IndexIndicator
from apps.onestop.permissions import OnestopAction
from apps.onestop.selectors import index as selectors
from apps.onestop.services import index as services
from apps.org.permissions import can, require

TREND_MONTHS = 12


def current_month() -> date:
    return timezone.localdate().replace(day=1)


def last_complete_month() -> date:
    return (current_month() - timedelta(days=1)).replace(day=1)


def _month(request: HttpRequest) -> date:
    """The month asked for; by default the last complete one (the current month is still filling)."""
    return selectors.parse_month(request.GET.get("thang"), last_complete_month())


def _num(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def month_label(month: date) -> str:
    return date_format(month, "YEAR_MONTH_FORMAT")


# --- the ranking ---------------------------------------------------------------------------------


def _ranking_context(request: HttpRequest) -> dict[str, Any]:
    require(request.user, OnestopAction.VIEW_STATS)
    month = _month(request)
    definition, scores = selectors.ranking_for_user(user=request.user, month=month)
    ranked = [s for s in scores if s.rank is not None]
    return {
        "month": month,
        "month_value": f"{month:%Y-%m}",
        "definition": definition,
        "scores": scores,
        "chart": {
            "units": [s.unit_name for s in ranked],
            "values": [_num(s.total) for s in ranked],
            "max": _num(ranked[0].max_total) if ranked else 100,
            "name": _("Points"),
        },
        "can_manage": can(request.user, OnestopAction.MANAGE_INDEX),
    }


@require_safe
def index_ranking(request: HttpRequest) -> HttpResponse:
    return render(request, "onestop/index/ranking.html", _ranking_context(request))


@require_safe
def index_ranking_results(request: HttpRequest) -> HttpResponse:
    return render(request, "onestop/index/_ranking.html", _ranking_context(request))


# --- a unit --------------------------------------------------------------------------------------


def trend_chart(points: list[tuple[date, Decimal | None]], name: str) -> dict[str, Any]:
    labels = [date_format(month, "YEAR_MONTH_FORMAT") for month, _total in points]
    return {
        "name": name,
        "months": [date_format(month, "m/Y") for month, _total in points],  # the axis: 03/2026
        "labels": labels,
        "values": [_num(total) for _month, total in points],
        "table": {
            "head": [_("Month"), _("Points")],
            "rows": [[label, _num(total)] for label, (_m, total) in zip(labels, points, strict=True)],
        },
    }


@require_safe
def index_unit(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, OnestopAction.VIEW_STATS)
    unit = selectors.unit_get_for_user(user=request.user, pk=pk)
    month = _month(request)
    definition, score = selectors.unit_month(unit, month)
    groups = []
    if score is not None:
        by_group: dict[str, dict[str, Any]] = {}
        for item in score.indicators:
            group = by_group.setdefault(
                item.indicator.group,
                {"name": item.indicator.group, "items": [], "points": Decimal(0), "max": Decimal(0)},
            )
            group["items"].append(item)
            group["points"] += item.points
            group["max"] += item.indicator.max_points
        groups = list(by_group.values())
    trend = selectors.unit_trend(unit, month, TREND_MONTHS)
    context = {
        "unit": unit,
        "month": month,
        "month_value": f"{month:%Y-%m}",
        "definition": definition,
        "score": score,
        "groups": groups,
        "trend_chart": trend_chart(trend, unit.name),
    }
    return render(request, "onestop/index/unit.html", context)


# --- the definition ------------------------------------------------------------------------------


def _definition_for(request: HttpRequest) -> IndexDefinition:
    definition = selectors.definition_in_force(current_month())
    if definition is None:
        raise Http404
    return definition


@require_safe
def index_definition(request: HttpRequest) -> HttpResponse:
    require(request.user, OnestopAction.VIEW_STATS)
    definition = _definition_for(request)
    return render(
        request,
        "onestop/index/definition.html",
        {
            "definition": definition,
            "groups": selectors.groups_of(definition),
            "max_total": selectors.max_total(definition),
            "can_manage": can(request.user, OnestopAction.MANAGE_INDEX),
        },
    )


def _indicator_initial(indicator: IndexIndicator) -> dict[str, Any]:
    return {
        "group": indicator.group,
        "code": indicator.code,
        "name": indicator.name,
        "max_points": indicator.max_points,
        "formula": indicator.formula,
        "full_at": None if indicator.full_at is None else indicator.full_at * 100,
        "source": indicator.source,
        "version": indicator.definition.version,
    }


def _indicator_values(form: IndicatorForm) -> dict[str, Any]:
    data = form.cleaned_data
    return {
        "version": data["version"],
        "group": data["group"],
        "code": data["code"],
        "name": data["name"],
        "max_points": data["max_points"],
        "formula": data["formula"],
        "full_at": form.ratio(),
        "source": data["source"],
    }


@require_http_methods(["GET", "HEAD", "POST"])
def index_indicator_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, OnestopAction.VIEW_STATS)
    indicator = selectors.indicator_get(pk)
    require(request.user, OnestopAction.MANAGE_INDEX)
    template = "onestop/index/indicator_form.html"
    context: dict[str, Any] = {"indicator": indicator, "definition": indicator.definition}
    if request.method != "POST":
        form = IndicatorForm(initial=_indicator_initial(indicator), require_version=True)
        return render(request, template, {**context, "form": form})
    form = IndicatorForm(request.POST, require_version=True)
    if not form.is_valid():
        return render(request, template, {**context, "form": form}, status=400)
    try:
        services.indicator_update(actor=request.user, indicator=indicator, **_indicator_values(form))  # type: ignore[arg-type]
    except (ValidationError, ConflictError) as exc:
        return form_failure(request, template, {**context, "form": form}, exc=exc)
    messages.success(request, _("Indicator saved."))
    return redirect("onestop:index_definition")


@require_http_methods(["GET", "HEAD", "POST"])
def index_indicator_add(request: HttpRequest) -> HttpResponse:
    require(request.user, OnestopAction.MANAGE_INDEX)
    definition = _definition_for(request)
    template = "onestop/index/indicator_form.html"
    context: dict[str, Any] = {"indicator": None, "definition": definition}
    if request.method != "POST":
        form = IndicatorForm(initial={"version": definition.version, "max_points": 0}, require_version=True)
        return render(request, template, {**context, "form": form})
    form = IndicatorForm(request.POST, require_version=True)
    if not form.is_valid():
        return render(request, template, {**context, "form": form}, status=400)
    try:
        services.indicator_create(actor=request.user, definition=definition, **_indicator_values(form))  # type: ignore[arg-type]
    except (ValidationError, ConflictError) as exc:
        return form_failure(request, template, {**context, "form": form}, exc=exc)
    messages.success(request, _("Indicator added."))
    return redirect("onestop:index_definition")


@require_POST
def index_indicator_delete(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, OnestopAction.VIEW_STATS)
    indicator = selectors.indicator_get(pk)
    require(request.user, OnestopAction.MANAGE_INDEX)
    try:
        services.indicator_delete(actor=request.user, indicator=indicator, version=request.POST.get("version"))  # type: ignore[arg-type]
    except (ValidationError, ConflictError) as exc:
        return refused(request, exc, back=reverse("onestop:index_definition"))
    messages.success(request, _("Indicator removed."))
    return redirect("onestop:index_definition")


# --- the entered values --------------------------------------------------------------------------


def _values_context(request: HttpRequest, month: date) -> dict[str, Any]:
    """The grid of a month; `chi_tieu` narrows it to one indicator (one column fits a phone)."""
    definition = selectors.definition_in_force(month)
    units = list(selectors.index_units())
    enterable = selectors.enterable(definition) if definition else []
    try:
        chosen = int(request.GET.get("chi_tieu") or request.POST.get("chi_tieu") or 0)
    except ValueError:
        chosen = 0
    shown = [i for i in enterable if i.pk == chosen] or enterable
    return {
        "month": month,
        "month_value": f"{month:%Y-%m}",
        "definition": definition,
        "all_indicators": enterable,
        "chosen": chosen if len(shown) == 1 and len(enterable) > 1 else 0,
        "indicators": shown,
        "rows": selectors.entered_grid(definition, month, units, shown) if definition else [],
    }


@require_safe
def index_values(request: HttpRequest) -> HttpResponse:
    require(request.user, OnestopAction.MANAGE_INDEX)
    return render(request, "onestop/index/values.html", _values_context(request, _month(request)))


@require_POST
def index_value_save(request: HttpRequest) -> HttpResponse:
    require(request.user, OnestopAction.MANAGE_INDEX)
    form = EnteredValueForm(request.POST)
    month = selectors.parse_month(request.POST.get("month"), current_month())
    error = ""
    exc: Exception | None = None
    if form.is_valid():
        data = form.cleaned_data
        indicator = IndexIndicator.objects.filter(pk=data["indicator"]).select_related("definition").first()
        unit = selectors.index_units().filter(pk=data["unit"]).first()
        definition = selectors.definition_in_force(month)
        allowed = definition is not None and indicator is not None and indicator.definition_id == definition.pk
        if not allowed or unit is None or indicator is None:
            raise Http404
        try:
            services.index_value_enter(
                actor=request.user,  # type: ignore[arg-type]
                indicator=indicator,
                unit=unit,
                month=month,
                value=form.ratio(),
                note=data["note"],
                version=data["version"],
            )
        except (ValidationError, ConflictError) as caught:
            exc = caught
            error = str(caught) if isinstance(caught, ConflictError) else " ".join(caught.messages)
    else:
        error = " ".join(str(e) for errors in form.errors.values() for e in errors)
    if error:
        context = _values_context(request, month)
        context.update(
            {
                "error": error,
                "error_cell": (request.POST.get("indicator"), request.POST.get("unit")),
                "typed": request.POST.get("value", ""),
            }
        )
        status = 409 if isinstance(exc, ConflictError) else 400
        return render(request, "onestop/index/values.html", context, status=status)
    messages.success(request, _("Value saved."))
    query = f"thang={month:%Y-%m}"
    chosen = str(request.POST.get("chi_tieu", ""))
    if chosen.isdigit() and len(chosen) < 19:
        query += f"&chi_tieu={int(chosen)}"
    return redirect(f"{reverse('onestop:index_values')}?{query}")


# --- the dashboard tile --------------------------------------------------------------------------


def tile_context(user: Any) -> dict[str, Any] | None:
    month = current_month()
    definition, scores = selectors.ranking_for_user(user=user, month=month)
    if definition is None:
        return None
    ranked = [s for s in scores if s.rank is not None]
    return {"month": month, "top": ranked[:5], "count": len(ranked)}
