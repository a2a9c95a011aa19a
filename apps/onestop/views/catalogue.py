"""One-stop pages: the procedure catalogue (list, picker, detail, form, Excel) and the front offices.

Reading needs READ_CATALOGUE (one-stop and resolving officers, province-wide roles); every change
needs MANAGE_CATALOGUE (one-stop officers, the administrator). Anyone else gets 403; a missing row 404.
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from apps.accounts.requests import AuthenticatedHttpRequest
from apps.core.errors import ConflictError
from apps.core.web.responses import form_failure, refused
from apps.onestop import excel_catalogue
from apps.onestop.forms.catalogue import (
    BaseStepFormSet,
    CatalogueImportForm,
    OfficeFilterForm,
    OfficeForm,
    ProcedureFilterForm,
    ProcedureForm,
    StepFormSet,
    legacy_level_label,
    step_initial,
)
from apps.onestop.models import Procedure
from apps.onestop.permissions import OnestopAction
from apps.onestop.selectors import procedures as selectors
from apps.onestop.services import procedures as services
from apps.org.permissions import can, require

PAGE_SIZE = 50


def _read(request: HttpRequest) -> None:
    require(request.user, OnestopAction.READ_CATALOGUE)


def _manage(request: HttpRequest) -> None:
    require(request.user, OnestopAction.MANAGE_CATALOGUE)


# --- the list ---------------------------------------------------------------------------------------


def _results_context(request: HttpRequest) -> dict[str, Any]:
    form = ProcedureFilterForm(
        request.GET or None, fields=selectors.procedure_fields(), agencies=selectors.procedure_agencies()
    )
    filters: dict[str, Any] = {}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = {
            "q": data["q"].strip(),
            "field": data["field"],
            "level": data["level"],
            "agency_id": data["agency"].pk if data["agency"] else None,
            "online_mode": data["online"],
        }
    page = Paginator(selectors.procedure_list(**filters), PAGE_SIZE).get_page(request.GET.get("page"))
    return {
        "filter_form": form,
        "page_obj": page,
        "procedures": page.object_list,
        "filtering": any(filters.values()),
    }


@require_safe
def procedure_list(request: HttpRequest) -> HttpResponse:
    _read(request)
    context = _results_context(request)
    context["can_manage"] = can(request.user, OnestopAction.MANAGE_CATALOGUE)
    return render(request, "onestop/catalogue/procedure_list.html", context)


@require_safe
def procedure_results(request: HttpRequest) -> HttpResponse:
    """The results part of the list, for search as you type (htmx)."""
    _read(request)
    return render(request, "onestop/catalogue/_procedure_results.html", _results_context(request))


@require_safe
def procedure_search(request: HttpRequest) -> HttpResponse:
    """The procedure picker of the receipt form: up to 20 procedures in force, as list-group buttons."""
    _read(request)
    q = request.GET.get("q", "")[:200]
    return render(
        request,
        "onestop/catalogue/_procedure_options.html",
        {"procedures": selectors.procedure_picker(q=q), "q": q.strip()},
    )


# --- one procedure ----------------------------------------------------------------------------------


@require_safe
def procedure_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _read(request)
    procedure = selectors.procedure_get(pk=pk)
    steps = list(procedure.steps.all())
    return render(
        request,
        "onestop/catalogue/procedure_detail.html",
        {
            "procedure": procedure,
            "steps": steps,
            "step_days": sum(s.days for s in steps),
            "legacy_label": legacy_level_label(procedure.legacy_level),
            "can_manage": can(request.user, OnestopAction.MANAGE_CATALOGUE),
        },
    )


def _form_context(procedure: Procedure | None) -> dict[str, Any]:
    return {"procedure": procedure, "known_fields": selectors.procedure_fields()}


def _save_procedure(request: AuthenticatedHttpRequest, procedure: Procedure | None) -> HttpResponse:
    template = "onestop/catalogue/procedure_form.html"
    context = _form_context(procedure)
    form = ProcedureForm(request.POST, require_version=procedure is not None)
    steps: BaseStepFormSet = StepFormSet(request.POST, prefix="steps")  # type: ignore[assignment]
    context["steps"] = steps
    if not (form.is_valid() & steps.is_valid()):
        return form_failure(request, template, context, form)
    try:
        if procedure is None:
            procedure = services.procedure_create(actor=request.user, steps=steps.specs(), **form.service_fields())
            messages.success(request, _("Procedure created."))
        else:
            services.procedure_update(
                actor=request.user,
                procedure=procedure,
                version=form.cleaned_data["version"],
                steps=steps.specs(),
                **form.service_fields(),
            )
            messages.success(request, _("Procedure saved."))
    except (ValidationError, ConflictError) as exc:
        if isinstance(exc, ValidationError) and hasattr(exc, "error_dict") and "steps" in exc.error_dict:
            context["step_errors"] = exc.error_dict.pop("steps")
            context["step_errors"] = [m for e in context["step_errors"] for m in e.messages]
            if not exc.error_dict:
                return render(request, template, {**context, "form": form}, status=400)
        return form_failure(request, template, context, form, exc)
    return redirect("onestop:procedure_detail", pk=procedure.pk)


@require_http_methods(["GET", "POST"])
def procedure_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    _manage(request)
    if request.method == "POST":
        return _save_procedure(request, None)
    context = _form_context(None)
    context["form"] = ProcedureForm(initial={"postal_allowed": True, "is_active": True})
    context["steps"] = StepFormSet(prefix="steps")
    return render(request, "onestop/catalogue/procedure_form.html", context)


@require_http_methods(["GET", "POST"])
def procedure_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _manage(request)
    procedure = selectors.procedure_get(pk=pk)
    if request.method == "POST":
        return _save_procedure(request, procedure)
    context = _form_context(procedure)
    context["form"] = ProcedureForm(initial=ProcedureForm.initial_for(procedure))
    context["steps"] = StepFormSet(prefix="steps", initial=step_initial(procedure))
    return render(request, "onestop/catalogue/procedure_form.html", context)


@require_POST
def procedure_set_active(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Put a procedure out of force (or back in force): the button on its page."""
    _manage(request)
    procedure = selectors.procedure_get(pk=pk)
    back = reverse("onestop:procedure_detail", args=[procedure.pk])
    try:
        services.procedure_update(
            actor=request.user,
            procedure=procedure,
            version=request.POST.get("version"),
            is_active=request.POST.get("active") == "1",
        )
    except (ValidationError, ConflictError) as exc:
        return refused(request, exc, back)
    messages.success(request, _("Procedure in force.") if procedure.is_active else _("Procedure out of force."))
    return redirect("onestop:procedure_detail", pk=procedure.pk)


