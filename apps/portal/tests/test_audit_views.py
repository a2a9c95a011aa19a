import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from apps.accounts.models import User
from apps.core.audit import audit_record
from apps.core.models import AuditEvent
from apps.core.text import search_document
from apps.org.models import Unit
from conftest import client_for

pytestmark = pytest.mark.django_db

URL = "/quan-tri/nhat-ky/"
RESULTS_URL = "/quan-tri/nhat-ky/ket-qua/"
HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def _event(actor: Any, action: str = "unit.update", unit: Unit | None = None, **kwargs: Any) -> AuditEvent:
    return audit_record(
        actor=actor,
        action=action,
        object_type=kwargs.pop("object_type", "org.unit"),
        object_id=kwargs.pop("object_id", unit.pk if unit else 1),
        object_repr=kwargs.pop("object_repr", str(unit) if unit else "Thing"),
        unit_id=unit.pk if unit else None,
        **kwargs,
    )


def _seqs(response: Any) -> list[int]:
    return [row.event.seq for row in response.context["rows"]]


def test_it_shows_events_to_the_system_admin(sysadmin: User, focal_a: User, unit_a: Unit) -> None:
    with time_machine.travel(dt.datetime(2025, 3, 4, 1, 30, tzinfo=dt.UTC), tick=False):
        _event(focal_a, "unit.update", unit_a, before={"name": "Cũ", "code": "1"}, after={"name": "Mới", "code": "1"})
    response = client_for(sysadmin).get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "04/03/2025 08:30" in html  # local time, Asia/Ho_Chi_Minh
    assert "Cán bộ đầu mối A" in html
    assert "unit.update" in html
    assert unit_a.short_name in html
    assert 'data-testid="audit-diff"' in html
    assert "Mới" in html
    assert 'hx-get="/quan-tri/nhat-ky/ket-qua/"' in html


@pytest.mark.parametrize("cast", ["focal_a", "appraiser", "secretariat", "leader"])
def test_it_refuses_everyone_else(request: pytest.FixtureRequest, cast: str) -> None:
    client = client_for(request.getfixturevalue(cast))
    assert client.get(URL).status_code == 403
    assert client.get(RESULTS_URL).status_code == 403


def test_it_sends_anonymous_users_to_login(citizen: Client) -> None:
    response = citizen.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/dang-nhap/")


def test_it_is_read_only(sysadmin: User) -> None:
    client = client_for(sysadmin)
    assert client.post(URL).status_code == 405
    assert client.post(RESULTS_URL).status_code == 405


def test_it_lists_the_entry_in_the_navigation_for_the_admin_only(sysadmin: User, secretariat: User) -> None:
    assert 'data-nav="portal:audit"' in client_for(sysadmin).get("/trang-cua-toi/").content.decode()
    assert 'data-nav="portal:audit"' not in client_for(secretariat).get("/trang-cua-toi/").content.decode()


def test_it_filters_by_unit(sysadmin: User, focal_a: User, unit_a: Unit, unit_b: Unit) -> None:
    in_a = _event(focal_a, unit=unit_a)
    _event(focal_a, unit=unit_b)
    response = client_for(sysadmin).get(URL, {"unit": unit_a.pk})
    assert _seqs(response) == [in_a.seq]


def test_it_filters_by_username_and_by_name_without_diacritics(
    sysadmin: User, focal_a: User, focal_b: User, unit_a: Unit
) -> None:
    User.objects.filter(pk=focal_a.pk).update(search_text=search_document(focal_a.full_name, focal_a.username))
    by_a = _event(focal_a, unit=unit_a)
    _event(focal_b, unit=unit_a)
    _event("system", unit=unit_a)
    client = client_for(sysadmin)
    assert _seqs(client.get(URL, {"user": "focal_a"})) == [by_a.seq]
    assert _seqs(client.get(URL, {"user": "can bo dau moi a"})) == [by_a.seq]
    assert len(_seqs(client.get(URL, {"user": "system"}))) == 1


def test_it_filters_by_object_and_action(sysadmin: User, focal_a: User, unit_a: Unit) -> None:
    wanted = _event(focal_a, "assessment.submit", object_type="par.assessment", object_id=7)
    _event(focal_a, "assessment.submit", object_type="par.assessment", object_id=8)
    _event(focal_a, "unit.update", unit_a)
    client = client_for(sysadmin)
    assert _seqs(client.get(URL, {"object_type": "par.assessment", "object_id": "7"})) == [wanted.seq]
    assert len(_seqs(client.get(URL, {"action": "assessment."}))) == 2
    assert len(_seqs(client.get(URL, {"action": "unit.update"}))) == 1


