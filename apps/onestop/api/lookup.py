"""The citizen's look-up as an API operation: public (no token), POST so the digits stay out of URLs
and logs, rate-limited per address (the public API's bucket and the look-up attempts' own), and the
same rules as the page: one 404 message for a wrong code and wrong digits, 429 when locked."""

from django.http import HttpRequest
from ninja.errors import AuthenticationError, HttpError

from apps.accounts.api_auth import TokenAuth
from apps.core.api_errors import error_responses
from apps.core.public import public_api_limited, too_many_requests_message
from apps.onestop.api import router
from apps.onestop.schemas.lookup import LookupIn, LookupOut
from apps.onestop.selectors.lookup import (
    LookupAnswer,
    LookupLocked,
    attempts_exceeded,
    dossier_lookup,
    locked_message,
    not_found_message,
)


@router.post(
    "/lookup",
    response={200: LookupOut, **error_responses(401, 404, 422, 429)},
    summary="Look up a dossier (public)",
    auth=None,
)
def lookup_dossier(request: HttpRequest, payload: LookupIn) -> LookupAnswer:
    """The dossier's state, its steps (kinds and dates), appointment date and apology, for its code
    and the last 4 digits of the applicant's phone (or the receipt's PIN). No token is needed; a
    token that is sent but not valid is a 401, as everywhere in the API."""
    if request.headers.get("Authorization") and not TokenAuth()(request):
        raise AuthenticationError
    if public_api_limited(request) or attempts_exceeded(request):
        raise HttpError(429, too_many_requests_message())
    try:
        answer = dossier_lookup(code=payload.code, secret=payload.secret)
    except LookupLocked:
        raise HttpError(429, locked_message()) from None
    if answer is None:
        raise HttpError(404, not_found_message())
    return answer
