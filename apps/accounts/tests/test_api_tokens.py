import datetime as dt
from typing import Any

import pytest
import time_machine
from django.test import Client

from apps.accounts.models import ApiToken, User
from apps.accounts.tokens import api_token_authenticate, api_token_create, api_token_revoke
from apps.core.models import AuditEvent
from conftest import client_for

pytestmark = pytest.mark.django_db

URL = "/tai-khoan/api-token/"
CREATE_URL = "/tai-khoan/api-token/tao/"


def _revoke_url(token: ApiToken) -> str:
    return f"/tai-khoan/api-token/{token.pk}/thu-hoi/"


def test_it_lists_only_my_tokens(focal_a: User, focal_b: User) -> None:
    mine, _ = api_token_create(user=focal_a, name="Cổng dịch vụ công")
    api_token_create(user=focal_b, name="Hệ thống của B")
    response = client_for(focal_a).get(URL)
    assert response.status_code == 200
    assert [row.token for row in response.context["rows"]] == [mine]
    html = response.content.decode()
    assert "Cổng dịch vụ công" in html
    assert mine.prefix in html
    assert "Hệ thống của B" not in html


@pytest.mark.parametrize("cast", ["focal_a", "appraiser", "leader", "sysadmin"])
def test_it_is_open_to_every_signed_in_user(request: pytest.FixtureRequest, cast: str) -> None:
    assert client_for(request.getfixturevalue(cast)).get(URL).status_code == 200


def test_it_shows_the_status_of_each_token(focal_a: User) -> None:
    with time_machine.travel(dt.datetime(2025, 1, 1, tzinfo=dt.UTC), tick=False):
        api_token_create(user=focal_a, name="expired", expires_at=dt.datetime(2025, 1, 2, tzinfo=dt.UTC))
    revoked, _ = api_token_create(user=focal_a, name="revoked")
    api_token_revoke(actor=focal_a, token=revoked)
    api_token_create(user=focal_a, name="active")
    rows = client_for(focal_a).get(URL).context["rows"]
    assert {row.token.name: row.status for row in rows} == {
        "expired": "expired",
        "revoked": "revoked",
        "active": "active",
    }


