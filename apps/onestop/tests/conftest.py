"""The one-stop cast, on top of the root cast (conftest.py at the project root).

centre: the provincial service centre (a front office, code 000.00.08.H56); unit_a (Sở Tư pháp)
resolves the procedures; commune is a front office of its own. desk: a one-stop officer of the
centre; clerk_a: a resolving officer of unit A; clerk_b: a resolving officer of unit B (an outsider
to unit A's dossiers); desk_commune: the commune's one-stop officer."""

from typing import Any

import pytest

from apps.onestop.models import Office, Procedure
from apps.onestop.tests.factories import make_office, make_procedure
from apps.org.models import Role, Unit, UnitKind
from apps.org.tests.factories import UnitFactory, user_with_role


@pytest.fixture
def centre(province: Unit) -> Unit:
    return UnitFactory(
        parent=province, kind=UnitKind.SERVICE_CENTRE, name="Trung tâm Phục vụ hành chính công", short_name="TTPVHCC"
    )


@pytest.fixture
def office(centre: Unit) -> Office:
    return make_office(centre, "000.00.08.H56")


@pytest.fixture
def commune_office(commune: Unit) -> Office:
    return make_office(commune, "000.22.15.H56")


@pytest.fixture
def procedure(unit_a: Unit) -> Procedure:
    return make_procedure(agency=unit_a)


@pytest.fixture
def desk(centre: Unit, office: Office) -> Any:
    return user_with_role("desk", Role.ONESTOP_OFFICER, centre, "Đỗ Thị Mai")


@pytest.fixture
def clerk_a(unit_a: Unit) -> Any:
    return user_with_role("clerk_a", Role.RESOLVING_OFFICER, unit_a, "Hoàng Thị Lan")


@pytest.fixture
def clerk_b(unit_b: Unit) -> Any:
    return user_with_role("clerk_b", Role.RESOLVING_OFFICER, unit_b, "Người Ngoài")


@pytest.fixture
def desk_commune(commune: Unit, commune_office: Office) -> Any:
    return user_with_role("desk_commune", Role.ONESTOP_OFFICER, commune, "Công chức xã")
