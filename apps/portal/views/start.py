"""Each role's own start page after sign-in."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from apps.portal.selectors.start import cards_for, start_page_for


@require_safe
def start(request: HttpRequest) -> HttpResponse:
    page = start_page_for(request.user)
    return render(request, page.template, {"start": page, "cards": cards_for(request.user, page)})
