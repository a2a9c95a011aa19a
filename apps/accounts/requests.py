"""The request type of a page behind LoginRequiredMiddleware: its `user` is a signed-in User.

Annotate a view that passes `request.user` on as a service's `actor` with it, so the type checker
knows the actor is a user (an anonymous visitor never reaches such a view)."""

from django.http import HttpRequest

from apps.accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    user: User
