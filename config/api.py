"""The JSON API at /api/v1/. Each app adds its router with the OpenAPI tag of its module."""

from ninja import NinjaAPI

from apps.accounts.api_auth import api_auth
from apps.core.api_errors import install_error_handlers

api = NinjaAPI(
    title="CCHC API",
    version="1.0.0",
    description="API of the CCHC administrative reform platform. Authenticate with "
    "`Authorization: Bearer <token>` (tokens are issued on the API tokens page) or a signed-in session.",
    auth=api_auth,
    urls_namespace="api-1.0.0",
)
install_error_handlers(api)


def _add_routers() -> None:
    from apps.org.api import router as org_router

    api.add_router("/org/", org_router, tags=["org"])


_add_routers()
