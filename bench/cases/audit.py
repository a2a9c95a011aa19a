"""The audit trail: appending to the hash chain, and verifying the whole chain."""

from __future__ import annotations

from bench.cases import BenchContext, Trial, case

APPENDS = 1_000


@case("audit: append 1,000 events", budget_ms={"demo": 4_000, "province": 4_000})
def append_events(context: BenchContext) -> Trial:
    """1,000 `audit_record` calls, each in its own transaction as separate requests would be.

    The appended events are removed after the case, so the data set stays the same size.
    """
    from apps.core.audit import audit_record
    from apps.core.models import AuditChainHead, AuditEvent

    head = AuditChainHead.objects.get(pk=1)
    start_seq, start_hash = head.seq, head.hash

    def run() -> int:
        last = 0
        for i in range(APPENDS):
            event = audit_record(
                actor="bench",
                action="bench.append",
                object_type="bench.thing",
                object_id=i,
                object_repr=f"Thing {i}",
                before={"n": i},
                after={"n": i + 1},
            )
            last = event.seq
        return last

    def cleanup() -> None:
        AuditEvent.objects.filter(seq__gt=start_seq).delete()
        AuditChainHead.objects.filter(pk=1).update(seq=start_seq, hash=start_hash)

    def after(last_seq: int) -> None:
        assert AuditChainHead.objects.get(pk=1).seq == last_seq

    return Trial(run=run, size=f"{APPENDS:,} appends on {context.data.audit_events:,}", after=after, cleanup=cleanup)


@case("audit: verify the chain", budget_ms={"demo": 300, "province": 3_000})
def verify_chain(context: BenchContext) -> Trial:
    from apps.core.audit import verify_audit_chain

    def after(report: object) -> None:
        assert getattr(report, "ok", False), report
        assert getattr(report, "checked", 0) == context.data.audit_events, report

    return Trial(run=verify_audit_chain, size=f"{context.data.audit_events:,} events", after=after)
