"""Public pages: the only views reachable without signing in. Each is rate-limited per address.

The allowlist is a contribution of each app: `hooks.register(hooks.PUBLIC_URLS, PublicUrl(name))`
in its `hooks.py`. tests/test_url_access.py walks every URL pattern and fails when a view opts out
of login without being listed, or a listed name is not a public view.

Two separate buckets per client address: public pages (`public_page`) and the public API
(`public_api_limited`), so a script reading the API cannot lock the pages (or sign-in) of everyone
behind the same address. The sign-in page has its own throttle (django-axes) and is not limited here.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited

from apps.core import hooks

PAGE_GROUP = "public"
API_GROUP = "public-api"


def public_url_names() -> frozenset[str]:
    """Every URL name the installed apps open to anonymous visitors."""
    return frozenset(item.name for item in hooks.get(hooks.PUBLIC_URLS))


View = Callable[..., HttpResponseBase]


def too_many_requests_message() -> str:
    return _("Too many requests. Please wait a minute and try again.")


def public_page(*, rate_limited: bool = True) -> Callable[[View], View]:
    """Open a view to anonymous visitors (`login_not_required`), rate-limited per client address.

    The URL name must be contributed as a `PublicUrl`; tests/test_url_access.py fails otherwise.
    """

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if rate_limited and is_ratelimited(
                request, group=PAGE_GROUP, key="ip", rate=settings.PUBLIC_RATE_LIMIT, increment=True
            ):
                return HttpResponse(too_many_requests_message(), status=429)
            return view(request, *args, **kwargs)

        return login_not_required(wrapper)

    return decorate


def public_api_limited(request: HttpRequest) -> bool:
    """Count an anonymous API call against its own bucket; True when the address is over the limit."""
    return bool(is_ratelimited(request, group=API_GROUP, key="ip", rate=settings.PUBLIC_API_RATE_LIMIT, increment=True))
