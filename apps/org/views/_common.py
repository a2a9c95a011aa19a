from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from apps.core.api_errors import ConflictError
from apps.org.forms import apply_service_errors


def form_failure(
    request: HttpRequest, template: str, context: dict[str, object], form: forms.Form, exc: Exception | None = None
) -> HttpResponse:
    """Re-render a form after bad input (400) or a stale save (409)."""
    status = 400
    if isinstance(exc, ConflictError):
        form.add_error(None, str(exc))
        status = 409
    elif isinstance(exc, ValidationError):
        apply_service_errors(form, exc)
    return render(request, template, {**context, "form": form}, status=status)
