"""One-stop pages: imports from another one-stop system (the system administrator).

The list of past batches (with a fragment for paging), the upload (type and size checked; a small
file runs in the request, a large one in the background task), a batch's page whose progress bar
htmx refreshes while the task runs, and its error list as CSV."""

import csv
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from apps.accounts.requests import AuthenticatedHttpRequest
from apps.core.web.forms import BootstrapMixin
from apps.core.web.responses import form_failure
from apps.onestop.models.imports import BatchStatus, ImportBatch
from apps.onestop.permissions import OnestopAction
from apps.onestop.selectors.imports import batch_get_for_user, batch_list_for_user
from apps.onestop.services import imports as svc
from apps.onestop.services.imports.columns import COLUMNS, REQUIRED
from apps.onestop.tasks import schedule_import
from apps.org.permissions import require

PER_PAGE = 25
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class ImportUploadForm(BootstrapMixin, forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File (.csv or .xlsx)"),
        help_text=gettext_lazy("Exported from the other one-stop system; at most 50 MB. See the column mapping below."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )


def _mapping() -> list[dict[str, Any]]:
    return [{"field": f, "headers": names, "required": f in REQUIRED} for f, names in COLUMNS.items()]


def _list_context(request: HttpRequest) -> dict[str, Any]:
    page = Paginator(batch_list_for_user(user=request.user), PER_PAGE).get_page(request.GET.get("page"))
    return {"page_obj": page, "batches": list(page.object_list)}


@require_safe
def import_list(request: HttpRequest) -> HttpResponse:
    context = _list_context(request)
    return render(request, "onestop/imports/list.html", {**context, "form": ImportUploadForm(), "mapping": _mapping()})


@require_safe
def import_list_results(request: HttpRequest) -> HttpResponse:
    return render(request, "onestop/imports/_results.html", _list_context(request))


@require_http_methods(["GET", "POST"])
def import_upload(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(request.user, OnestopAction.IMPORT)
    if request.method == "GET":
        return redirect("onestop:import_list")
    form = ImportUploadForm(request.POST, request.FILES)
    context: dict[str, Any] = {**_list_context(request), "form": form, "mapping": _mapping()}
    template = "onestop/imports/list.html"
    if not form.is_valid():
        return form_failure(request, template, context)
    try:
        batch = svc.batch_start(actor=request.user, uploaded=form.cleaned_data["file"])
    except ValidationError as exc:
        return form_failure(request, template, context, exc=exc)
    if batch.total_rows < svc.INLINE_ROWS:
        svc.batch_run(actor=request.user, batch_id=batch.pk)
    else:
        schedule_import(batch.pk)
    return redirect("onestop:import_detail", pk=batch.pk)


def _detail_context(batch: ImportBatch) -> dict[str, Any]:
    running = batch.status in (BatchStatus.QUEUED, BatchStatus.RUNNING)
    percent = 100 if not running else (batch.processed_rows * 100 // batch.total_rows if batch.total_rows else 0)
    return {
        "batch": batch,
        "running": running,
        "percent": percent,
        "errors": batch.errors[:200],
        "error_count": len(batch.errors),
    }


@require_safe
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    batch = batch_get_for_user(user=request.user, pk=pk)
    return render(request, "onestop/imports/detail.html", _detail_context(batch))


@require_safe
def import_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress fragment; htmx polls it every two seconds while the batch runs."""
    batch = batch_get_for_user(user=request.user, pk=pk)
    return render(request, "onestop/imports/_progress.html", _detail_context(batch))


def _cell(value: Any) -> str:
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


@require_safe
def import_errors_csv(request: HttpRequest, pk: int) -> HttpResponse:
    batch = batch_get_for_user(user=request.user, pk=pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="loi-nhap-ho-so-{batch.pk}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow([_("Line"), _("Reason")])
    for error in batch.errors:
        writer.writerow([error.get("line", ""), _cell(error.get("reason", ""))])
    return response
