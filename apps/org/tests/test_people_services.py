from typing import Any

import pytest
from django.core.exceptions import ValidationError

from apps.accounts.models import User
from apps.core.errors import ConflictError
from apps.core.models import AuditEvent
from apps.org import services
from apps.org.models import Membership, Role, Unit
from apps.org.permissions import has_role

pytestmark = pytest.mark.django_db


def _last_event(action: str) -> AuditEvent:
    return AuditEvent.objects.filter(action=action).order_by("-seq").first()  # type: ignore[return-value]


def test_it_creates_a_person_without_a_password(sysadmin: Any) -> None:
    person = services.user_create(
        actor=sysadmin, username="nva", full_name="Nguyễn Văn An", email="nva@tuyenquang.gov.vn", position="Chuyên viên"
    )
    assert not person.has_usable_password()
    assert person.search_text == " nguyen van an nva nva@tuyenquang.gov.vn chuyen vien"
    event = _last_event("user.create")
    assert event.after["full_name"] == "Nguyễn Văn An"
    assert "password" not in event.after


def test_it_creates_a_person_with_a_checked_password(sysadmin: Any) -> None:
    person = services.user_create(
        actor=sysadmin, username="ttb", full_name="Trần Thị Bình", password="Tot#Mat-Khau-2025"
    )
    assert person.check_password("Tot#Mat-Khau-2025")
    with pytest.raises(ValidationError) as exc:
        services.user_create(actor=sysadmin, username="weak", full_name="Yếu", password="123")
    assert "password" in exc.value.message_dict
    assert not User.objects.filter(username="weak").exists()


def test_it_refuses_a_taken_username(sysadmin: Any, focal_a: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        services.user_create(actor=sysadmin, username="focal_a", full_name="Trùng")
    assert "username" in exc.value.message_dict


def test_it_updates_a_person_and_files_the_event_under_their_unit(sysadmin: Any, focal_a: Any, unit_a: Unit) -> None:
    services.user_update(actor=sysadmin, user=focal_a, version=1, full_name="Lê Văn Cường", phone="0912345678")
    focal_a.refresh_from_db()
    assert focal_a.version == 2
    assert focal_a.search_text.startswith(" le van cuong")
    event = _last_event("user.update")
    assert event.unit_id == unit_a.pk
    assert event.before["full_name"] == "Cán bộ đầu mối A"
    assert event.after["phone"] == "0912345678"


def test_it_refuses_a_stale_person_edit(sysadmin: Any, focal_a: Any) -> None:
    services.user_update(actor=sysadmin, user=focal_a, version=1, position="Chuyên viên")
    with pytest.raises(ConflictError):
        services.user_update(actor=sysadmin, user=focal_a, version=1, position="Trưởng phòng")


def test_it_refuses_to_change_flags_through_update(sysadmin: Any, focal_a: Any) -> None:
    with pytest.raises(TypeError):
        services.user_update(actor=sysadmin, user=focal_a, version=1, is_superuser=True)


def test_it_deactivates_and_reactivates(sysadmin: Any, focal_a: Any) -> None:
    services.user_deactivate(actor=sysadmin, user=focal_a)
    focal_a.refresh_from_db()
    assert not focal_a.is_active
    assert _last_event("user.deactivate").after["is_active"] is False
    services.user_reactivate(actor=sysadmin, user=focal_a)
    focal_a.refresh_from_db()
    assert focal_a.is_active
    assert _last_event("user.reactivate").before["is_active"] is False


def test_it_does_not_let_an_admin_deactivate_themselves(sysadmin: Any) -> None:
    with pytest.raises(ValidationError):
        services.user_deactivate(actor=sysadmin, user=sysadmin)
    sysadmin.refresh_from_db()
    assert sysadmin.is_active


def test_it_sets_a_password_without_auditing_it(sysadmin: Any, focal_a: Any) -> None:
    services.user_set_password(actor=sysadmin, user=focal_a, password="Mat-Khau#Moi-2025")
    focal_a.refresh_from_db()
    assert focal_a.check_password("Mat-Khau#Moi-2025")
    event = _last_event("user.set_password")
    text = f"{event.before} {event.after}"
    assert "Mat-Khau" not in text
    assert "pbkdf2" not in text and "md5" not in text
    with pytest.raises(ValidationError):
        services.user_set_password(actor=sysadmin, user=focal_a, password="password")


def test_it_adds_a_membership_idempotently(sysadmin: Any, focal_a: Any, unit_b: Unit) -> None:
    first = services.membership_add(actor=sysadmin, user=focal_a, unit=unit_b, role=Role.UNIT_HEAD)
    again = services.membership_add(actor=sysadmin, user=focal_a, unit=unit_b, role=Role.UNIT_HEAD)
    assert first.pk == again.pk
    assert AuditEvent.objects.filter(action="membership.add").count() == 1
    event = _last_event("membership.add")
    assert event.unit_id == unit_b.pk
    assert event.after == {"user": focal_a.pk, "unit": unit_b.pk, "role": "unit_head", "is_active": True}


def test_it_removes_and_re_adds_a_membership(sysadmin: Any, focal_a: Any, unit_a: Unit) -> None:
    membership = Membership.objects.get(user=focal_a, unit=unit_a)
    assert has_role(focal_a, Role.FOCAL_POINT)
    services.membership_remove(actor=sysadmin, membership=membership)
    membership.refresh_from_db()
    assert not membership.is_active
    assert not has_role(User.objects.get(pk=focal_a.pk), Role.FOCAL_POINT)
    assert _last_event("membership.remove").before["is_active"] is True
    again = services.membership_add(actor=sysadmin, user=focal_a, unit=unit_a, role=Role.FOCAL_POINT)
    assert again.pk == membership.pk
    assert again.is_active
    assert _last_event("membership.add").before["is_active"] is False


def test_it_refuses_an_unknown_role(sysadmin: Any, focal_a: Any, unit_b: Unit) -> None:
    with pytest.raises(ValidationError):
        services.membership_add(actor=sysadmin, user=focal_a, unit=unit_b, role="king")
