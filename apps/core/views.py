from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from apps.core.public import public_page
from apps.core.public_services import public_services
from apps.core.start_pages import cards_for, start_page_for


@public_page()
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """The public home page: what the platform is and the services open to everyone."""
    return render(request, "core/home.html", {"public_services": public_services()})


@require_safe
def start(request: HttpRequest) -> HttpResponse:
    """Each role's own start page after sign-in."""
    page = start_page_for(request.user)
    return render(request, page.template, {"start": page, "cards": cards_for(request.user, page)})
