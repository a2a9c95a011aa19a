"""`manage.py seed_demo` runs the registered demo loaders in dependency order.

These tests use stand-in loaders in an isolated hook registry; the real loaders are tested in
apps/org/tests/test_demo.py and apps/par/tests/test_demo.py (which runs the whole command)."""

from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from apps.core import hooks
from apps.org import services as org_services
from apps.org.models import Unit, UnitKind
from apps.portal.management.commands.seed_demo import ordered

pytestmark = pytest.mark.django_db


def _seed(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def _recorder(calls: list[str], key: str) -> Any:
    def load(stdout: Any) -> None:
        calls.append(key)
        stdout.write(f"loaded {key}")

    return load


def test_it_runs_each_loader_after_the_ones_it_depends_on() -> None:
    calls: list[str] = []
    with hooks.isolated():
        hooks.register(
            hooks.DEMO_LOADERS,
            hooks.DemoLoader(key="surveys", load=_recorder(calls, "surveys"), depends_on=("par", "org")),
            hooks.DemoLoader(key="par", load=_recorder(calls, "par"), depends_on=("org",)),
            hooks.DemoLoader(key="org", load=_recorder(calls, "org")),
            hooks.DemoLoader(key="onestop", load=_recorder(calls, "onestop"), depends_on=("org",)),
        )
        output = _seed()
    assert calls == ["org", "par", "surveys", "onestop"]
    assert "loaded org" in output and "loaded surveys" in output


def test_it_refuses_a_dependency_no_app_registers() -> None:
    loaders = [hooks.DemoLoader(key="par", load=print, depends_on=("org",))]
    with pytest.raises(CommandError, match="'par' depends on 'org', which no app registers"):
        ordered(loaders)


def test_it_refuses_a_cycle_and_names_it() -> None:
    loaders = [
        hooks.DemoLoader(key="a", load=print, depends_on=("b",)),
        hooks.DemoLoader(key="b", load=print, depends_on=("c",)),
        hooks.DemoLoader(key="c", load=print, depends_on=("a",)),
    ]
    with pytest.raises(CommandError, match="cycle: a -> b -> c -> a"):
        ordered(loaders)


def test_it_refuses_a_broken_registry_before_loading_anything() -> None:
    calls: list[str] = []
    with hooks.isolated():
        hooks.register(
            hooks.DEMO_LOADERS,
            hooks.DemoLoader(key="org", load=_recorder(calls, "org")),
            hooks.DemoLoader(key="par", load=_recorder(calls, "par"), depends_on=("par",)),
        )
        with pytest.raises(CommandError, match="cycle: par -> par"):
            _seed()
    assert calls == []


def test_it_says_when_a_run_created_nothing() -> None:
    def load_once(stdout: Any) -> None:
        if not Unit.objects.filter(code="99").exists():
            org_services.unit_create(actor="demo", kind=UnitKind.PROVINCE, code="99", name="Tỉnh Thử")

    with hooks.isolated():
        hooks.register(hooks.DEMO_LOADERS, hooks.DemoLoader(key="org", load=load_once))
        first, second = _seed(), _seed()
    assert "1 changes recorded in the audit trail." in first
    assert "Nothing to load: the demo data were already there (0 rows created)." in second


def test_it_prints_the_demo_logins() -> None:
    from apps.org import demo

    with hooks.isolated():
        hooks.register(hooks.DEMO_LOADERS, hooks.DemoLoader(key="org", load=demo.load))
        output = _seed()
    assert "Demo logins (password: Demo@2025)" in output
    for row in demo.demo_users():
        assert f"  {row['username']}" in output


def test_it_refuses_production_settings_unless_told(settings: Any) -> None:
    calls: list[str] = []
    settings.PRODUCTION = True
    with hooks.isolated():
        hooks.register(hooks.DEMO_LOADERS, hooks.DemoLoader(key="org", load=_recorder(calls, "org")))
        with pytest.raises(CommandError, match="CCHC_ENV=production"):
            _seed()
        assert calls == []
        _seed("--allow-production")
    assert calls == ["org"]


def test_it_finds_the_modules_loaders_with_par_after_org_and_onestop() -> None:
    keys = [loader.key for loader in ordered(hooks.get(hooks.DEMO_LOADERS))]
    assert {"org", "onestop", "par"} <= set(keys)
    assert keys.index("org") < keys.index("onestop") < keys.index("par")
    assert hooks.get_one(hooks.DEMO_LOADERS, "par").depends_on == ("org", "onestop")
