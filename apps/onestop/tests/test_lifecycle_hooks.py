"""What the lifecycle contributes to the platform: the navigation entry, the worklist panel, the labels."""

from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.core import hooks
from apps.onestop.services import dossiers as svc
from apps.onestop.tests.factories import local, receive
from conftest import client_for

pytestmark = pytest.mark.django_db


def test_it_shows_officers_the_inbox_in_the_navigation(desk: Any, clerk_a: Any, focal_a: Any) -> None:
    for user in (desk, clerk_a):
        assert 'href="/mot-cua/ho-so/"' in client_for(user).get("/trang-cua-toi/").content.decode()
    assert 'href="/mot-cua/ho-so/"' not in client_for(focal_a).get("/trang-cua-toi/").content.decode()


def test_it_counts_what_waits_on_the_start_page(desk: Any, clerk_a: Any, office: Any, procedure: Any) -> None:
    d = receive(desk, office, procedure, local(2026, 3, 2, 9))  # due 16/03
    svc.dossier_transfer(actor=desk, dossier=d, version=d.version, at=local(2026, 3, 2, 10))
    client = client_for(clerk_a)
    with time_machine.travel(local(2026, 3, 17, 9), tick=False):
        client.get("/trang-cua-toi/")
        with CaptureQueriesContext(connection) as queries:
            content = client.get("/trang-cua-toi/").content.decode()
    assert 'data-panel="onestop-dossiers"' in content
    assert 'data-count="overdue"' in content
    assert len([q for q in queries.captured_queries if "onestop_dossier" in q["sql"]]) == 1


def test_it_labels_every_audited_dossier_action_and_notification_kind() -> None:
    labels = hooks.audit_action_labels()
    for action in ("receive", "transfer", "request_supplement", "receive_supplement", "apologise", "refuse"):
        assert f"onestop.dossier.{action}" in labels
    for action in ("stop", "resolve", "return", "withdraw"):
        assert f"onestop.dossier.{action}" in labels
    from apps.onestop.services import notices

    for kind in (notices.ARRIVED, notices.DUE_SOON, notices.OVERDUE, notices.APPLICANT_RECEIVED):
        assert hooks.get_one(hooks.NOTIFICATION_KINDS, kind) is not None
