import pytest
from django.test import Client
from django.urls import reverse

from apps.core import hooks

pytestmark = pytest.mark.django_db


def test_it_lists_the_public_services(citizen: Client) -> None:
    response = citizen.get("/")
    assert response.status_code == 200
    content = response.content.decode()
    assert content.count('data-testid="public-service"') == len(hooks.get(hooks.PUBLIC_SERVICES))
    assert f'href="{reverse("api-1.0.0:openapi-view")}"' in content


def test_it_shows_the_services_the_modules_contribute_in_their_order(citizen: Client) -> None:
    with hooks.isolated():
        hooks.register(
            hooks.PUBLIC_SERVICES,
            hooks.PublicService("test.later", "Second service", "Not built yet", None, order=2),
            hooks.PublicService("test.docs", "First service", "Built", "api-1.0.0:openapi-view", order=1),
        )
        content = citizen.get("/").content.decode()
    assert content.count('data-testid="public-service"') == 2
    assert content.index("First service") < content.index("Second service")
    assert content.count('data-available="true"') == 1
    assert content.count('data-available="false"') == 1


def test_it_offers_sign_in_to_visitors(citizen: Client) -> None:
    response = citizen.get("/")
    assert f'href="{reverse("accounts:login")}"' in response.content.decode()


def test_it_refuses_posts(citizen: Client) -> None:
    assert citizen.post("/").status_code == 405