# --- Excel --------------------------------------------------------------------------------------------


@require_safe
def procedure_export(request: HttpRequest) -> HttpResponse:
    _read(request)
    response = HttpResponse(excel_catalogue.export_workbook(), content_type=excel_catalogue.XLSX_MIME)
    response["Content-Disposition"] = f'attachment; filename="{excel_catalogue.FILENAME}"'
    return response


@require_http_methods(["GET", "POST"])
def procedure_import(request: AuthenticatedHttpRequest) -> HttpResponse:
    _manage(request)
    template = "onestop/catalogue/import.html"
    if request.method == "GET":
        return render(request, template, {"form": CatalogueImportForm()})
    form = CatalogueImportForm(request.POST, request.FILES)
    context: dict[str, Any] = {"form": form}
    if not form.is_valid():
        return form_failure(request, template, context)
    try:
        result = excel_catalogue.import_workbook(actor=request.user, uploaded=form.cleaned_data["file"])
    except ValidationError as exc:
        return form_failure(request, template, context, exc=exc)
    return render(request, template, {"form": CatalogueImportForm(), "result": result})


# --- front offices ------------------------------------------------------------------------------------


def _office_context(request: HttpRequest) -> dict[str, Any]:
    form = OfficeFilterForm(request.GET or None)
    q = form.cleaned_data["q"] if form.is_bound and form.is_valid() else ""
    page = Paginator(selectors.office_list(q=q), PAGE_SIZE).get_page(request.GET.get("page"))
    return {"filter_form": form, "page_obj": page, "offices": page.object_list, "q": q}


@require_safe
def office_list(request: HttpRequest) -> HttpResponse:
    _read(request)
    context = _office_context(request)
    context["can_manage"] = can(request.user, OnestopAction.MANAGE_CATALOGUE)
    return render(request, "onestop/catalogue/office_list.html", context)


@require_safe
def office_results(request: HttpRequest) -> HttpResponse:
    _read(request)
    context = _office_context(request)
    context["can_manage"] = can(request.user, OnestopAction.MANAGE_CATALOGUE)
    return render(request, "onestop/catalogue/_office_results.html", context)


@require_http_methods(["GET", "POST"])
def office_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    _manage(request)
    template = "onestop/catalogue/office_form.html"
    context: dict[str, Any] = {"office": None}
    if request.method == "GET":
        return render(request, template, {**context, "form": OfficeForm()})
    form = OfficeForm(request.POST)
    if not form.is_valid():
        return form_failure(request, template, context, form)
    data = form.cleaned_data
    try:
        services.office_upsert(
            actor=request.user,
            unit=data["unit"],
            agency_code=data["agency_code"],
            code_pattern=data["code_pattern"],
            is_active=data["is_active"],
        )
    except ValidationError as exc:
        return form_failure(request, template, context, form, exc)
    messages.success(request, _("Front office saved."))
    return redirect("onestop:office_list")


@require_http_methods(["GET", "POST"])
def office_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _manage(request)
    office = selectors.office_get(pk=pk)
    template = "onestop/catalogue/office_form.html"
    context: dict[str, Any] = {"office": office}
    if request.method == "GET":
        form = OfficeForm(initial=OfficeForm.initial_for(office), office=office)
        return render(request, template, {**context, "form": form})
    form = OfficeForm(request.POST, office=office, initial={"unit": office.unit_id}, require_version=True)
    if not form.is_valid():
        return form_failure(request, template, context, form)
    data = form.cleaned_data
    try:
        services.office_upsert(
            actor=request.user,
            unit=office.unit,
            agency_code=data["agency_code"],
            code_pattern=data["code_pattern"],
            is_active=data["is_active"],
            version=data["version"],
        )
    except (ValidationError, ConflictError) as exc:
        return form_failure(request, template, context, form, exc)
    messages.success(request, _("Front office saved."))
    return redirect("onestop:office_list")
