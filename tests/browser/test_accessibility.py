"""Acceptance 7 of the PAR issue: no WCAG 2.1 A/AA violation (axe-core) on each role's pages.

Government portals follow Circular 26/2020/TT-BTTTT, which builds on WCAG. Every role's start page,
the self-assessment, appraisal, results and analysis pages and the public pages are checked at
1280 and 360 px on the demo province; at 360 px the collapsed menu is opened first, so the menu is
checked too. A failure lists every page, width, rule id and element at once.

Loading the demo takes a while, so it is seeded once for this module and flushed once at its end:
the module overrides pytest-django's `transactional_db` (which the live server asks for) so the
demo is not flushed after each test.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from io import StringIO
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from playwright.sync_api import expect

from apps.org import demo as org_demo
from apps.org.models import Membership, Role
from apps.par.models import Assessment, AssessmentStatus, PeriodStatus, ScoringPeriod
from conftest import restore_migration_rows
from tests.browser.conftest import _CSP_WATCH, Axe

pytestmark = [pytest.mark.browser]

MD5 = "django.contrib.auth.hashers.MD5PasswordHasher"
DESKTOP, PHONE = {"width": 1280, "height": 900}, {"width": 360, "height": 800}


@dataclass(frozen=True)
class Demo:
    """What the pages need from the demo province: a login per role and the periods' ids."""

    logins: dict[str, str]
    published: int
    open: int
    public_unit: int
    own_assessment: dict[str, int]  # username → their unit's assessment in the open period
    submitted: int

    @classmethod
    def find(cls) -> "Demo":
        logins: dict[str, str] = {}
        for row in org_demo.demo_users():
            logins.setdefault(row["role"], row["username"])
        published = ScoringPeriod.objects.filter(status=PeriodStatus.PUBLISHED).order_by("-year", "pk").first()
        open_period = ScoringPeriod.objects.filter(status=PeriodStatus.OPEN).order_by("-year", "pk").first()
        assert published is not None and open_period is not None, "the demo has a published and an open period"
        own = {}
        for role in (Role.FOCAL_POINT, Role.UNIT_HEAD):
            member = Membership.objects.filter(user__username=logins[role], role=role, is_active=True).first()
            assert member is not None
            own[logins[role]] = Assessment.objects.get(period=open_period, unit_id=member.unit_id).pk
        waiting = Assessment.objects.filter(
            period__status=PeriodStatus.OPEN,
            status__in=[AssessmentStatus.SUBMITTED, AssessmentStatus.EXPLAINED],
        ).order_by("status", "pk")
        submitted = waiting.first()
        assert submitted is not None, "the demo has an assessment waiting for appraisal"
        public_unit = Assessment.objects.filter(period=published).order_by("pk").values_list("unit_id", flat=True)
        return cls(logins, published.pk, open_period.pk, public_unit[0], own, submitted.pk)


# The pages checked for each role, after its start page.
def _secretariat(demo: Demo, username: str) -> list[str]:
    return [
        reverse("par:results", args=[demo.open]),
        reverse("par:results", args=[demo.published]),
        reverse("par:analysis", args=[demo.published]),
    ]


def _appraiser(demo: Demo, username: str) -> list[str]:
    return [reverse("par:appraisal_queue"), reverse("par:appraisal_detail", args=[demo.submitted])]


def _own_assessment(demo: Demo, username: str) -> list[str]:
    return [reverse("par:assessment_detail", args=[demo.own_assessment[username]])]


def _leader(demo: Demo, username: str) -> list[str]:
    return [reverse("par:results", args=[demo.published])]


def _start_only(demo: Demo, username: str) -> list[str]:
    return []


ROLE_PAGES: dict[str, Callable[[Demo, str], list[str]]] = {
    Role.SYSTEM_ADMIN: _start_only,
    Role.SECRETARIAT: _secretariat,
    Role.APPRAISER: _appraiser,
    Role.FOCAL_POINT: _own_assessment,
    Role.UNIT_HEAD: _own_assessment,
    Role.LEADER: _leader,
    Role.ONESTOP_OFFICER: _start_only,
    Role.RESOLVING_OFFICER: _start_only,
}


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker: Any) -> Iterator[Demo]:
    # The tests' fast hasher (conftest.py), so the demo users' passwords check under the tests' settings.
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=[MD5]):
        restore_migration_rows()
        call_command("seed_demo", stdout=StringIO())
        yield Demo.find()
        call_command("flush", interactive=False, verbosity=0)
        restore_migration_rows()


@pytest.fixture
def transactional_db(demo: Demo) -> None:
    """Replaces pytest-django's for this module: the live server reads the demo seeded once (see above)."""


