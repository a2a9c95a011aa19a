"""The audit trail: an append-only hash chain written in the same transaction as each change."""

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from apps.core.models import AuditChainHead, AuditEvent

GENESIS_HASH = "0" * 64


def to_jsonable(value: Any) -> Any:
    """Plain JSON (str keys, no dates or decimals), identical after a database round trip."""
    if value is None:
        return None
    return json.loads(json.dumps(value, default=str, sort_keys=True, ensure_ascii=False))


def snapshot(obj: models.Model, fields: list[str]) -> dict[str, Any]:
    """The named fields of an object as plain JSON; foreign keys by id, many-to-many by sorted ids."""
    data: dict[str, Any] = {}
    for name in fields:
        field = obj._meta.get_field(name)
        if field.many_to_many:
            data[name] = sorted((obj.pk and getattr(obj, name).values_list("pk", flat=True)) or [])
        elif field.is_relation:
            data[name] = getattr(obj, field.attname)  # type: ignore[union-attr]
        else:
            data[name] = getattr(obj, name)
    return to_jsonable(data)


def _event_hash(event: AuditEvent) -> str:
    payload = {
        "seq": event.seq,
        "created_at": event.created_at.isoformat(),
        "actor_id": event.actor_id,
        "actor_label": event.actor_label,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "object_repr": event.object_repr,
        "unit_id": event.unit_id,
        "before": event.before,
        "after": event.after,
        "prev_hash": event.prev_hash,
    }
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def audit_record(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    object_repr: str = "",
    unit_id: int | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event. Call it inside the transaction of the change it records."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    with transaction.atomic():
        head, _created = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
        event = AuditEvent(
            seq=head.seq + 1,
            created_at=timezone.now(),
            actor=actor if is_user else None,
            actor_label=(actor.get_username() if is_user else str(actor or "system"))[:150],
            action=action,
            object_type=object_type,
            object_id=str(object_id),
            object_repr=object_repr[:255],
            unit_id=unit_id,
            before=to_jsonable(before),
            after=to_jsonable(after),
            prev_hash=head.hash,
        )
        event.hash = _event_hash(event)
        event.save(force_insert=True)
        head.seq, head.hash = event.seq, event.hash
        head.save(update_fields=["seq", "hash"])
    return event


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    checked: int
    broken_seq: int | None = None
    reason: str = ""


def verify_audit_chain() -> ChainReport:
    """Walk the chain in order; name the first event whose link or content does not hold."""
    expected_prev = GENESIS_HASH
    expected_seq = 1
    checked = 0
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=2000):
        if event.seq != expected_seq:
            return ChainReport(False, checked, expected_seq, "missing event")
        if event.prev_hash != expected_prev:
            return ChainReport(False, checked, event.seq, "link to previous event broken")
        if _event_hash(event) != event.hash:
            return ChainReport(False, checked, event.seq, "content changed")
        expected_prev = event.hash
        expected_seq += 1
        checked += 1
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None and head.seq != checked:
        return ChainReport(False, checked, checked + 1, "events missing at the end")
    if head is not None and head.hash != expected_prev:
        return ChainReport(False, checked, checked, "chain head does not match the last event")
    return ChainReport(True, checked)


@dataclass(frozen=True)
class Anchor:
    """A point of the chain recorded outside the database: `SEQ:HASH`."""

    seq: int
    hash: str

    def __str__(self) -> str:
        return f"{self.seq}:{self.hash}"

    @classmethod
    def parse(cls, text: str) -> "Anchor":
        seq, sep, digest = text.strip().partition(":")
        if not sep or not seq.isdigit() or len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
            raise ValueError("an anchor is SEQ:HASH, e.g. 1042:3f5a… (64 hex digits)")
        return cls(int(seq), digest)


def audit_anchor() -> Anchor:
    """The chain head now, to be kept outside the database (a file on another machine, an e-mail)."""
    head = AuditChainHead.objects.filter(pk=1).first()
    return Anchor(head.seq, head.hash) if head else Anchor(0, GENESIS_HASH)


def verify_anchor(anchor: Anchor) -> ChainReport:
    """Prove that the chain still contains the anchored event unchanged, so its tail was not cut.

    Without an anchor, deleting the last events and rewinding the head leaves a valid shorter chain."""
    if anchor.seq == 0:
        return ChainReport(True, 0)
    event = AuditEvent.objects.filter(seq=anchor.seq).only("hash").first()
    if event is None:
        return ChainReport(False, 0, anchor.seq, "anchored event missing: the end of the chain was cut")
    if event.hash != anchor.hash:
        return ChainReport(False, 0, anchor.seq, "anchored event differs from the recorded anchor")
    return ChainReport(True, 0)
