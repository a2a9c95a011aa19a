"""Scoring periods: the list, opening and editing a period, progress and reminders, measured values."""

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from apps.core.errors import ConflictError
from apps.core.input_bounds import MAX_DB_INT
from apps.core.web.responses import form_failure
from apps.org.permissions import can, require
from apps.par import selectors
from apps.par.forms.periods import MeasuredValueForm, PeriodOpenForm, PeriodSettingsForm
from apps.par.metric_sources import SURVEY_INDEX, metric_info
from apps.par.models import AssessmentStatus, MeasuredValue, PeriodStatus, ScoringPeriod
from apps.par.permissions import ParAction, actor_of
from apps.par.services import measured as measured_services
from apps.par.services import periods as period_services
from apps.par.services.reminders import period_reminders_send, reminders_sent_today


def _manageable_period(request: HttpRequest, pk: int) -> ScoringPeriod:
    """404 when the user may not see the period, 403 when they may see it but not manage it."""
    period = selectors.period_get_for_user(user=request.user, pk=pk)
    require(request.user, ParAction.MANAGE)
    return period


# --- List, open, edit -------------------------------------------------------------------------


@require_safe
def period_list(request: HttpRequest) -> HttpResponse:
    periods = list(selectors.period_list_for_user(user=request.user))
    own = selectors.own_assessments_by_period(user=request.user, periods=periods)
    rows = [
        {"period": p, "own": own.get(p.pk, []), "results": can(request.user, ParAction.VIEW_RESULTS, p)}
        for p in periods
    ]
    return render(
        request,
        "par/periods/period_list.html",
        {
            "rows": rows,
            "can_manage": can(request.user, ParAction.MANAGE),
            "can_view_progress": can(request.user, ParAction.VIEW_PROGRESS),
        },
    )


@require_http_methods(["GET", "POST"])
def period_create(request: HttpRequest) -> HttpResponse:
    require(request.user, ParAction.MANAGE)
    template, context = "par/periods/period_form.html", {"period": None}
    if request.method == "GET":
        return render(request, template, {**context, "form": PeriodOpenForm()})
    form = PeriodOpenForm(request.POST)
    if not form.is_valid():
        return form_failure(request, template, context, form)
    data = form.cleaned_data
    try:
        period = period_services.period_open(
            actor=actor_of(request), group=data["group"], criteria_set=data["criteria_set"], **form.service_fields()
        )
    except ValidationError as exc:
        return form_failure(request, template, context, form, exc)
    count = selectors.period_assessment_count(period=period)
    messages.success(request, _("Period opened: %(count)d assessments created.") % {"count": count})
    return redirect("par:period_progress", pk=period.pk)


@require_http_methods(["GET", "POST"])
def period_edit(request: HttpRequest, pk: int) -> HttpResponse:
    period = _manageable_period(request, pk)
    template, context = "par/periods/period_form.html", {"period": period}
    if request.method == "GET":
        form = PeriodSettingsForm(initial=PeriodSettingsForm.initial_for(period), bands=period.bands)
        return render(request, template, {**context, "form": form})
    form = PeriodSettingsForm(request.POST, require_version=True, bands=period.bands)
    if not form.is_valid():
        return form_failure(request, template, context, form)
    try:
        period_services.period_update(
            actor=actor_of(request), period=period, version=form.cleaned_data["version"], **form.service_fields()
        )
    except (ValidationError, ConflictError) as exc:
        return form_failure(request, template, context, form, exc)
    messages.success(request, _("Period saved."))
    return redirect("par:period_progress", pk=period.pk)


# --- Progress and reminders -----------------------------------------------------------------


@require_safe
def period_progress(request: HttpRequest, pk: int) -> HttpResponse:
    period = selectors.period_get_for_user(user=request.user, pk=pk)
    require(request.user, ParAction.VIEW_PROGRESS)
    assessments = selectors.assessment_list_for_user(user=request.user, period=period)
    status = request.GET.get("status", "")
    if status and status not in AssessmentStatus.values:
        return HttpResponseBadRequest(_("Unknown status."))
    if status:
        assessments = assessments.filter(status=status)
    progress = selectors.assessment_progress(period=period)
    empty = {"total": 0, "scored": 0, "lacking_evidence": 0}
    rows = [{"assessment": a, **progress.get(a.pk, empty)} for a in assessments]
    counts = selectors.assessment_status_counts(period=period)
    return render(
        request,
        "par/periods/period_progress.html",
        {
            "period": period,
            "rows": rows,
            "status": status,
            "statuses": [(value, label, counts.get(value, 0)) for value, label in AssessmentStatus.choices],
            "can_manage": can(request.user, ParAction.MANAGE),
            "drafts": counts.get(AssessmentStatus.DRAFT, 0),
            "sent_today": reminders_sent_today(period),
        },
    )


