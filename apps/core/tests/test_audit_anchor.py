"""An anchor kept outside the database proves the end of the audit chain was not cut."""

import io
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from apps.core.audit import audit_record
from apps.core.models import AuditChainHead, AuditEvent

pytestmark = pytest.mark.django_db


def _write(n: int) -> None:
    for i in range(n):
        audit_record(actor="system", action="thing.update", object_type="test.thing", object_id=i, after={"n": i})


def _anchor(**options: object) -> str:
    out = io.StringIO()
    call_command("audit_anchor", stdout=out, **options)
    return out.getvalue().strip()


def _verify(*anchors: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    args = [f"--anchor={a}" for a in anchors]
    try:
        call_command("verify_audit_chain", *args, stdout=out, stderr=err)
    except SystemExit as exc:
        return int(exc.code or 0), err.getvalue()
    return 0, out.getvalue()


def _cut_the_tail() -> None:
    """What an intruder with database access does: delete the last event and rewind the head."""
    last = AuditEvent.objects.order_by("-seq").first()
    assert last is not None
    previous = AuditEvent.objects.get(seq=last.seq - 1)
    last.delete()
    AuditChainHead.objects.filter(pk=1).update(seq=previous.seq, hash=previous.hash)


def test_it_prints_the_head_as_seq_and_hash() -> None:
    _write(3)
    head = AuditChainHead.objects.get(pk=1)
    assert _anchor() == f"3:{head.hash}"


def test_it_holds_when_the_chain_still_contains_the_anchor() -> None:
    _write(3)
    anchor = _anchor()
    _write(2)
    status, output = _verify(anchor)
    assert status == 0
    assert "1 anchor(s) held" in output


def test_it_catches_a_cut_tail_that_the_chain_alone_does_not_show() -> None:
    _write(4)
    anchor = _anchor()
    _cut_the_tail()
    assert _verify() == (0, "OK: 3 events\n")
    status, error = _verify(anchor)
    assert status == 1
    assert "BROKEN at event #4" in error and "cut" in error


def test_it_refuses_a_malformed_anchor() -> None:
    with pytest.raises(CommandError):
        _verify("12:not-a-hash")


def test_it_appends_to_a_file_and_mails_when_configured(tmp_path: Path, settings: object) -> None:
    settings.AUDIT_ANCHOR_EMAIL = ["archive@tuyenquang.gov.vn"]  # type: ignore[attr-defined]
    _write(2)
    target = tmp_path / "anchors.txt"
    first = _anchor(file=str(target))
    _write(1)
    second = _anchor(file=str(target))
    lines = target.read_text().splitlines()
    assert [line.split(" ")[1] for line in lines] == [first, second]
    assert len(mail.outbox) == 2 and second in mail.outbox[1].body
