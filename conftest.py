"""The named cast every test file uses.

province > unit_a (Sở Tư pháp), unit_b (Sở Y tế), commune (phường Minh Xuân);
focal_a / head_a act for unit A, focal_b for unit B; appraiser, secretariat, leader and
sysadmin are province-wide. The password of every cast member is PASSWORD.
"""

from typing import Any

import pytest
from django.test import Client
from hypothesis import settings as hypothesis_settings

from apps.org.models import Role, Unit, UnitKind
from apps.org.tests.factories import UnitFactory, user_with_role

# Timing belongs in `make bench`: no per-example deadline (a busy CI machine must not fail a rule).
hypothesis_settings.register_profile("cchc", deadline=None, print_blob=True)
hypothesis_settings.load_profile("cchc")

PASSWORD = "Secret#2025"  # noqa: S105 - test-only password


@pytest.fixture(autouse=True)
def _test_settings(settings: Any) -> None:
    settings.ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Tests read like a spec in the msgid language; tests of the Vietnamese interface itself
    # (tests/test_translations.py, the smoke and browser tests) set "vi" explicitly.
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(autouse=True)
def _migration_rows(request: pytest.FixtureRequest) -> None:
    """Transactional tests (the browser tests) flush every table when they end, the rows data
    migrations wrote included; the next one gets them back (the declared PAR metrics, the
    seeded service index definition)."""
    if not {"transactional_db", "live_server"} & set(request.fixturenames):
        return
    request.getfixturevalue("transactional_db")
    restore_migration_rows()


def restore_migration_rows() -> None:
    """Write again what data migrations wrote (a flush removes it)."""
    import importlib

    from django.apps import apps

    importlib.import_module("apps.par.migrations.0003_declared_metric_rows").declare(apps, None)
    importlib.import_module("apps.onestop.migrations.0002_index").seed(apps, None)  # the service index (766)


@pytest.fixture
def province(db: None) -> Unit:
    return UnitFactory(kind=UnitKind.PROVINCE, code="08", name="Tỉnh Tuyên Quang", short_name="Tuyên Quang")


@pytest.fixture
def unit_a(province: Unit) -> Unit:
    return UnitFactory(parent=province, name="Sở Tư pháp", short_name="STP")


@pytest.fixture
def unit_b(province: Unit) -> Unit:
    return UnitFactory(parent=province, name="Sở Y tế", short_name="SYT")


@pytest.fixture
def commune(province: Unit) -> Unit:
    return UnitFactory(parent=province, kind=UnitKind.WARD, code="02269", name="Phường Minh Xuân")


@pytest.fixture
def focal_a(unit_a: Unit) -> Any:
    return user_with_role("focal_a", Role.FOCAL_POINT, unit_a, "Cán bộ đầu mối A")


@pytest.fixture
def head_a(unit_a: Unit) -> Any:
    return user_with_role("head_a", Role.UNIT_HEAD, unit_a, "Thủ trưởng A")


@pytest.fixture
def focal_b(unit_b: Unit) -> Any:
    return user_with_role("focal_b", Role.FOCAL_POINT, unit_b, "Cán bộ đầu mối B")


@pytest.fixture
def appraiser(province: Unit) -> Any:
    return user_with_role("appraiser", Role.APPRAISER, province, "Thành viên thẩm định")


@pytest.fixture
def secretariat(province: Unit) -> Any:
    return user_with_role("secretariat", Role.SECRETARIAT, province, "Phòng CCHC Sở Nội vụ")


@pytest.fixture
def leader(province: Unit) -> Any:
    return user_with_role("leader", Role.LEADER, province, "Lãnh đạo UBND tỉnh")


@pytest.fixture
def sysadmin(province: Unit) -> Any:
    return user_with_role("sysadmin", Role.SYSTEM_ADMIN, province, "Quản trị hệ thống")


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def citizen() -> Client:
    """An anonymous visitor."""
    return Client()
