"""Nothing is public by accident. Acceptance-critical: do not weaken these tests to make a page pass.

1. Every URL pattern of `config.urls` (found by walking the resolver, so patterns added later
   are checked without touching this file) is requested anonymously with GET and POST. A
   pattern whose name no app contributes as a `PublicUrl` (hooks.PUBLIC_URLS) must send the visitor to
   the login page or answer 401/403/404/405; never 2xx.
2. Every operation of the OpenAPI schema answers an anonymous call with 401 and the error
   envelope, unless it is listed in PUBLIC_API_OPERATIONS below (empty: only the docs page and
   the schema itself are public, and they are ordinary public pages).
3. The reverse: every view that opts out of LoginRequiredMiddleware (Django's
   `login_not_required` sets `login_required = False` on it) is contributed as a PublicUrl. The
   only exception is an API operation, which authenticates itself and is covered by (2).
4. Public pages are rate-limited.
"""

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.exceptions import Resolver404
from django.urls.resolvers import LocalePrefixPattern, RegexPattern, RoutePattern

from apps.core.public import public_url_names
from config.api import api

pytestmark = pytest.mark.django_db

# Namespaces and URL prefixes with their own access rules: the Django admin has its own login
# (and its own staff check), static and media files are files.
SKIPPED_NAMESPACES = frozenset({"admin"})
SKIPPED_PREFIXES = tuple(p for p in (settings.STATIC_URL, settings.MEDIA_URL) if p)

# API operations anyone may call without a token or session (by operationId). Adding one is a
# security decision: say why in the commit.
# par_periods_results: published PAR results are public by the design (the public page
# /cong-khai/chi-so-cchc/ shows the same figures); the handler serves nothing unpublished to
# anonymous callers (404) and is rate-limited like the public pages.
# onestop_lookup_dossier: the citizen's dossier look-up is public by the design (the page
# /tra-cuu-ho-so/ answers the same); it needs the dossier code and a second factor, answers one 404
# for a wrong code and a wrong factor, and is rate-limited per address and locked per code.
PUBLIC_API_OPERATIONS: frozenset[str] = frozenset({"par_periods_results", "onestop_lookup_dossier"})

API_NAMESPACE = api.urls_namespace
DENIED = frozenset({401, 403, 404, 405})
API_METHODS = ("get", "post", "put", "patch", "delete")

# Values tried for a path parameter, first one the converter accepts wins.
_SAMPLES = ("1", "x", "00000000-0000-0000-0000-000000000001", "2025-01-01", "x/y")


@dataclass(frozen=True)
class Route:
    url: str
    route: str  # the pattern as written, for messages
    name: str | None  # with its namespaces, e.g. "org:unit_detail"
    callback: Callable[..., Any]

    @property
    def label(self) -> str:
        return f"{self.name or '(unnamed)'} {self.route}"


def _sample_for(regex: str) -> str:
    for sample in _SAMPLES:
        if re.fullmatch(regex, sample):
            return sample
    raise AssertionError(f"No sample value matches the path converter regex {regex!r}: add one to _SAMPLES")


def _concrete_route(pattern: RoutePattern) -> str:
    converters = pattern.converters

    def fill(match: re.Match[str]) -> str:
        return _sample_for(converters[match.group("name")].regex)

    return re.sub(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>", fill, str(pattern._route))


def _concrete_regex(pattern: RegexPattern) -> str:
    """A URL for a regex pattern: each group replaced by a sample its own regex accepts."""
    text = str(pattern._regex).removeprefix("^").removesuffix("$").removesuffix(r"\Z")
    out, i = [], 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text):
            out.append(text[i + 1])
            i += 2
        elif text[i] == "(":
            depth, j = 1, i + 1
            while depth:
                depth += {"(": 1, ")": -1}.get(text[j], 0)
                j += 1 + (text[j] == "\\")
            inner = re.sub(r"^\(\?P<\w+>|^\(\?:|^\(", "", text[i:j])[:-1]
            out.append(_sample_for(inner))
            i = j
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def _concrete(pattern: Any) -> str:
    if isinstance(pattern, RoutePattern):
        return _concrete_route(pattern)
    if isinstance(pattern, RegexPattern):
        return _concrete_regex(pattern)
    if isinstance(pattern, LocalePrefixPattern):
        return pattern.language_prefix
    raise AssertionError(f"Unknown URL pattern type {type(pattern).__name__}: teach tests/test_url_access.py")


