"""Responses every page uses for refused input: a re-rendered form (400/409) or a refusal page."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from apps.core.errors import ConflictError
from apps.core.web.forms import apply_service_errors


def status_for(exc: Exception | None) -> int:
    return 409 if isinstance(exc, ConflictError) else 400


def form_failure(
    request: HttpRequest,
    template: str,
    context: dict[str, Any],
    form: forms.Form | None = None,
    exc: Exception | None = None,
) -> HttpResponse:
    """Re-render a form after bad input (400) or a stale save (409), the service's messages on the form."""
    form = form if form is not None else context["form"]
    if isinstance(exc, ConflictError):
        form.add_error(None, str(exc))
    elif isinstance(exc, ValidationError):
        apply_service_errors(form, exc)
    return render(request, template, {**context, "form": form}, status=status_for(exc))


def refused(request: HttpRequest, exc: Exception, back: str, template: str = "includes/refused.html") -> HttpResponse:
    """A refused POST from a button (no form to re-render): 400 with the reasons, 409 when stale."""
    errors = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
    return render(request, template, {"errors": errors, "back": back}, status=status_for(exc))
