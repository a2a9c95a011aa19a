"""Each role's own start page after sign-in."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.http import require_safe

from apps.portal.selectors.start import cards_for, start_page_for, worklist_for


@require_safe
def start(request: HttpRequest) -> HttpResponse:
    page = start_page_for(request.user)
    cards = cards_for(request.user, page)
    return render(
        request,
        page.template,
        {
            "start": page,
            "worklist": [
                render_to_string(panel.template, panel.context, request=request) for panel in worklist_for(request)
            ],
            "cards": [card for card in cards if card.url],
            "coming": [card for card in cards if not card.url],
        },
    )