def _walk(patterns: list[Any], prefix: str, route: str, namespace: str) -> Iterator[Route]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace in SKIPPED_NAMESPACES:
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, prefix + _concrete(entry.pattern), route + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}{entry.name}" if entry.name else None
            yield Route("/" + prefix + _concrete(entry.pattern), route + str(entry.pattern), name, entry.callback)


def all_routes() -> list[Route]:
    routes = _walk(get_resolver().url_patterns, "", "", "")
    return [r for r in routes if not r.url.startswith(SKIPPED_PREFIXES)]


ROUTES = all_routes()
PUBLIC_URL_NAMES = public_url_names()  # every app's PublicUrl contributions
LOGIN_URL = reverse(settings.LOGIN_URL)


def _api_schema() -> dict[str, Any]:
    return api.get_openapi_schema(path_prefix=reverse(f"{API_NAMESPACE}:api-root"))  # type: ignore[return-value]


def _api_operations() -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (path, method, operation)
        for path, item in _api_schema()["paths"].items()
        for method, operation in item.items()
        if method in API_METHODS
    ]


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def test_it_finds_the_routes_of_every_app() -> None:
    names = {r.name for r in ROUTES}
    # A sanity check of the walker itself, not a list of what to check.
    assert {"portal:home", "accounts:login", "portal:start", "core:healthz", f"{API_NAMESPACE}:openapi-view"} <= names
    assert not any(r.url.startswith("/django-admin/") for r in ROUTES)


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.label)
def test_it_builds_a_url_that_reaches_the_pattern(route: Route) -> None:
    try:
        resolve(route.url)
    except Resolver404:
        pytest.fail(f"{route.url} built for {route.label} does not resolve: teach the walker its converter")


