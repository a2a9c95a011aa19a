"""The module boundaries of docs/architecture.md hold, and import-linter would catch a breach."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint(cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own tool on our own tree
        [str(LINT_IMPORTS), "--config", str(cwd / "pyproject.toml"), "--no-cache"],
        cwd=cwd,
        env={"PYTHONPATH": str(cwd), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
    )


def _copy_tree(target: Path) -> Path:
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "migrations", "templates", "demo", "*.xlsx")
    shutil.copytree(ROOT / "apps", target / "apps", ignore=ignore)
    shutil.copytree(ROOT / "config", target / "config", ignore=ignore)
    shutil.copy(ROOT / "pyproject.toml", target / "pyproject.toml")
    return target


def test_it_keeps_every_contract_on_the_real_tree() -> None:
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_it_catches_the_kernel_importing_an_app(tmp_path: Path) -> None:
    tree = _copy_tree(tmp_path)
    (tree / "apps" / "core" / "deliberately_wrong.py").write_text("from apps.org import models  # noqa\n")
    result = _lint(tree)
    assert result.returncode != 0
    assert "apps.core.deliberately_wrong -> apps.org.models" in result.stdout


def test_it_catches_a_module_importing_the_portal(tmp_path: Path) -> None:
    tree = _copy_tree(tmp_path)
    (tree / "apps" / "par" / "deliberately_wrong.py").write_text("import apps.portal.hooks  # noqa\n")
    result = _lint(tree)
    assert result.returncode != 0
    assert "apps.par.deliberately_wrong -> apps.portal.hooks" in result.stdout
