"""The citizen's look-up of a dossier: code + the last 4 digits of the phone given at receipt (or the
PIN printed on the receipt when no phone was given). Public, so it resists enumeration:

- one answer, word for word, for a wrong code and a wrong second factor (no "code exists" oracle);
- the same work either way: one query for the dossier, a constant-time comparison of digests of
  the expected and the given factor (a made-up factor when there is no such dossier), one counter;
- a failure counter per code (whether or not the code exists), on top of the per-address limit of
  the public pages and of the public API: past `MAX_FAILURES` in an hour the code is locked.

The answer holds the state, the kinds and dates of the steps, the appointment and the apology:
no officer, no agency staff, no personal data beyond the applicant's initials.
"""

import hashlib
import hmac
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited

from apps.onestop.models import Dossier, DossierEvent, DossierState, EventKind

MAX_FAILURES = 10
FAILURE_SECONDS = 3600
CODE_MAX = 60
_CODE = re.compile(r"[^0-9A-Za-z.\-]")
_NO_DOSSIER_FACTOR = "\x00no-dossier\x00"


ATTEMPT_GROUP = "onestop-lookup"


def attempt_rate() -> str:
    return str(getattr(settings, "ONESTOP_LOOKUP_RATE", "10/m"))


def attempts_exceeded(request: HttpRequest) -> bool:
    """One more look-up attempt from this address; True when over the limit (page and API alike)."""
    return bool(is_ratelimited(request, group=ATTEMPT_GROUP, key="ip", rate=attempt_rate(), increment=True))


class LookupLocked(Exception):
    """Too many failures for this code: refused whatever is sent, whether the code exists or not."""


def not_found_message() -> str:
    return _(
        "No dossier matches this code and these digits. Check the code on your receipt and the digits, then try again."
    )


def locked_message() -> str:
    return _("Too many wrong attempts for this code. Please try again in an hour.")


@dataclass(frozen=True)
class Step:
    kind: str
    label: str
    at: datetime
    missing: tuple[str, ...] = ()  # the documents a supplement request asks for


@dataclass(frozen=True)
class Apology:
    reason: str
    new_date: date | None
    previous_date: date | None


@dataclass
class LookupAnswer:
    code: str
    procedure: str
    initials: str
    state: str
    state_label: str
    received_at: datetime
    due_date: date
    finished: bool
    resolved_at: datetime | None
    returned_at: datetime | None
    apology: Apology | None
    steps: list[Step] = field(default_factory=list)


def normalise_code(text: Any) -> str:
    """The code as printed ("000.00.08.H56-260213-0001"), spaces dropped, upper case; "" when unusable."""
    raw = str(text or "").strip().upper().replace(" ", "")
    if not raw or len(raw) > CODE_MAX or _CODE.search(raw):
        return ""
    return raw


def normalise_secret(text: Any) -> str:
    return re.sub(r"\s", "", str(text or ""))[:12]


def initials(name: str) -> str:
    """ "Nguyễn Văn An" -> "N. V. A." (all the look-up tells about the applicant)."""
    return " ".join(f"{part[0].upper()}." for part in name.split() if part[:1].isalpha())


def _factor(dossier: Dossier | None) -> str:
    if dossier is None:
        return _NO_DOSSIER_FACTOR
    digits = re.sub(r"\D", "", dossier.applicant_phone or "")
    return digits[-4:] if digits else dossier.pin


def _digest(value: str) -> bytes:
    return hashlib.sha256(value.encode("utf-8")).digest()


def _counter_key(code: str) -> str:
    return "onestop-lookup-failures:" + hashlib.sha256(code.encode("utf-8")).hexdigest()


def _failed(code: str) -> None:
    key = _counter_key(code)
    if not cache.add(key, 1, FAILURE_SECONDS):
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, FAILURE_SECONDS)


def dossier_lookup(*, code: Any, secret: Any) -> LookupAnswer | None:
    """The dossier's public answer, or None (wrong code or wrong digits, alike). Raises LookupLocked."""
    code, secret = normalise_code(code), normalise_secret(secret)
    key = code or "-"
    if int(cache.get(_counter_key(key), 0)) >= MAX_FAILURES:
        raise LookupLocked
    dossier = Dossier.objects.select_related("procedure").filter(code=code).first() if code else None
    matches = hmac.compare_digest(_digest(_factor(dossier)), _digest(secret))
    if dossier is None or not secret or not matches:
        _failed(key)
        return None
    return _answer(dossier)


def _answer(dossier: Dossier) -> LookupAnswer:
    events = list(DossierEvent.objects.filter(dossier=dossier).order_by("at", "pk").values_list("kind", "at", "data"))
    labels = dict(EventKind.choices)
    apology = None
    if dossier.apologised_at is not None:
        data: dict[str, Any] = next((d for kind, _at, d in reversed(events) if kind == EventKind.APOLOGISE), {}) or {}
        apology = Apology(
            reason=dossier.apology_reason,
            new_date=_date(data.get("new_date")) or dossier.due_date,
            previous_date=_date(data.get("previous_date")),
        )
    return LookupAnswer(
        code=dossier.code,
        procedure=dossier.procedure.name,
        initials=initials(dossier.applicant_name),
        state=dossier.state,
        state_label=str(DossierState(dossier.state).label),
        received_at=timezone.localtime(dossier.received_at),
        due_date=dossier.due_date,
        finished=dossier.state
        in (DossierState.RETURNED, DossierState.REFUSED, DossierState.STOPPED, DossierState.WITHDRAWN),
        resolved_at=dossier.resolved_at,
        returned_at=dossier.returned_at,
        apology=apology,
        steps=[
            Step(kind, str(labels.get(kind, kind)), timezone.localtime(at), _missing(kind, data))
            for kind, at, data in events
        ],
    )


def _missing(kind: str, data: Any) -> tuple[str, ...]:
    if kind != EventKind.SUPPLEMENT_REQUEST or not isinstance(data, dict):
        return ()
    return tuple(
        str(item.get("name", "")) for item in data.get("items", []) if isinstance(item, dict) and item.get("name")
    )


def _date(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None
