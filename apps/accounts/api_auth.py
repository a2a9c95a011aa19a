"""API authentication: a bearer token or the signed-in session (with its CSRF check)."""

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from apps.accounts.tokens import api_token_authenticate


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = api_token_authenticate(token)
        if user is not None:
            request.user = user
        return user


api_auth = [TokenAuth(), SessionAuth()]
