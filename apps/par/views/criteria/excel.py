"""A criteria set to and from Excel (the secretariat imports; everyone who reads the set may export it)."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from apps.core.web.responses import form_failure
from apps.org.permissions import require
from apps.par import excel_criteria
from apps.par.forms.criteria import ImportForm
from apps.par.permissions import ParAction, actor_of
from apps.par.selectors import criteria_set_get_for_user
from apps.par.services import criteria as svc


@require_safe
def criteria_export(request: HttpRequest, pk: int) -> HttpResponse:
    criteria_set = criteria_set_get_for_user(user=request.user, pk=pk)
    response = HttpResponse(excel_criteria.export_workbook(criteria_set), content_type=excel_criteria.XLSX_MIME)
    response["Content-Disposition"] = f'attachment; filename="{excel_criteria.export_filename(criteria_set)}"'
    return response


@require_http_methods(["GET", "POST"])
def criteria_import(request: HttpRequest) -> HttpResponse:
    require(request.user, ParAction.MANAGE)
    template = "par/criteria/import.html"
    if request.method == "GET":
        initial = {"target": request.GET.get("into")} if request.GET.get("into", "").isdigit() else {}
        return render(request, template, {"form": ImportForm(initial=initial)})
    form = ImportForm(request.POST, request.FILES)
    context: dict[str, Any] = {"form": form}
    if not form.is_valid():
        return form_failure(request, template, context)
    data = form.cleaned_data
    try:
        criteria_set, count = svc.criteria_set_import(
            actor=actor_of(request),
            uploaded=data["file"],
            criteria_set=data["target"],
            year=data["year"],
            group=data["group"],
            name=data["name"],
            legal_reference=data["legal_reference"],
        )
    except ValidationError as exc:
        return form_failure(request, template, context, exc=exc)
    messages.success(request, _("%(count)d criteria imported.") % {"count": count})
    return redirect("par:criteria_detail", pk=criteria_set.pk)
