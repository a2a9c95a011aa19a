"""The one-stop demo: front offices and about 60 real procedures (apps/onestop/demo/), then a year of
dossiers for the demo units (apps/onestop/demo_dossiers.py). Deterministic and idempotent."""

from typing import Any


def load_catalogue(stdout: Any) -> None:
    """Front offices (the service centre, every commune) and about 60 procedures (apps/onestop/demo_catalogue.py)."""
    from apps.onestop import demo_catalogue

    demo_catalogue.load(stdout)


def load_dossiers(stdout: Any) -> None:
    """2025 and 2026 to date: the bulk through the import path, about twenty through the services."""
    from apps.onestop.demo_dossiers import load_demo_dossiers

    load_demo_dossiers(stdout)


def load(stdout: Any) -> None:
    """The one-stop demo loader (apps.core.hooks.DemoLoader); needs the org demo."""
    load_catalogue(stdout)
    load_dossiers(stdout)
