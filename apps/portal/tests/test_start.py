from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch

from apps.core import hooks
from apps.org.models import Role, Unit
from apps.org.tests.factories import MembershipFactory, UserFactory, user_with_role
from apps.portal.selectors import start as start_pages
from apps.portal.selectors.start import cards_for, start_page_for
from conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", [page.role for page in start_pages.start_pages()])
def test_it_shows_each_role_its_own_start_page(role: str, unit_a: Unit) -> None:
    user = user_with_role(f"user_{role}", role, unit_a)
    response = client_for(user).get("/trang-cua-toi/")
    assert response.status_code == 200
    content = response.content.decode()
    assert f'data-testid="start-title" data-role="{role}"' in content
    page = start_page_for(user)
    assert page.role == role
    cards = cards_for(user, page)
    assert content.count('data-testid="start-card"') == len([card for card in cards if card.url])


def test_it_shows_the_cards_contributed_for_the_role_only(focal_a: Any) -> None:
    with hooks.isolated():
        hooks.register(
            hooks.START_CARDS,
            hooks.StartCard("test.mine", Role.FOCAL_POINT, "Mine", "For focal points", "org:unit_list", order=2),
            hooks.StartCard("test.first", Role.FOCAL_POINT, "First", "Comes first", None, order=1),
            hooks.StartCard("test.other", Role.LEADER, "Not mine", "For leaders", "org:unit_list"),
        )
        hooks.register(
            hooks.START_CARDS,
            hooks.StartCard("test.second", Role.FOCAL_POINT, "Second", "Comes second", "org:unit_list", order=1),
        )
        content = client_for(focal_a).get("/trang-cua-toi/").content.decode()
    assert content.count('data-testid="start-card"') == 2
    assert "Not mine" not in content
    assert content.index("Second") < content.index("Mine")
    assert "First" in content.split('data-testid="start-coming"')[1]  # not built: said in a sentence


def test_it_shows_the_one_stop_roles_their_dossier_cards_as_links(unit_a: Unit) -> None:
    for role in (Role.ONESTOP_OFFICER, Role.RESOLVING_OFFICER):
        user = user_with_role(f"later_{role}", role, unit_a)
        content = client_for(user).get("/trang-cua-toi/").content.decode()
        assert 'data-available="false"' not in content
        cards = [card for card in cards_for(user, start_page_for(user)) if (card.url or "").startswith("/mot-cua/")]
        assert cards
        for card in cards:
            assert f'href="{card.url}"' in content


def test_it_offers_the_administrator_the_platform_cards(sysadmin: Any) -> None:
    titles = [str(card.title) for card in cards_for(sysadmin, start_page_for(sysadmin))]
    assert titles == ["Units", "People", "Audit trail", "Working-day calendar", "API tokens"]


def test_it_puts_my_unit_first_for_unit_scoped_roles(focal_a: Any, head_a: Any) -> None:
    for user in (focal_a, head_a):
        titles = [str(card.title) for card in cards_for(user, start_page_for(user))]
        assert titles[0] == "My unit"
        assert titles[-1] == "People"


def test_it_leads_the_one_stop_roles_to_the_inbox_and_the_receipt(unit_a: Unit) -> None:
    urls = {}
    for role in (Role.ONESTOP_OFFICER, Role.RESOLVING_OFFICER):
        user = user_with_role(f"soon_{role}", role, unit_a)
        cards = cards_for(user, start_page_for(user))
        assert all(card.url for card in cards)  # nothing "coming later" any more
        urls[role] = {card.url for card in cards if (card.url or "").startswith("/mot-cua/")}
    assert urls[Role.ONESTOP_OFFICER] == {"/mot-cua/ho-so/tiep-nhan/", "/mot-cua/ho-so/", "/mot-cua/thu-tuc/"}
    assert urls[Role.RESOLVING_OFFICER] == {"/mot-cua/ho-so/", "/mot-cua/thu-tuc/"}


def test_it_lands_a_person_with_several_roles_on_the_most_senior_page(unit_a: Unit, province: Unit) -> None:
    user = user_with_role("both", Role.FOCAL_POINT, unit_a)
    MembershipFactory(user=user, unit=province, role=Role.SECRETARIAT)
    assert start_page_for(user).role == Role.SECRETARIAT


def test_it_gives_a_person_without_a_role_the_plain_page() -> None:
    user = UserFactory(username="nobody")
    response = client_for(user).get("/trang-cua-toi/")
    assert response.status_code == 200
    assert 'data-role=""' in response.content.decode()
    assert 'data-testid="start-card"' not in response.content.decode()


def test_it_shows_a_card_whose_page_is_not_built_as_coming_soon(focal_a: Any) -> None:
    with hooks.isolated():
        hooks.register(
            hooks.START_CARDS,
            hooks.StartCard("test.missing", Role.FOCAL_POINT, "Missing", "Not built", "core:does_not_exist"),
            hooks.StartCard("test.later", Role.FOCAL_POINT, "Later", "Later", None),
        )
        cards = cards_for(focal_a, start_page_for(focal_a))
    assert [card.url for card in cards] == [None, None]


def test_it_links_my_unit_to_the_first_unit_of_the_role(focal_a: Any, unit_a: Unit, monkeypatch: Any) -> None:
    seen: list[tuple[str, Any]] = []

    def fake_reverse(url_name: str, args: list[Any] | None = None) -> str:
        seen.append((url_name, args))
        if url_name == "org:unit_detail":
            return f"/units/{args[0]}/" if args else "/units/"
        raise NoReverseMatch(url_name)

    monkeypatch.setattr(start_pages, "reverse", fake_reverse)
    cards = cards_for(focal_a, start_page_for(focal_a))
    my_unit = cards[0]
    assert my_unit.url == f"/units/{unit_a.pk}/"
    assert my_unit.text == unit_a.name
    assert ("org:unit_detail", [unit_a.pk]) in seen


def test_it_resolves_the_cards_in_a_fixed_number_of_queries(focal_a: Any) -> None:
    page = start_page_for(focal_a)  # loads the grants
    with CaptureQueriesContext(connection) as queries:
        cards_for(focal_a, page)
    assert len(queries) == 1
