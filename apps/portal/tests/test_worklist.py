"""The worklist on the start page: panels contributed by the modules (hooks.WORKLIST), for every
role the user holds, first on the page, in their order; a panel with nothing to show is left out."""

from typing import Any

import pytest

from apps.core import hooks
from apps.org.models import Role, Unit
from apps.org.tests.factories import MembershipFactory
from conftest import client_for

pytestmark = pytest.mark.django_db
TEMPLATE = "portal/start/_panel_text.html"


def panel(key: str, roles: tuple[str, ...], text: str | None, order: int = 100) -> hooks.WorkPanel:
    def context(request: Any) -> dict[str, Any] | None:
        if text is None:
            return None
        return {"key": key, "title": f"Title {key}", "text": f"{text} for {request.user.username}"}

    return hooks.WorkPanel(key, roles, TEMPLATE, context, order=order)


def page(user: Any) -> str:
    response = client_for(user).get("/trang-cua-toi/")
    assert response.status_code == 200
    return response.content.decode()


def test_it_shows_the_panels_of_the_users_role_in_their_order(focal_a: Any) -> None:
    with hooks.isolated():
        hooks.register(
            hooks.WORKLIST,
            panel("second", (Role.FOCAL_POINT,), "Two", order=20),
            panel("first", (Role.FOCAL_POINT, Role.UNIT_HEAD), "One", order=10),
            panel("leaders", (Role.LEADER,), "Not mine"),
        )
        content = page(focal_a)
    assert content.count('data-testid="worklist-panel"') == 2
    assert content.index("One for focal_a") < content.index("Two for focal_a")
    assert "Not mine" not in content


def test_it_leaves_out_a_panel_with_nothing_to_show(focal_a: Any) -> None:
    with hooks.isolated():
        hooks.register(hooks.WORKLIST, panel("empty", (Role.FOCAL_POINT,), None))
        content = page(focal_a)
    assert 'data-testid="worklist"' not in content


def test_it_shows_the_panels_of_every_role_a_person_holds(focal_a: Any, province: Unit) -> None:
    MembershipFactory(user=focal_a, unit=province, role=Role.LEADER)
    with hooks.isolated():
        hooks.register(
            hooks.WORKLIST,
            panel("unit", (Role.FOCAL_POINT,), "Unit work"),
            panel("province", (Role.LEADER,), "Province view"),
        )
        content = page(focal_a)
    assert "Unit work" in content and "Province view" in content


def test_it_puts_the_worklist_before_the_shortcuts(focal_a: Any) -> None:
    with hooks.isolated():
        hooks.register(hooks.WORKLIST, panel("p", (Role.FOCAL_POINT,), "Today"))
        hooks.register(hooks.START_CARDS, hooks.StartCard("c", Role.FOCAL_POINT, "Shortcut", "A link", "org:unit_list"))
        content = page(focal_a)
    assert content.index('data-testid="worklist"') < content.index('data-testid="start-cards"')


def test_it_refuses_a_duplicate_panel_key() -> None:
    from django.core.exceptions import ImproperlyConfigured

    with hooks.isolated(), pytest.raises(ImproperlyConfigured):
        hooks.register(hooks.WORKLIST, panel("x", (Role.LEADER,), "a"), panel("x", (Role.LEADER,), "b"))
