"""Who may print a dossier's forms: 404 for a dossier the user may not see, 405 for a write."""

from typing import Any

import pytest
from django.urls import reverse

from apps.onestop.tests.factories import local, receive
from conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def dossier(desk: Any, office: Any, procedure: Any) -> Any:
    return receive(desk, office, procedure, at=local(2026, 2, 13, 9, 0))


@pytest.mark.parametrize("name", ["onestop:form_print", "onestop:form_docx"])
def test_it_hides_the_dossier_from_outsiders(
    name: str, dossier: Any, clerk_b: Any, desk_commune: Any, focal_a: Any
) -> None:
    for user in (clerk_b, desk_commune, focal_a):
        assert client_for(user).get(reverse(name, args=[dossier.pk, "01"])).status_code == 404


@pytest.mark.parametrize("name", ["onestop:form_print", "onestop:form_docx"])
def test_it_lets_the_handling_units_and_province_roles_print(
    name: str, dossier: Any, desk: Any, clerk_a: Any, leader: Any
) -> None:
    for user in (desk, clerk_a, leader):
        assert client_for(user).get(reverse(name, args=[dossier.pk, "01"])).status_code == 200


def test_it_answers_404_for_a_missing_dossier(desk: Any) -> None:
    assert client_for(desk).get(reverse("onestop:form_print", args=[999999, "01"])).status_code == 404


@pytest.mark.parametrize("name", ["onestop:form_print", "onestop:form_docx"])
def test_it_answers_405_to_a_post(name: str, dossier: Any, desk: Any) -> None:
    assert client_for(desk).post(reverse(name, args=[dossier.pk, "01"])).status_code == 405


def test_it_sends_anonymous_visitors_to_sign_in(dossier: Any, client: Any) -> None:
    response = client.get(reverse("onestop:form_print", args=[dossier.pk, "01"]))
    assert response.status_code in (302, 403, 404)


def test_it_leaves_out_the_applicants_contacts_for_readers_who_may_not_see_them(
    dossier: Any, desk: Any, leader: Any
) -> None:
    url = reverse("onestop:form_print", args=[dossier.pk, "01"])
    assert "0912345678" in client_for(desk).get(url).content.decode()
    assert "0912345678" not in client_for(leader).get(url).content.decode()


def test_it_links_the_forms_a_dossier_can_print(dossier: Any, desk: Any) -> None:
    from apps.onestop.selectors.forms import dossier_form_links
    from apps.onestop.services.dossiers import dossier_refuse

    assert [link["code"] for link in dossier_form_links(dossier)] == ["01", "06"]
    dossier_refuse(actor=desk, dossier=dossier, version=dossier.version, reason="Sai thẩm quyền")
    links = dossier_form_links(dossier)
    assert [link["code"] for link in links] == ["01", "03", "06"]
    assert links[1]["print_url"] == reverse("onestop:form_print", args=[dossier.pk, "03"])
