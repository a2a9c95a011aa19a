"""The registry of benchmark cases.

A case lives in a module of this package (bench/cases/<name>.py) and registers itself with
`@case(...)`. Its function receives the `BenchContext` (the scale and the data set) and returns
a `Trial`: `run` is what is timed; `before` (untimed) runs before each repetition, `after`
(untimed) checks each result, raises when it is wrong and may return a note for the table;
`cleanup` (untimed) runs once at the end. Raise `CaseUnavailable` when the code the case
measures does not exist yet: the case is then reported as SKIP instead of failing the run.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from bench.dataset import Dataset, Scale


class CaseUnavailable(Exception):
    """The code this case measures is not part of the platform yet."""


@dataclass(frozen=True)
class BenchContext:
    scale: Scale
    data: Dataset
    repeat: int


@dataclass(frozen=True)
class Trial:
    run: Callable[[], Any]
    size: str
    before: Callable[[], None] | None = None
    after: Callable[[Any], str | None] | None = None
    cleanup: Callable[[], None] | None = None


@dataclass(frozen=True)
class Case:
    name: str
    prepare: Callable[[BenchContext], Trial]
    budget_ms: Mapping[str, float] = field(default_factory=dict)
    module: str = ""

    def budget_for(self, scale: str) -> float | None:
        return self.budget_ms.get(scale, self.budget_ms.get("*"))


_REGISTRY: list[Case] = []


def case(name: str, *, budget_ms: float | Mapping[str, float]) -> Callable[[Callable[[BenchContext], Trial]], Any]:
    """Register a case. `budget_ms` is one number for every scale or {"demo": ..., "province": ...}."""
    budgets = {"*": float(budget_ms)} if isinstance(budget_ms, int | float) else dict(budget_ms)

    def register(prepare: Callable[[BenchContext], Trial]) -> Callable[[BenchContext], Trial]:
        if any(existing.name == name for existing in _REGISTRY):
            raise ValueError(f"Two benchmark cases are named {name!r}")
        _REGISTRY.append(Case(name, prepare, budgets, prepare.__module__))
        return prepare

    return register


def load_cases() -> list[Case]:
    """Import every module of this package (each registers its cases) and return them in order."""
    for module in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if not module.name.startswith("_"):
            importlib.import_module(f"{__name__}.{module.name}")
    return list(_REGISTRY)
