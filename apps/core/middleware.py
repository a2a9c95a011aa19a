from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


class VietnameseFirstMiddleware:
    """Pages are Vietnamese unless the user picked English with the language selector.

    Office PCs often run an English browser; the browser's Accept-Language should not switch a
    Vietnamese civil servant's interface. The API still honours Accept-Language (integrations
    ask for their language explicitly). Place before django.middleware.locale.LocaleMiddleware.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith("/api/"):
            request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