def test_it_creates_a_token_and_shows_it_once(focal_a: User) -> None:
    client = client_for(focal_a)
    with time_machine.travel(dt.datetime(2025, 5, 1, 3, 0, tzinfo=dt.UTC), tick=False):
        response = client.post(CREATE_URL, {"name": "  Kết nối báo cáo  ", "expires_in": "30"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    raw = response.context["raw_token"]
    assert raw.startswith("cchc_")
    assert raw in response.content.decode()
    token = ApiToken.objects.get(user=focal_a)
    assert token.name == "Kết nối báo cáo"
    assert token.expires_at == dt.datetime(2025, 5, 31, 3, 0, tzinfo=dt.UTC)
    assert raw not in client.get(URL).content.decode()
    assert AuditEvent.objects.get(action="api_token.create").actor == focal_a


def test_it_creates_a_token_without_expiry(focal_a: User) -> None:
    client_for(focal_a).post(CREATE_URL, {"name": "Lâu dài", "expires_in": "0"})
    assert ApiToken.objects.get(user=focal_a).expires_at is None


@pytest.mark.parametrize("data", [{"name": "   ", "expires_in": "30"}, {"name": "x", "expires_in": "7"}, {}])
def test_it_refuses_an_invalid_token_form(focal_a: User, data: dict[str, str]) -> None:
    response = client_for(focal_a).post(CREATE_URL, data)
    assert response.status_code == 400
    assert response.context["form"].errors
    assert not ApiToken.objects.exists()


def test_it_stores_only_a_hash_of_the_token(focal_a: User) -> None:
    token, raw = api_token_create(user=focal_a, name="hash")
    stored = " ".join(str(v) for v in ApiToken.objects.values_list().get(pk=token.pk))
    assert raw not in stored
    assert token.prefix == raw[:12]
    assert len(token.token_hash) == 64
    assert raw not in " ".join(str(v) for v in AuditEvent.objects.values_list())


def test_it_authenticates_an_active_token(focal_a: User) -> None:
    token, raw = api_token_create(user=focal_a, name="ok")
    assert api_token_authenticate(raw) == focal_a
    token.refresh_from_db()
    assert token.last_used_at is not None
    assert api_token_authenticate(raw + "x") is None
    assert api_token_authenticate("not-a-token") is None


def test_it_refuses_a_revoked_token(focal_a: User) -> None:
    token, raw = api_token_create(user=focal_a, name="revoked")
    api_token_revoke(actor=focal_a, token=token)
    assert api_token_authenticate(raw) is None


def test_it_refuses_an_expired_token(focal_a: User) -> None:
    with time_machine.travel(dt.datetime(2025, 1, 1, tzinfo=dt.UTC), tick=False) as traveller:
        _token, raw = api_token_create(user=focal_a, name="short", expires_at=dt.datetime(2025, 1, 2, tzinfo=dt.UTC))
        assert api_token_authenticate(raw) == focal_a
        traveller.shift(dt.timedelta(days=1))
        assert api_token_authenticate(raw) is None


def test_it_refuses_the_token_of_an_inactive_user(focal_a: User) -> None:
    _token, raw = api_token_create(user=focal_a, name="gone")
    User.objects.filter(pk=focal_a.pk).update(is_active=False)
    assert api_token_authenticate(raw) is None


def test_it_revokes_my_token(focal_a: User) -> None:
    token, raw = api_token_create(user=focal_a, name="revoke me")
    response = client_for(focal_a).post(_revoke_url(token))
    assert response.status_code == 302
    assert response["Location"] == URL
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert api_token_authenticate(raw) is None
    event = AuditEvent.objects.get(action="api_token.revoke")
    assert (event.actor, event.object_id) == (focal_a, str(token.pk))


def test_it_answers_404_for_someone_elses_token(focal_a: User, focal_b: User) -> None:
    token, raw = api_token_create(user=focal_b, name="B's")
    assert client_for(focal_a).post(_revoke_url(token)).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    assert api_token_authenticate(raw) == focal_b


def test_it_answers_404_for_a_missing_token(focal_a: User) -> None:
    assert client_for(focal_a).post("/tai-khoan/api-token/999999/thu-hoi/").status_code == 404


def test_it_answers_405_to_get_on_mutating_urls(focal_a: User) -> None:
    token, _ = api_token_create(user=focal_a, name="get")
    client = client_for(focal_a)
    assert client.get(_revoke_url(token)).status_code == 405
    assert client.get(CREATE_URL).status_code == 405
    assert client.post(URL).status_code == 405
    token.refresh_from_db()
    assert token.revoked_at is None


def test_it_answers_403_when_the_permission_is_refused(focal_a: User, monkeypatch: Any) -> None:
    # Every signed-in user holds this permission today; the views still ask for it first.
    monkeypatch.setattr("apps.accounts.permissions.AccountPolicy.can", lambda *args, **kwargs: False)
    token, _ = api_token_create(user=focal_a, name="403")
    client = client_for(focal_a)
    assert client.get(URL).status_code == 403
    assert client.post(CREATE_URL, {"name": "x", "expires_in": "30"}).status_code == 403
    assert client.post(_revoke_url(token)).status_code == 403
    assert ApiToken.objects.count() == 1


@pytest.mark.parametrize("method", ["get", "post"])
def test_it_sends_anonymous_users_to_login(citizen: Client, focal_a: User, method: str) -> None:
    token, _ = api_token_create(user=focal_a, name="anon")
    for url in (URL, CREATE_URL, _revoke_url(token)):
        response = getattr(citizen, method)(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/dang-nhap/")


def test_it_links_the_page_from_the_user_menu(focal_a: User) -> None:
    assert f'href="{URL}"' in client_for(focal_a).get("/trang-cua-toi/").content.decode()