@pytest.mark.parametrize(
    ("date_from", "date_to"),
    [("04/03/2025", "04/03/2025"), ("2025-03-04", "2025-03-04"), ("4/3/2025", "")],
)
def test_it_filters_by_local_dates(sysadmin: User, focal_a: User, date_from: str, date_to: str) -> None:
    # 23:30 on 3 March in Vietnam is still 3 March; 00:30 on 4 March local is 3 March in UTC.
    with time_machine.travel(dt.datetime(2025, 3, 3, 23, 30, tzinfo=HCM), tick=False):
        _event(focal_a)
    with time_machine.travel(dt.datetime(2025, 3, 4, 0, 30, tzinfo=HCM), tick=False):
        on_the_day = _event(focal_a)
    with time_machine.travel(dt.datetime(2025, 3, 5, 0, 30, tzinfo=HCM), tick=False):
        next_day = _event(focal_a)
    seqs = _seqs(client_for(sysadmin).get(URL, {"date_from": date_from, "date_to": date_to}))
    assert seqs == ([on_the_day.seq] if date_to else [next_day.seq, on_the_day.seq])


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"date_from": "31/02/2025"}, "Enter a date as dd/mm/yyyy."),
        ({"date_to": "yesterday"}, "Enter a date as dd/mm/yyyy."),
        ({"date_from": "05/03/2025", "date_to": "04/03/2025"}, "The start date is after the end date."),
        ({"unit": "999999"}, "This unit does not exist."),
        ({"unit": "abc"}, "This unit does not exist."),
        ({"object_id": "x" * 65}, "at most 64 characters"),
    ],
)
def test_it_answers_invalid_filters_with_400(sysadmin: User, params: dict[str, str], message: str) -> None:
    client = client_for(sysadmin)
    for url in (URL, RESULTS_URL):
        response = client.get(url, params, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 400
        assert 'data-testid="audit-filter-errors"' in response.content.decode()
        assert message in response.content.decode()


def test_it_paginates_by_50(sysadmin: User, focal_a: User) -> None:
    for _ in range(51):
        _event(focal_a)
    client = client_for(sysadmin)
    first = client.get(URL)
    assert len(first.context["rows"]) == 50
    assert first.context["page_obj"].paginator.count == 51
    assert "page=2" in first.content.decode()
    second = client.get(URL, {"page": "2"})
    assert _seqs(second) == [1]
    assert client.get(URL, {"page": "nonsense"}).status_code == 200


def test_it_serves_the_results_fragment_and_pushes_the_page_url(sysadmin: User, focal_a: User, unit_a: Unit) -> None:
    _event(focal_a, unit=unit_a)
    response = client_for(sysadmin).get(RESULTS_URL, {"unit": unit_a.pk}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response.templates[0].name == "portal/audit/_results.html"
    html = response.content.decode()
    assert "<html" not in html
    assert 'data-testid="audit-table"' in html
    assert response["HX-Push-Url"] == f"/quan-tri/nhat-ky/?unit={unit_a.pk}"
    blank = client_for(sysadmin).get(RESULTS_URL, {"unit": "", "user": "", "action": "unit."})
    assert blank["HX-Push-Url"] == "/quan-tri/nhat-ky/?action=unit."


def test_it_shows_only_the_changed_keys_in_the_diff(sysadmin: User, focal_a: User, unit_a: Unit) -> None:
    _event(focal_a, unit=unit_a, before={"name": "A", "code": "01"}, after={"name": "B", "code": "01", "new": 1})
    row = client_for(sysadmin).get(URL).context["rows"][0]
    assert [(c.key, c.before, c.after) for c in row.diff.changed] == [("name", "A", "B"), ("new", "", "1")]
    assert row.diff.unchanged == ["code"]


@pytest.mark.parametrize("count", [5, 60])
def test_it_costs_the_same_queries_for_5_or_60_events(
    count: int,
    sysadmin: User,
    focal_a: User,
    focal_b: User,
    unit_a: Unit,
    unit_b: Unit,
    django_assert_max_num_queries: Any,
) -> None:
    for i in range(count):
        _event([focal_a, focal_b, "system"][i % 3], unit=[unit_a, unit_b][i % 2])
    client = client_for(sysadmin)
    with django_assert_max_num_queries(10):  # 9, and the bell's unread count on a full page
        response = client.get(URL)
    assert len(response.context["rows"]) == min(count, 50)
    with django_assert_max_num_queries(9):
        client.get(RESULTS_URL, {"unit": unit_a.pk, "user": "focal"})


def test_it_runs_exactly_the_same_queries_whatever_the_number_of_rows(
    sysadmin: User, focal_a: User, focal_b: User, unit_a: Unit, unit_b: Unit
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(sysadmin)
    counts = []
    for batch in (5, 55):
        for i in range(batch):
            _event([focal_a, focal_b][i % 2], unit=[unit_a, unit_b][i % 2])
        with CaptureQueriesContext(connection) as ctx:
            client.get(URL)
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


def test_it_names_each_action_in_words_and_keeps_the_code_small(
    sysadmin: User, focal_a: User, unit_a: Unit, settings: Any
) -> None:
    settings.LANGUAGE_CODE = "vi"
    _event(focal_a, "par.score.self_update", unit_a)
    _event(focal_a, "membership.add", unit_a)
    _event(focal_a, "some.unknown_action", unit_a)
    response = client_for(sysadmin).get(URL)
    labels = {row.event.action: row.action_label for row in response.context["rows"]}
    assert labels == {
        "par.score.self_update": "Lưu điểm tự đánh giá",
        "membership.add": "Giao vai trò",
        "some.unknown_action": "",
    }
    html = response.content.decode()
    assert "Lưu điểm tự đánh giá" in html and "<code>some.unknown_action</code>" in html
    assert "<code>par.score.self_update</code>" not in html


def test_it_has_a_label_for_every_audited_action_of_the_demo() -> None:
    from apps.core import hooks

    labels = hooks.audit_action_labels()
    demo_actions = {
        "par.score.self_update", "par.assessment.submit", "par.assessment.finalise", "par.period.publish",
        "par.score.appraise_round1", "par.score.appraise_round2", "par.measured.set", "unit.create", "user.login",
    }  # fmt: skip
    assert demo_actions <= labels.keys()
