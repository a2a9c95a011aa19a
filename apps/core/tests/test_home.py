import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_it_lists_the_public_services(citizen: Client) -> None:
    response = citizen.get("/")
    assert response.status_code == 200
    content = response.content.decode()
    assert content.count('data-testid="public-service"') == 5
    assert f'href="{reverse("api-1.0.0:openapi-view")}"' in content


def test_it_offers_sign_in_to_visitors(citizen: Client) -> None:
    response = citizen.get("/")
    assert f'href="{reverse("accounts:login")}"' in response.content.decode()


def test_it_refuses_posts(citizen: Client) -> None:
    assert citizen.post("/").status_code == 405
