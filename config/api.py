"""The JSON API at /api/v1/. Each app adds its router with the OpenAPI tag of its module.

Authentication is the API's own business: every operation requires a bearer token or a
signed-in session (`apps.accounts.api_auth`) and answers 401 with the error envelope
otherwise. So the operation views opt out of Django's LoginRequiredMiddleware (which would
redirect to the login page); `tests/test_url_access.py` walks every operation and checks the 401.
The docs page and the schema are public, rate-limited pages (PublicUrl hooks in apps/portal/hooks.py).
The docs page is Swagger UI from ninja's own static files ("ninja" is in INSTALLED_APPS; no CDN).
It runs under the site's strict CSP (no inline script or style): checked in Chromium, it renders,
expands operations and executes "Try it out" without a single CSP violation, so the docs view
needs no CSP exception.
"""

from typing import TYPE_CHECKING

from django.contrib.auth.decorators import login_not_required
from django.urls import URLPattern, URLResolver
from ninja import NinjaAPI

from apps.accounts.api_auth import api_auth
from apps.core.api_errors import install_error_handlers
from apps.core.public import public_page

if TYPE_CHECKING:
    from ninja.operation import Operation
    from ninja.router import Router

# URL names of the views ninja adds besides the operations.
DOCS_URL_NAMES = frozenset({"openapi-json", "openapi-view"})
ROOT_URL_NAME = "api-root"


class CchcNinjaAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation: "Operation") -> str:
        return _stable_name(operation)

    def get_operation_url_name(self, operation: "Operation", router: "Router") -> str:
        return _stable_name(operation)

    @property
    def urls(self) -> tuple[list[URLResolver | URLPattern], str, str]:
        patterns, app_name, namespace = super().urls
        for pattern in patterns:
            if isinstance(pattern, URLPattern) and pattern.name not in DOCS_URL_NAMES | {ROOT_URL_NAME}:
                login_not_required(pattern.callback)  # the API answers 401 itself
        return patterns, app_name, namespace


def _stable_name(operation: "Operation") -> str:
    """Name an operation `<app>_<function>`: apps.org.api.units_list is "org_units_list"."""
    module = operation.view_func.__module__
    parts = module.split(".")
    app = parts[1] if len(parts) > 2 and parts[0] == "apps" else parts[0]
    return f"{app}_{operation.view_func.__name__}"


api = CchcNinjaAPI(
    title="CCHC API",
    version="1.0.0",
    description="API of the CCHC administrative reform platform. Authenticate with "
    "`Authorization: Bearer <token>` (tokens are issued on the API tokens page) or a signed-in session.",
    auth=api_auth,
    urls_namespace="api-1.0.0",
    docs_decorator=public_page(),
)
install_error_handlers(api)


def _add_routers() -> None:
    from apps.org.api import router as org_router

    api.add_router("/org/", org_router, tags=["org"])

    from apps.par.api import router as par_router

    api.add_router("/par/", par_router, tags=["par"])

    from apps.onestop.api import router as onestop_router

    api.add_router("/onestop/", onestop_router, tags=["onestop"])


_add_routers()