@pytest.mark.parametrize(
    "route",
    [
        r
        for r in ROUTES
        if r.name not in PUBLIC_URL_NAMES
        and not (r.name and r.name.startswith(f"{API_NAMESPACE}:") and r.name.split(":")[-1] in PUBLIC_API_OPERATIONS)
    ],
    ids=lambda r: r.label,
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_it_keeps_anonymous_visitors_out_of_private_pages(route: Route, method: str) -> None:
    response = getattr(Client(), method)(route.url)
    if response.status_code == 302:
        assert response["Location"].startswith(LOGIN_URL), (
            f"{method.upper()} {route.url} ({route.label}) redirects an anonymous visitor "
            f"to {response['Location']}, not to the login page"
        )
    else:
        assert response.status_code in DENIED, (
            f"{method.upper()} {route.url} ({route.label}) answers {response.status_code} to an anonymous visitor. "
            "A public page must be contributed as a hooks.PublicUrl in its app's hooks.py and use public_page()."
        )


@pytest.mark.parametrize("route", [r for r in ROUTES if r.name in PUBLIC_URL_NAMES], ids=lambda r: r.label)
def test_it_lets_anonymous_visitors_see_public_pages(route: Route) -> None:
    response = Client().get(route.url)
    assert response.status_code < 500
    assert not (response.status_code == 302 and response["Location"].startswith(LOGIN_URL)), (
        f"{route.label} is a contributed PublicUrl but sends visitors to the login page"
    )


def test_it_lists_only_existing_routes_as_public() -> None:
    names = {r.name for r in ROUTES}
    assert set(PUBLIC_URL_NAMES) <= names, f"stale entries in PUBLIC_URL_NAMES: {set(PUBLIC_URL_NAMES) - names}"


def test_it_lets_no_view_opt_out_of_login_without_being_listed() -> None:
    api_operation_ids = {operation["operationId"] for _path, _method, operation in _api_operations()}
    offenders = []
    for route in ROUTES:
        if getattr(route.callback, "login_required", True):
            continue
        if route.name in PUBLIC_URL_NAMES:
            continue
        if route.name and route.name.startswith(f"{API_NAMESPACE}:") and route.name.split(":")[-1] in api_operation_ids:
            continue  # an API operation: it authenticates itself, see test_it_refuses_anonymous_api_calls
        offenders.append(route.label)
    assert not offenders, (
        f"These views opt out of login but no app contributes them as a hooks.PublicUrl: {offenders}. "
        "Use apps.core.public.public_page() and register the URL name in the app's hooks.py, "
        "or remove login_not_required."
    )


def test_it_makes_every_listed_public_page_reachable_without_login() -> None:
    public = [r for r in ROUTES if r.name in PUBLIC_URL_NAMES]
    assert public
    for route in public:
        assert getattr(route.callback, "login_required", True) is False, f"{route.label} still requires login"


@pytest.mark.parametrize(
    ("path", "method", "operation"),
    [pytest.param(*op, id=f"{op[2]['operationId']} {op[1].upper()} {op[0]}") for op in _api_operations()],
)
def test_it_refuses_anonymous_api_calls(path: str, method: str, operation: dict[str, Any]) -> None:
    if operation["operationId"] in PUBLIC_API_OPERATIONS:
        pytest.skip("public by decision")
    assert operation.get("security"), f"{operation['operationId']} declares no authentication"
    url = re.sub(r"\{[^}]+\}", "1", path)
    response = Client().generic(method.upper(), url, "{}", content_type="application/json")
    assert response.status_code == 401, f"anonymous {method.upper()} {url} answers {response.status_code}"
    body = response.json()
    assert set(body) == {"message", "detail"}
    assert body["message"]


def test_it_serves_the_api_docs_and_schema_to_anyone(citizen: Client) -> None:
    assert citizen.get(reverse(f"{API_NAMESPACE}:openapi-view")).status_code == 200
    assert citizen.get(reverse(f"{API_NAMESPACE}:openapi-json")).status_code == 200


def test_it_rate_limits_public_pages(citizen: Client, settings: Any, time_machine: Any) -> None:
    time_machine.move_to(datetime(2025, 6, 2, 9, 0, 10, tzinfo=UTC), tick=False)  # one rate window
    settings.PUBLIC_RATE_LIMIT = "3/m"
    for _ in range(3):
        assert citizen.get("/").status_code == 200
    response = citizen.get("/")
    assert response.status_code == 429


def test_it_rate_limits_the_api_docs(citizen: Client, settings: Any, time_machine: Any) -> None:
    time_machine.move_to(datetime(2025, 6, 2, 9, 0, 10, tzinfo=UTC), tick=False)
    settings.PUBLIC_RATE_LIMIT = "2/m"
    url = reverse(f"{API_NAMESPACE}:openapi-json")
    assert [citizen.get(url).status_code for _ in range(3)] == [200, 200, 429]


def test_it_keeps_sign_in_and_public_pages_open_when_the_public_api_is_exhausted(
    citizen: Client, settings: Any, time_machine: Any
) -> None:
    """Fix 5: 130 anonymous API calls from one address made /dang-nhap/ answer 429 to everyone behind it."""
    time_machine.move_to(datetime(2025, 6, 2, 9, 0, 10, tzinfo=UTC), tick=False)
    settings.PUBLIC_RATE_LIMIT = "3/m"
    settings.PUBLIC_API_RATE_LIMIT = "3/m"
    api_url = "/api/v1/par/periods/999999/results"  # the public API (anonymous: rate-limited, then 404)
    assert [citizen.get(api_url).status_code for _ in range(4)] == [404, 404, 404, 429]

    assert [citizen.get(LOGIN_URL).status_code for _ in range(5)] == [200] * 5  # axes throttles sign-in
    assert [citizen.get("/").status_code for _ in range(4)] == [200, 200, 200, 429]  # its own bucket
