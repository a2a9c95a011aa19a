"""The procedure picker of the receipt form: GET /mot-cua/thu-tuc/tim/?q=... (an HTML fragment)."""

import re
from typing import Any

import pytest
from django.urls import reverse

from apps.onestop.tests.factories import make_procedure
from apps.org.models import Unit
from conftest import client_for

pytestmark = pytest.mark.django_db


def _ids(html: str) -> list[str]:
    return re.findall(r'data-procedure-id="(\d+)"', html)


def test_it_finds_a_procedure_without_diacritics_and_by_code_prefix(desk: Any, unit_a: Unit) -> None:
    wanted = make_procedure(agency=unit_a, code="2.000488", name="Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam")
    other = make_procedure(agency=unit_a, code="1.001193", name="Đăng ký khai sinh", field="Hộ tịch")
    client = client_for(desk)
    url = reverse("onestop:procedure_search")
    assert url == "/mot-cua/thu-tuc/tim/"

    html = client.get(url, {"q": "ly lich tu phap"}).content.decode()
    assert _ids(html) == [str(wanted.pk)]
    assert 'class="list-group-item' in html
    assert 'type="button"' in html
    assert 'data-procedure-label="2.000488 · Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam"' in html

    assert _ids(client.get(url, {"q": "1.0011"}).content.decode()) == [str(other.pk)]
    assert _ids(client.get(url, {"q": "dang ky khai"}).content.decode()) == [str(other.pk)]


def test_it_lists_at_most_20_procedures_in_force(desk: Any, unit_a: Unit) -> None:
    for n in range(25):
        make_procedure(agency=unit_a, name=f"Thủ tục số {n}")
    retired = make_procedure(agency=unit_a, name="Thủ tục hết hiệu lực")
    retired.is_active = False
    retired.save()
    html = client_for(desk).get(reverse("onestop:procedure_search"), {"q": "thu tuc"}).content.decode()
    assert len(_ids(html)) == 20
    assert str(retired.pk) not in _ids(html)


def test_it_says_so_when_nothing_matches(desk: Any, unit_a: Unit) -> None:
    make_procedure(agency=unit_a)
    html = client_for(desk).get(reverse("onestop:procedure_search"), {"q": "khong co gi"}).content.decode()
    assert _ids(html) == []
    assert "data-procedure-none" in html


def test_it_refuses_a_focal_point(focal_a: Any) -> None:
    assert client_for(focal_a).get(reverse("onestop:procedure_search"), {"q": "a"}).status_code == 403
