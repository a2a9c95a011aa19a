"""The one plug-in contract: how an app contributes to the platform without being imported by it.

Each app may have a `hooks.py` that calls `register(kind, item, ...)` at import time. The
registry autodiscovers every installed app's `hooks.py` once at start-up (CoreConfig.ready);
consumers call `get(kind)`. Each item has a `key`; a duplicate key within a kind is an error at
start-up, so two modules never silently shadow each other.

Kinds and their item types (all frozen dataclasses):

    NAVIGATION          NavItem             signed-in navigation entries
    START_CARDS         StartCard           cards on a role's start page
    PUBLIC_SERVICES     PublicService       what a citizen finds on the public home page
    PUBLIC_URLS         PublicUrl           URL names reachable without signing in (the allowlist)
    METRICS             apps.core.metrics.Metric    values a module computes per unit and window
    DASHBOARD_TILES     DashboardTile       tiles on the leader's dashboard
    NOTIFICATION_KINDS  NotificationKind    what the outbox can send, and whether e-mail is on by default
    DEMO_LOADERS        DemoLoader          the demo province, loaded in dependency order
    RECEIPT_SLOTS       ReceiptSlot         extra content printed on another module's documents
    WORKLIST            WorkPanel           panels of a role's worklist, first on its start page
    AUDIT_ACTIONS       AuditAction         what an audited action code means, for the audit pages
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import Promise

NAVIGATION = "navigation"
START_CARDS = "start_cards"
PUBLIC_SERVICES = "public_services"
PUBLIC_URLS = "public_urls"
METRICS = "metrics"
DASHBOARD_TILES = "dashboard_tiles"
NOTIFICATION_KINDS = "notification_kinds"
DEMO_LOADERS = "demo_loaders"
RECEIPT_SLOTS = "receipt_slots"
WORKLIST = "worklist"
AUDIT_ACTIONS = "audit_actions"

KINDS = frozenset(
    {
        NAVIGATION,
        START_CARDS,
        PUBLIC_SERVICES,
        PUBLIC_URLS,
        METRICS,
        DASHBOARD_TILES,
        NOTIFICATION_KINDS,
        DEMO_LOADERS,
        RECEIPT_SLOTS,
        WORKLIST,
        AUDIT_ACTIONS,
    }
)

Label = str | Promise


def _everyone(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


@dataclass(frozen=True)
class NavItem:
    """A navigation entry. Entries with the same `group` (a module's name) share one menu; a group
    the user sees only one entry of shows that entry alone."""

    label: Label
    url_name: str
    allowed: Callable[[Any], bool] = _everyone
    icon: str = "circle"
    order: int = 100
    group: Label = ""

    @property
    def key(self) -> str:
        return self.url_name


@dataclass(frozen=True)
class StartCard:
    """One thing a role does, on that role's start page. `url_name=None`: coming in a later release.

    `for_own_unit`: the URL takes the pk of the user's unit in this role."""

    key: str
    role: str
    title: Label
    text: Label
    url_name: str | None = None
    icon: str = "circle"
    order: int = 100
    for_own_unit: bool = False


@dataclass(frozen=True)
class PublicService:
    """One service on the public home page. `url_name=None`: coming in a later release."""

    key: str
    title: Label
    text: Label
    url_name: str | None = None
    icon: str = "circle"
    order: int = 100


@dataclass(frozen=True)
class PublicUrl:
    """A URL name opened to anonymous visitors; the view must also be wrapped by `public_page`."""

    name: str

    @property
    def key(self) -> str:
        return self.name


@dataclass(frozen=True)
class DashboardTile:
    """A tile on the leader's dashboard: `data(user)` returns the template's context, or None to hide it."""

    key: str
    title: Label
    template: str
    data: Callable[[Any], dict[str, Any] | None]
    order: int = 100


@dataclass(frozen=True)
class NotificationKind:
    key: str
    label: Label
    description: Label = ""
    email_default: bool = True


@dataclass(frozen=True)
class DemoLoader:
    """`load(stdout)` loads the module's demo data through its own services; idempotent."""

    key: str
    load: Callable[[Any], None]
    depends_on: tuple[str, ...] = ()
    label: Label = ""


@dataclass(frozen=True)
class ReceiptSlot:
    """Content another module prints on a document (a survey link on a one-stop receipt)."""

    key: str
    document: str
    render: Callable[..., dict[str, Any] | None]
    order: int = 100


@dataclass(frozen=True)
class WorkPanel:
    """One panel of the worklist on the start page of each of `roles` (what waits for them today).

    `context(request)` returns the template's context, or None when there is nothing to show (the
    panel is then left out); it must read a bounded number of queries whatever the data size."""

    key: str
    roles: tuple[str, ...]
    template: str
    context: Callable[[Any], dict[str, Any] | None]
    order: int = 100


@dataclass(frozen=True)
class AuditAction:
    """A label for an audited action code (`key`, e.g. "par.score.self_update")."""

    key: str
    label: Label


def audit_action_labels() -> dict[str, str]:
    """Action code -> its label in the active language."""
    return {item.key: str(item.label) for item in get(AUDIT_ACTIONS)}


_registry: dict[str, dict[str, Any]] = {kind: {} for kind in KINDS}
_discovered = False


def register(kind: str, *items: Any) -> None:
    """Contribute `items` to `kind`. A key already registered in that kind is an ImproperlyConfigured error."""
    if kind not in KINDS:
        raise ImproperlyConfigured(f"Unknown hook kind {kind!r}; known: {', '.join(sorted(KINDS))}")
    bucket = _registry[kind]
    for item in items:
        key = item.key
        if key in bucket:
            raise ImproperlyConfigured(f"Duplicate {kind} hook key {key!r}")
        bucket[key] = item


def get(kind: str) -> list[Any]:
    """Every item of a kind, in registration order (sort by `order` where the kind has one)."""
    if kind not in KINDS:
        raise ImproperlyConfigured(f"Unknown hook kind {kind!r}")
    items = list(_registry[kind].values())
    if items and hasattr(items[0], "order"):
        items.sort(key=lambda item: item.order)
    return items


def get_one(kind: str, key: str) -> Any | None:
    return _registry[kind].get(key)


def autodiscover(*, fresh: bool = False) -> None:
    """Import every installed platform app's `hooks` module once (called from CoreConfig.ready).

    `fresh=True` re-runs modules already imported, so a test's isolated registry sees every
    contribution again."""
    global _discovered
    if _discovered and not fresh:
        return
    import importlib
    import sys

    from django.apps import apps

    for app_config in apps.get_app_configs():
        name = f"{app_config.name}.hooks"
        if name == __name__ or not app_config.name.startswith("apps."):
            continue  # only the platform's own apps contribute; third-party `hooks` modules are not ours
        if fresh and name in sys.modules:
            importlib.reload(sys.modules[name])
            continue
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
    _discovered = True


@contextmanager
def isolated(*, discover: bool = False) -> Iterator[dict[str, dict[str, Any]]]:
    """A fresh, empty registry for a test (optionally re-running discovery); restored afterwards."""
    global _registry, _discovered
    saved, saved_discovered = _registry, _discovered
    _registry = {kind: {} for kind in KINDS}
    _discovered = False
    try:
        if discover:
            autodiscover(fresh=True)
        yield _registry
    finally:
        _registry, _discovered = saved, saved_discovered


__all__ = [
    "AUDIT_ACTIONS",
    "DASHBOARD_TILES",
    "DEMO_LOADERS",
    "METRICS",
    "NAVIGATION",
    "NOTIFICATION_KINDS",
    "PUBLIC_SERVICES",
    "PUBLIC_URLS",
    "RECEIPT_SLOTS",
    "START_CARDS",
    "WORKLIST",
    "AuditAction",
    "DashboardTile",
    "DemoLoader",
    "NavItem",
    "NotificationKind",
    "PublicService",
    "PublicUrl",
    "ReceiptSlot",
    "WorkPanel",
    "audit_action_labels",
    "autodiscover",
    "get",
    "get_one",
    "isolated",
    "register",
]
