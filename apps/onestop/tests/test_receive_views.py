"""The receive form: keyboard-friendly, works without JS, Vietnamese errors next to the field, typed values kept."""

from typing import Any

import pytest
import time_machine
from django.urls import reverse

from apps.onestop.models import Dossier
from apps.onestop.tests.factories import local
from conftest import client_for

pytestmark = pytest.mark.django_db
URL = "/mot-cua/ho-so/tiep-nhan/"
NOW = local(2026, 3, 2, 9)


def _post(proc: Any, **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "procedure": str(proc.pk),
        "applicant_name": "Trần Thị Bình",
        "applicant_phone": "0912 345 678",
        "applicant_email": "binh@example.vn",
        "applicant_address": "Tổ 5, phường Minh Xuân",
        "channel": "in_person",
        "result_delivery": "counter",
        "sets": "1",
        "doc_name": ["Tờ khai", "Bản sao CCCD", ""],
        "doc_kind": ["original", "certified_copy", "original"],
        "doc_quantity": ["1", "2", "1"],
    }
    data.update(extra)
    return data


def test_it_offers_the_form_with_the_procedure_focused(desk: Any, procedure: Any) -> None:
    content = client_for(desk).get(URL).content.decode()
    assert 'name="procedure"' in content and "autofocus" in content
    assert procedure.code in content  # a select of the few procedures: works without JS
    from apps.onestop.templatetags.onestop_dossiers import url_if_exists

    assert ("data-procedure-picker" in content) == bool(url_if_exists("onestop:procedure_search"))


def test_it_receives_a_dossier_and_shows_its_page(desk: Any, procedure: Any) -> None:
    with time_machine.travel(NOW, tick=False):
        response = client_for(desk).post(URL, _post(procedure))
    dossier = Dossier.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("onestop:dossier_detail", args=[dossier.pk])
    assert dossier.code == "000.00.08.H56-260302-0001"
    assert dossier.documents == [
        {"name": "Tờ khai", "kind": "original", "quantity": 1},
        {"name": "Bản sao CCCD", "kind": "certified_copy", "quantity": 2},
    ]
    page = client_for(desk).get(response.url).content.decode()
    assert dossier.code in page and "16/03/2026" in page


def test_it_accepts_the_procedure_code_typed(desk: Any, procedure: Any) -> None:
    with time_machine.travel(NOW, tick=False):
        response = client_for(desk).post(URL, _post(procedure, procedure=procedure.code))
    assert response.status_code == 302


def test_it_keeps_typed_values_and_says_what_is_wrong_in_vietnamese(desk: Any, procedure: Any) -> None:
    data = _post(procedure, applicant_phone="12ab", applicant_email="", applicant_name="Lê Văn Cường")
    response = client_for(desk).post(URL, data, HTTP_ACCEPT_LANGUAGE="vi")
    content = response.content.decode()
    assert response.status_code == 400
    assert "Lê Văn Cường" in content and "Bản sao CCCD" in content
    assert "is-invalid" in content
    assert Dossier.objects.count() == 0


def test_it_asks_for_a_phone_or_an_e_mail(desk: Any, procedure: Any) -> None:
    response = client_for(desk).post(URL, _post(procedure, applicant_phone="", applicant_email=""))
    assert response.status_code == 400
    assert Dossier.objects.count() == 0


def test_it_refuses_an_unknown_procedure_next_to_the_field(desk: Any, procedure: Any) -> None:
    response = client_for(desk).post(URL, _post(procedure, procedure="9.999999"))
    assert response.status_code == 400
    assert "is-invalid" in response.content.decode()


def test_it_refuses_a_bad_document_quantity_with_a_message(desk: Any, procedure: Any) -> None:
    response = client_for(desk).post(URL, _post(procedure, doc_quantity=["0", "1", "1"]))
    assert response.status_code == 400
    assert Dossier.objects.count() == 0


def test_it_lets_only_one_stop_officers_receive(clerk_a: Any, clerk_b: Any, procedure: Any, office: Any) -> None:
    for user in (clerk_a, clerk_b):
        assert client_for(user).get(URL).status_code == 403
        assert client_for(user).post(URL, _post(procedure)).status_code == 403
    assert Dossier.objects.count() == 0


def test_it_refuses_other_methods(desk: Any) -> None:
    assert client_for(desk).put(URL).status_code == 405
    assert client_for(desk).delete(URL).status_code == 405


def test_it_tells_an_officer_whose_unit_is_no_front_office_what_to_ask_for(unit_b: Any) -> None:
    from apps.org.models import Role
    from apps.org.tests.factories import user_with_role

    officer = user_with_role("no_office", Role.ONESTOP_OFFICER, unit_b)
    response = client_for(officer).get(reverse("onestop:dossier_receive"))
    assert response.status_code == 200
    assert 'data-testid="no-office"' in response.content.decode() and unit_b.name in response.content.decode()
    assert client_for(officer).post(reverse("onestop:dossier_receive"), {}).status_code == 200
    assert not Dossier.objects.exists()