@pytest.fixture
def open_page(browser: Any) -> Iterator[Callable[[], Any]]:
    """A page in a fresh context preferring Vietnamese; its context is closed after the test."""
    contexts: list[Any] = []

    def new_page() -> Any:
        context = browser.new_context(viewport=DESKTOP, locale="vi-VN")
        context.set_default_timeout(15_000)
        context.add_init_script(_CSP_WATCH)
        contexts.append(context)
        return context.new_page()

    yield new_page
    for context in contexts:
        context.close()


def sign_in(page: Any, base_url: str, username: str) -> None:
    page.goto(base_url + reverse("accounts:login"))
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(settings.DEMO_PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert page.url == base_url + reverse("portal:start"), f"{username} did not sign in"


def check_pages(page: Any, axe: Axe, base_url: str, paths: list[str]) -> list[str]:
    """Every path at both widths (one context: the viewport changes, the session stays)."""
    found: list[str] = []
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        for number, path in enumerate(paths):
            response = page.goto(base_url + path)
            assert response is not None and response.status == 200, f"{path}: {response and response.status}"
            page.wait_for_function("!document.querySelector('.htmx-request')")  # fragments loading on load
            toggler = page.locator(".navbar-toggler")
            if number == 0 and toggler.is_visible():
                toggler.click()  # the collapsed menu, once per width: it is the same on every page
                page.locator("#main-nav.show").wait_for()
            found += [f"{path} at {viewport['width']} px: {line}" for line in axe.violations(page)]
    return found


def test_it_finds_no_wcag_violation_on_the_public_pages(
    demo: Demo, live_server: Any, open_page: Callable[[], Any], axe: Axe
) -> None:
    paths = [
        reverse("portal:home"),
        reverse("par_public:index"),
        reverse("par_public:period", args=[demo.published]),
        reverse("par_public:unit", args=[demo.published, demo.public_unit]),
    ]
    found = check_pages(open_page(), axe, live_server.url, paths)
    assert not found, "WCAG 2.1 AA violations:\n" + "\n".join(found)


@pytest.mark.parametrize("role", list(ROLE_PAGES))
def test_it_finds_no_wcag_violation_on_each_roles_pages(
    role: str, demo: Demo, live_server: Any, open_page: Callable[[], Any], axe: Axe
) -> None:
    username = demo.logins[role]
    page = open_page()
    sign_in(page, live_server.url, username)
    paths = [reverse("portal:start"), *ROLE_PAGES[role](demo, username)]
    found = check_pages(page, axe, live_server.url, paths)
    assert not found, f"WCAG 2.1 AA violations for {username} ({role}):\n" + "\n".join(found)


def test_it_keeps_the_admins_menu_on_one_line_at_1280_px(
    demo: Demo, live_server: Any, open_page: Callable[[], Any]
) -> None:
    page = open_page()
    sign_in(page, live_server.url, demo.logins[Role.SYSTEM_ADMIN])
    entries = page.locator("[data-testid=main-nav] [data-nav]")
    assert entries.count() > 6, "the administrator has more menu entries than fit on one line"
    navbar, brand = page.locator("nav.navbar"), page.locator(".navbar-brand")
    assert navbar.bounding_box()["height"] < 2 * brand.bounding_box()["height"], "the menu wraps"
    assert page.evaluate("document.documentElement.scrollWidth") <= DESKTOP["width"]

    more = page.locator(".nav-more > .dropdown-toggle")
    more.click()
    expect(entries.last).to_be_visible()  # the later entries open under "More"

    page.set_viewport_size(PHONE)  # the collapsed menu lists every entry, "More" included
    page.reload()
    page.locator(".navbar-toggler").click()
    for index in range(entries.count()):
        expect(entries.nth(index)).to_be_visible()
    expect(more).to_be_hidden()


def test_it_shows_the_whole_note_of_a_score(demo: Demo, live_server: Any, open_page: Callable[[], Any]) -> None:
    username = demo.logins[Role.FOCAL_POINT]
    page = open_page()
    page.set_viewport_size(PHONE)
    sign_in(page, live_server.url, username)
    page.goto(live_server.url + reverse("par:assessment_detail", args=[demo.own_assessment[username]]))
    note = page.locator("textarea[name=note]:visible").first  # finished areas are folded
    # Set without an input event, so nothing is saved: the demo stays as seeded for the other tests.
    note.evaluate("area => { area.value = 'Đã thực hiện theo kế hoạch; chi tiết tại Quyết định số 12/QĐ-STP.'; }")
    heights = note.evaluate("area => [area.clientHeight, area.scrollHeight]")
    assert heights[1] > 40, "the note takes more than one line at 360 px"
    assert heights[0] >= heights[1], f"the note is cut: {heights[0]} of {heights[1]} px shown"
