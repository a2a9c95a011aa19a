"""Public pages: the only views reachable without signing in. Each is rate-limited.

`PUBLIC_URL_NAMES` is the explicit allowlist; a test walks every URL pattern and fails
when a view opts out of login without being listed here.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited

PUBLIC_URL_NAMES = frozenset(
    {
        "core:home",
        "core:healthz",
        "accounts:login",
        "set_language",
        "javascript-catalog",
        "api-1.0.0:openapi-json",
        "api-1.0.0:openapi-view",
        "par_public:index",
        "par_public:period",
        "par_public:unit",
        "par_public:results_xlsx",
    }
)


View = Callable[..., HttpResponseBase]


def public_page(*, rate_limited: bool = True) -> Callable[[View], View]:
    """Open a view to anonymous visitors (`login_not_required`), rate-limited per client address.

    The URL name must be in PUBLIC_URL_NAMES; tests/test_url_access.py fails otherwise.
    """

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if rate_limited and is_ratelimited(
                request,
                group="public",
                key="ip",
                rate=settings.PUBLIC_RATE_LIMIT,
                increment=True,
            ):
                return HttpResponse(_("Too many requests. Please wait a minute and try again."), status=429)
            return view(request, *args, **kwargs)

        return login_not_required(wrapper)

    return decorate
