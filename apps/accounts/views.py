from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from apps.accounts.forms import ApiTokenCreateForm, LoginForm
from apps.accounts.models import ApiToken
from apps.accounts.permissions import AccountAction
from apps.accounts.requests import AuthenticatedHttpRequest
from apps.accounts.selectors import api_token_get_for_user, api_token_list_for_user
from apps.accounts.services import user_login_record, user_logout_record, user_password_change
from apps.accounts.tokens import api_token_create, api_token_revoke
from apps.core.policies import require
from apps.core.public import public_page


# Not in the public page rate limit: sign-in has its own throttle (django-axes), and a busy public
# page or API must not lock civil servants out of signing in.
@method_decorator(public_page(rate_limited=False), name="dispatch")
class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_valid(form)
        user_login_record(user=form.get_user())
        return response


class LogoutView(auth_views.LogoutView):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            user_logout_record(user=request.user)
        return super().post(request, *args, **kwargs)


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:password_change_done")

    def form_valid(self, form: PasswordChangeForm) -> HttpResponse:
        # Instead of form.save(): the service sets the password and records the audit event.
        user = user_password_change(user=form.user, new_password=form.cleaned_data["new_password1"])
        update_session_auth_hash(self.request, user)  # stay signed in here; other sessions end
        return HttpResponseRedirect(self.get_success_url())


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"


def lockout(request: HttpRequest, response: Any = None, credentials: Any = None) -> HttpResponse:
    """Shown by django-axes after too many failed sign-ins."""
    return render(request, "accounts/locked_out.html", status=429)


# --- API tokens ---------------------------------------------------------------------------


@dataclass(frozen=True)
class TokenRow:
    token: ApiToken
    status: str  # "active", "expired" or "revoked"


def _token_rows(user: Any) -> list[TokenRow]:
    now = timezone.now()
    rows = []
    for token in api_token_list_for_user(user=user):
        if token.revoked_at is not None:
            status = "revoked"
        elif token.expires_at is not None and token.expires_at <= now:
            status = "expired"
        else:
            status = "active"
        rows.append(TokenRow(token=token, status=status))
    return rows


def _tokens_page(request: HttpRequest, form: ApiTokenCreateForm, status: int = 200) -> HttpResponse:
    return render(request, "accounts/api_tokens.html", {"rows": _token_rows(request.user), "form": form}, status=status)


@require_safe
def api_tokens(request: HttpRequest) -> HttpResponse:
    """The signed-in user's own API tokens, and a form to create one."""
    require(request.user, AccountAction.MANAGE_OWN_API_TOKENS)
    return _tokens_page(request, ApiTokenCreateForm())


@require_POST
def api_token_create_view(request: HttpRequest) -> HttpResponse:
    """Create a token and show its secret once. The page is not cached and cannot be shown again."""
    require(request.user, AccountAction.MANAGE_OWN_API_TOKENS)
    form = ApiTokenCreateForm(request.POST)
    if not form.is_valid():
        return _tokens_page(request, form, status=400)
    token, raw = api_token_create(user=request.user, name=form.cleaned_data["name"], expires_at=form.expires_at())
    response = render(request, "accounts/api_token_created.html", {"token": token, "raw_token": raw})
    add_never_cache_headers(response)
    return response


@require_POST
def api_token_revoke_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    require(request.user, AccountAction.MANAGE_OWN_API_TOKENS)
    token = api_token_get_for_user(user=request.user, pk=pk)
    api_token_revoke(actor=request.user, token=token)
    messages.success(request, _("The token “%(name)s” has been revoked.") % {"name": token.name})
    return redirect("accounts:api_tokens")
