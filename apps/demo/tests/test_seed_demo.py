from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from apps.accounts.models import User
from apps.core.audit import verify_audit_chain
from apps.demo import data
from apps.org.models import Membership, Unit, UnitGroup, UnitKind

pytestmark = pytest.mark.django_db


def _seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_it_loads_tuyen_quang_with_its_124_communes_and_one_user_per_role() -> None:
    output = _seed()

    province = Unit.objects.get(kind=UnitKind.PROVINCE, code="08")
    assert Unit.objects.filter(parent=province, kind=UnitKind.COMMUNE).count() == 117
    assert Unit.objects.filter(parent=province, kind=UnitKind.WARD).count() == 7
    assert Unit.objects.get(code=data.MINH_XUAN_CODE).name == "Phường Minh Xuân"
    assert UnitGroup.objects.get(code="ubnd-xa-phuong").units.count() == 124
    assert UnitGroup.objects.get(code="so-ban-nganh").units.count() == len(data.DEPARTMENTS)
    assert {m.role for m in Membership.objects.all()} == {role for *_x, role, _u in data.DEMO_USERS}
    for username, *_rest in data.DEMO_USERS:
        assert User.objects.get(username=username).check_password("Demo@2025")
        assert username in output
    assert "Demo@2025" in output


def test_it_links_merged_departments_to_their_successors() -> None:
    _seed()
    finance = Unit.objects.get(name="Sở Tài chính")
    assert list(finance.predecessors.values_list("name", flat=True)) == ["Sở Kế hoạch và Đầu tư"]
    assert Unit.objects.get(name="Sở Kế hoạch và Đầu tư").valid_to is not None


def test_it_is_idempotent() -> None:
    _seed()
    units, users, memberships = Unit.objects.count(), User.objects.count(), Membership.objects.count()
    second = _seed()
    assert "0 units and 0 users created" in second
    assert (Unit.objects.count(), User.objects.count(), Membership.objects.count()) == (units, users, memberships)
    assert verify_audit_chain().ok


def test_it_refuses_production_settings_unless_told(settings) -> None:  # type: ignore[no-untyped-def]
    settings.PRODUCTION = True
    with pytest.raises(CommandError):
        _seed()
    call_command("seed_demo", "--allow-production", stdout=StringIO())
    assert User.objects.filter(username="admin").exists()
