"""The public home page."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from apps.core.public import public_page
from apps.portal.selectors.home import public_services


@public_page()
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """What the platform is and the services open to everyone."""
    return render(request, "portal/home.html", {"public_services": public_services()})
