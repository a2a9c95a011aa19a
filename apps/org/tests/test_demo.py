"""The demo province, loaded by the org demo loader from apps/org/demo/ (province.json, users.csv)."""

from io import StringIO

import pytest

from apps.accounts.models import User
from apps.core.audit import verify_audit_chain
from apps.core.models import AuditEvent
from apps.org import demo
from apps.org.models import Membership, Role, Unit, UnitGroup, UnitKind

pytestmark = pytest.mark.django_db
MINH_XUAN_CODE = "02215"


def _load() -> str:
    out = StringIO()
    demo.load(out)
    return out.getvalue()


def test_it_loads_tuyen_quang_with_its_124_communes_and_one_user_per_role() -> None:
    output = _load()

    assert "146 units and 26 users created this run" in output
    province = Unit.objects.get(kind=UnitKind.PROVINCE, code="08")
    assert Unit.objects.filter(parent=province, kind=UnitKind.COMMUNE).count() == 117
    assert Unit.objects.filter(parent=province, kind=UnitKind.WARD).count() == 7
    assert Unit.objects.get(code=MINH_XUAN_CODE).name == "Phường Minh Xuân"
    assert UnitGroup.objects.get(code="ubnd-xa-phuong").units.count() == 124
    departments = demo.province_data()["departments"]
    assert UnitGroup.objects.get(code="so-ban-nganh").units.count() == len(departments) == 14
    users = demo.demo_users()
    assert {m.role for m in Membership.objects.all()} == {row["role"] for row in users}
    assert len(users) == 15  # one per role, and one for each unit the open PAR period waits for
    for row in users:
        assert User.objects.get(username=row["username"]).check_password("Demo@2025")
    # Every department has a focal point; those not in users.csv cannot sign in until given a password.
    for unit in UnitGroup.objects.get(code="so-ban-nganh").units.all():
        assert Membership.objects.filter(unit=unit, role=Role.FOCAL_POINT).exists(), unit.name
    assert not User.objects.get(username="daumoi_so_y_te").has_usable_password()


def test_it_lists_the_demo_logins_with_role_and_unit() -> None:
    _load()
    logins = demo.logins()
    assert [username for username, _role, _unit in logins] == [row["username"] for row in demo.demo_users()]
    assert ("xa_minhxuan", str(Role.FOCAL_POINT.label), "Phường Minh Xuân") in logins


def test_it_links_merged_departments_to_their_successors() -> None:
    _load()
    finance = Unit.objects.get(name="Sở Tài chính")
    assert list(finance.predecessors.values_list("name", flat=True)) == ["Sở Kế hoạch và Đầu tư"]
    assert Unit.objects.get(name="Sở Kế hoạch và Đầu tư").valid_to is not None


def test_it_is_idempotent() -> None:
    _load()
    units, users, memberships = Unit.objects.count(), User.objects.count(), Membership.objects.count()
    second = _load()
    assert "0 units and 0 users created" in second
    assert (Unit.objects.count(), User.objects.count(), Membership.objects.count()) == (units, users, memberships)
    assert verify_audit_chain().ok


def test_it_records_the_demo_as_the_actor() -> None:
    _load()
    assert set(AuditEvent.objects.values_list("actor_label", flat=True)) == {"demo"}
