"""One error envelope for the whole API: {"message": ..., "detail": ...}, messages in the user's language."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from apps.core.errors import ConflictError


class ErrorOut(Schema):
    """The error envelope, for the OpenAPI schema."""

    message: str
    detail: Any = None


def error_responses(*codes: int) -> dict[int, type[ErrorOut]]:
    """Document the envelope for these status codes: `response={200: X, **error_responses(401, 404)}`."""
    return dict.fromkeys(codes, ErrorOut)


def install_error_handlers(api: NinjaAPI) -> None:
    def envelope(request: HttpRequest, status: int, message: str, detail: Any = None) -> HttpResponse:
        return api.create_response(request, {"message": message, "detail": detail}, status=status)

    @api.exception_handler(AuthenticationError)
    def _unauthenticated(request: HttpRequest, exc: Exception) -> HttpResponse:
        return envelope(request, 401, _("Authentication required."))

    @api.exception_handler(PermissionDenied)
    def _forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
        return envelope(request, 403, _("You do not have permission to do this."))

    @api.exception_handler(Http404)
    def _not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
        return envelope(request, 404, _("Not found."))

    @api.exception_handler(NinjaValidationError)
    def _invalid_input(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        return envelope(request, 422, _("The data sent is not valid."), exc.errors)

    @api.exception_handler(ValidationError)
    def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        detail = exc.message_dict if hasattr(exc, "error_dict") else exc.messages
        return envelope(request, 400, _("The data sent is not valid."), detail)

    @api.exception_handler(ConflictError)
    def _conflict(request: HttpRequest, exc: Exception) -> HttpResponse:
        return envelope(request, 409, str(exc) or _("Someone else changed this in the meantime. Reload and try again."))

    @api.exception_handler(HttpError)
    def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return envelope(request, exc.status_code, str(exc))