@require_POST
def period_remind(request: HttpRequest, pk: int) -> HttpResponse:
    period = _manageable_period(request, pk)
    if period.status != PeriodStatus.OPEN:
        messages.error(request, _("The period is published; there is nobody to remind."))
    elif reminders_sent_today(period):
        messages.warning(request, _("Reminders for this period were already sent today; they go out once a day."))
    else:
        period_reminders_send(actor=actor_of(request), period=period)
        messages.success(request, _("Reminders are being sent to the units still in draft."))
    return redirect("par:period_progress", pk=period.pk)


# --- Measured values ------------------------------------------------------------------------


def _period_metrics(period: ScoringPeriod) -> list[dict[str, Any]]:
    keys = selectors.period_metric_keys(period=period)
    if period.survey_points > 0 and SURVEY_INDEX not in keys:
        keys.append(SURVEY_INDEX)
    result = []
    for key in keys:
        metric = metric_info(key)
        label = metric.label if metric else key
        if metric and metric.computed:
            label = _("%(label)s (computed by %(source)s)") % {"label": label, "source": metric.source or key}
        result.append(
            {
                "key": key,
                "label": label,
                "unit": metric.unit if metric else "",
                "computed": bool(metric and metric.computed),
            }
        )
    return result


def _cell(period: ScoringPeriod, unit_id: int, metric: str, row: MeasuredValue | None, **extra: Any) -> dict[str, Any]:
    return {"period": period, "unit_id": unit_id, "metric": metric, "value": row, **extra}


@require_safe
def period_measured(request: HttpRequest, pk: int) -> HttpResponse:
    period = _manageable_period(request, pk)
    metrics = _period_metrics(period)
    values = selectors.measured_values_by_cell(period=period)
    rows = [
        {
            "assessment": a,
            "cells": [_cell(period, a.unit_id, m["key"], values.get((a.unit_id, m["key"]))) for m in metrics],
        }
        for a in selectors.period_assessments(period=period)
    ]
    return render(
        request,
        "par/periods/period_measured.html",
        {
            "period": period,
            "metrics": metrics,
            "rows": rows,
            "editable": period.status == PeriodStatus.OPEN,
            "any_computed": any(m["computed"] for m in metrics),
        },
    )


@require_POST
def measured_set(request: HttpRequest, pk: int) -> HttpResponse:
    period = _manageable_period(request, pk)
    form = MeasuredValueForm(request.POST)
    keys = {m["key"] for m in _period_metrics(period)}
    if not form.is_valid():
        error = " ".join(str(e) for errors in form.errors.values() for e in errors)
        return _measured_answer(request, period, form.data, error=error, status=400)
    data = form.cleaned_data
    assessment = selectors.period_assessment_of_unit(period=period, unit_id=data["unit"])
    if assessment is None or data["metric"] not in keys:
        return _measured_answer(
            request, period, form.data, error=_("This unit or metric is not part of the period."), status=400
        )
    try:
        measured_services.measured_value_set(
            actor=actor_of(request),
            period=period,
            unit=assessment.unit,
            metric=data["metric"],
            value=Decimal(data["value"]),
            source_note=data["source_note"],
            version=data["version"],
        )
    except ConflictError as exc:
        return _measured_answer(request, period, form.data, error=str(exc), status=409)
    except ValidationError as exc:
        return _measured_answer(request, period, form.data, error=" ".join(exc.messages), status=400)
    if request.htmx:  # type: ignore[attr-defined]
        return _measured_answer(request, period, form.data, saved=True)
    messages.success(request, _("Value saved."))
    return redirect("par:period_measured", pk=period.pk)


def _measured_answer(
    request: HttpRequest,
    period: ScoringPeriod,
    posted: Any,
    *,
    error: str = "",
    saved: bool = False,
    status: int = 200,
) -> HttpResponse:
    """The cell fragment (htmx), or a short page with the message (plain form post)."""
    metric = str(posted.get("metric", ""))
    try:
        unit_id = int(posted.get("unit", ""))
    except (TypeError, ValueError):
        unit_id = 0
    if not 0 < unit_id <= MAX_DB_INT:  # no such unit, and too large for a query
        unit_id = 0
    row = selectors.measured_value_get(period=period, unit_id=unit_id, metric=metric)
    cell = _cell(
        period,
        unit_id,
        metric,
        row,
        error=error,
        saved=saved,
        typed_value=posted.get("value", "") if error else None,
        typed_source=posted.get("source_note", "") if error else None,
    )
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "par/periods/_measured_cell.html", {"cell": cell, "editable": True}, status=status)
    return render(request, "par/periods/measured_error.html", {"period": period, "cell": cell}, status=status)


@require_POST
def metrics_refresh(request: HttpRequest, pk: int) -> HttpResponse:
    period = _manageable_period(request, pk)
    try:
        count = measured_services.metrics_refresh(actor=actor_of(request), period=period)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("par:period_measured", pk=period.pk)
    messages.success(request, _("Computed metrics refreshed: %(count)d values.") % {"count": count})
    return redirect("par:period_measured", pk=period.pk)
