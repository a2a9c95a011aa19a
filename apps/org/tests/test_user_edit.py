from typing import Any

import pytest
from django.urls import reverse

from apps.accounts.models import User
from apps.org import services
from conftest import client_for

pytestmark = pytest.mark.django_db


def _data(user: Any, **changes: Any) -> dict[str, Any]:
    data = {
        "username": user.username,
        "full_name": user.full_name,
        "email": user.email,
        "position": user.position,
        "phone": user.phone,
        "version": user.version,
    }
    data.update(changes)
    return data


def test_it_creates_a_person(sysadmin: Any) -> None:
    client = client_for(sysadmin)
    assert client.get(reverse("org:user_create")).status_code == 200
    response = client.post(
        reverse("org:user_create"),
        {"username": "nva", "full_name": "Nguyễn Văn An", "email": "nva@tuyenquang.gov.vn", "position": "Chuyên viên"},
    )
    person = User.objects.get(username="nva")
    assert response.status_code == 302
    assert response["Location"] == reverse("org:user_detail", args=[person.pk])
    assert not person.has_usable_password()
    assert person.search_text.startswith(" nguyen van an")


def test_it_creates_a_person_with_a_password(sysadmin: Any) -> None:
    response = client_for(sysadmin).post(
        reverse("org:user_create"),
        {
            "username": "ttb",
            "full_name": "Trần Thị Bình",
            "password1": "Tot#Mat-Khau-2025",
            "password2": "Tot#Mat-Khau-2025",
        },
    )
    assert response.status_code == 302
    assert User.objects.get(username="ttb").check_password("Tot#Mat-Khau-2025")


def test_it_refuses_a_weak_or_mismatched_password_with_400(sysadmin: Any) -> None:
    client = client_for(sysadmin)
    weak = client.post(
        reverse("org:user_create"),
        {"username": "a", "full_name": "A", "password1": "12345678", "password2": "12345678"},
    )
    assert weak.status_code == 400
    mismatch = client.post(
        reverse("org:user_create"),
        {"username": "b", "full_name": "B", "password1": "Tot#Mat-Khau-2025", "password2": "x"},
    )
    assert mismatch.status_code == 400
    assert not User.objects.filter(username__in=["a", "b"]).exists()


def test_it_refuses_a_taken_username_with_400(sysadmin: Any, focal_a: Any) -> None:
    response = client_for(sysadmin).post(reverse("org:user_create"), {"username": "focal_a", "full_name": "Trùng"})
    assert response.status_code == 400


def test_it_edits_a_person(sysadmin: Any, focal_a: Any) -> None:
    url = reverse("org:user_edit", args=[focal_a.pk])
    assert 'name="version" value="1"' in client_for(sysadmin).get(url).text
    response = client_for(sysadmin).post(url, _data(focal_a, position="Chuyên viên chính", phone="0912 345 678"))
    assert response.status_code == 302
    focal_a.refresh_from_db()
    assert focal_a.position == "Chuyên viên chính"
    assert focal_a.version == 2


def test_it_refuses_a_stale_person_edit_with_409(sysadmin: Any, focal_a: Any) -> None:
    stale = _data(focal_a, position="Cũ")
    services.user_update(actor=sysadmin, user=User.objects.get(pk=focal_a.pk), version=1, position="Mới")
    response = client_for(sysadmin).post(reverse("org:user_edit", args=[focal_a.pk]), stale)
    assert response.status_code == 409
    focal_a.refresh_from_db()
    assert focal_a.position == "Mới"


def test_it_refuses_bad_input_with_400(sysadmin: Any, focal_a: Any) -> None:
    response = client_for(sysadmin).post(
        reverse("org:user_edit", args=[focal_a.pk]), _data(focal_a, email="not-an-email", full_name="")
    )
    assert response.status_code == 400


def test_it_refuses_person_writes_to_a_focal_point(focal_a: Any, head_a: Any) -> None:
    client = client_for(focal_a)
    assert client.get(reverse("org:user_create")).status_code == 403
    assert client.post(reverse("org:user_create"), {"username": "x", "full_name": "X"}).status_code == 403
    assert client.get(reverse("org:user_edit", args=[head_a.pk])).status_code == 403
    assert client.post(reverse("org:user_edit", args=[head_a.pk]), _data(head_a, full_name="X")).status_code == 403
    head_a.refresh_from_db()
    assert head_a.full_name == "Thủ trưởng A"


def test_it_gives_404_when_editing_a_missing_person(sysadmin: Any) -> None:
    assert client_for(sysadmin).post(reverse("org:user_edit", args=[99999]), {}).status_code == 404


def test_it_refuses_other_methods(sysadmin: Any, focal_a: Any) -> None:
    assert client_for(sysadmin).put(reverse("org:user_create")).status_code == 405
    assert client_for(sysadmin).put(reverse("org:user_edit", args=[focal_a.pk])).status_code == 405
