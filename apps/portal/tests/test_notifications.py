"""The notifications page, the bell, mark as read and the e-mail settings."""

from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse

from apps.core import hooks
from apps.core.models import Notification, NotificationPreference, NotificationRecipient
from apps.core.notifications import notify
from apps.core.notifications.outbox import send_pending
from conftest import client_for

pytestmark = pytest.mark.django_db

KIND = "test.thing"


@pytest.fixture(autouse=True)
def kinds() -> Iterator[None]:
    with hooks.isolated():
        hooks.register(
            hooks.NOTIFICATION_KINDS,
            hooks.NotificationKind(key=KIND, label="Things that happen", description="When a thing happens."),
        )
        yield


def tell(key: str, *users: Any, url: str = "/quan-tri/don-vi/") -> Notification:
    notification = notify(kind=KIND, dedupe_key=key, recipients=users, context={"title": f"Thing {key}", "url": url})
    assert notification is not None
    return notification


def test_it_shows_the_unread_count_on_the_bell(focal_a: Any, head_a: Any) -> None:
    client = client_for(focal_a)
    page = client.get(reverse("portal:start")).content.decode()
    assert 'data-testid="notification-bell"' in page
    assert 'data-testid="notification-unread"' not in page
    first = tell("1", focal_a, head_a)
    tell("2", focal_a)
    tell("3", head_a)
    response = client.get(reverse("portal:start"))
    assert '<span class="position-absolute' in response.content.decode()
    assert 'data-testid="notification-unread">2</span>' in response.content.decode()
    NotificationRecipient.objects.filter(notification=first, user=focal_a).update(read_at="2026-01-01T00:00Z")
    assert 'data-testid="notification-unread">1</span>' in client.get(reverse("portal:start")).content.decode()


def test_it_counts_the_bell_with_one_query(focal_a: Any, django_assert_num_queries: Any) -> None:
    from django.template import Context, Template
    from django.test import RequestFactory

    from apps.core.context_processors import navigation

    tell("1", focal_a)
    request = RequestFactory().get("/")
    request.user = focal_a
    count = navigation(request)["notifications_unread"]
    with django_assert_num_queries(1):
        assert Template("{{ n }}{{ n }}{% if n %}!{% endif %}").render(Context({"n": count})) == "11!"


def test_it_shows_no_bell_to_anonymous_visitors(citizen: Client) -> None:
    assert 'data-testid="notification-bell"' not in citizen.get(reverse("portal:home")).content.decode()


def test_it_lists_the_users_notifications_newest_first_with_unread_marked(focal_a: Any, head_a: Any) -> None:
    older = tell("1", focal_a)
    newer = tell("2", focal_a, url="https://evil.example/")
    tell("3", head_a)
    Notification.objects.filter(pk=older.pk).update(created_at="2026-01-01T00:00Z")
    NotificationRecipient.objects.filter(notification=older).update(read_at="2026-01-02T00:00Z")
    response = client_for(focal_a).get(reverse("portal:notifications"))
    assert response.status_code == 200
    items = [item["notification"].pk for item in response.context["items"]]
    assert items == [newer.pk, older.pk]
    page = response.content.decode()
    assert "Thing 2" in page and "Thing 1" in page and "Thing 3" not in page
    assert page.count("data-unread") == 1
    assert "https://evil.example/" not in page  # only local links
    assert 'value="/quan-tri/don-vi/"' in page


def test_it_filters_unread_and_serves_the_results_fragment(focal_a: Any) -> None:
    tell("1", focal_a)
    read = tell("2", focal_a)
    NotificationRecipient.objects.filter(notification=read).update(read_at="2026-01-02T00:00Z")
    response = client_for(focal_a).get(reverse("portal:notification_results"), {"unread": "1"})
    assert response.status_code == 200
    page = response.content.decode()
    assert page.startswith('<div id="notification-results"') and "<html" not in page
    assert "Thing 1" in page and "Thing 2" not in page


def test_it_says_what_to_expect_when_there_is_nothing(focal_a: Any) -> None:
    page = client_for(focal_a).get(reverse("portal:notifications")).content.decode()
    assert "No notifications yet" in page


def test_it_pages_the_list_with_a_fixed_number_of_queries(focal_a: Any, django_assert_max_num_queries: Any) -> None:
    client = client_for(focal_a)
    tell("0", focal_a)
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("portal:notifications"))
    for i in range(1, 45):
        tell(str(i), focal_a)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("portal:notifications"), {"page": "2"})
    assert len(response.context["items"]) == 20
    assert "Page 2 of 3" in response.content.decode()


def test_it_marks_one_as_read_and_goes_where_it_points(focal_a: Any, head_a: Any) -> None:
    notification = tell("1", focal_a, head_a)
    client = client_for(focal_a)
    url = reverse("portal:notification_read", args=[notification.pk])
    response = client.post(url, {"next": "/quan-tri/don-vi/"})
    assert response.status_code == 302 and response["Location"] == "/quan-tri/don-vi/"
    assert NotificationRecipient.objects.get(notification=notification, user=focal_a).read_at is not None
    assert NotificationRecipient.objects.get(notification=notification, user=head_a).read_at is None
    response = client.post(url, {"next": "https://evil.example/"})
    assert response["Location"] == reverse("portal:notifications")


def test_it_marks_all_as_read(focal_a: Any, head_a: Any) -> None:
    tell("1", focal_a, head_a)
    tell("2", focal_a)
    response = client_for(focal_a).post(reverse("portal:notifications_read_all"), follow=True)
    assert "2 notifications marked as read." in response.content.decode()
    assert not NotificationRecipient.objects.filter(user=focal_a, read_at__isnull=True).exists()
    assert NotificationRecipient.objects.filter(user=head_a, read_at__isnull=True).count() == 1


def test_it_answers_404_for_another_users_notification(focal_a: Any, head_a: Any) -> None:
    theirs = tell("1", head_a)
    client = client_for(focal_a)
    assert client.post(reverse("portal:notification_read", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("portal:notification_read", args=[theirs.pk + 99])).status_code == 404
    assert NotificationRecipient.objects.get(user=head_a).read_at is None


def test_it_answers_405_to_a_get_on_a_mutating_endpoint(focal_a: Any) -> None:
    notification = tell("1", focal_a)
    client = client_for(focal_a)
    assert client.get(reverse("portal:notification_read", args=[notification.pk])).status_code == 405
    assert client.get(reverse("portal:notifications_read_all")).status_code == 405
    assert client.put(reverse("portal:notification_preferences")).status_code == 405
    assert NotificationRecipient.objects.get().read_at is None


def test_it_answers_403_to_a_post_without_the_csrf_token(focal_a: Any) -> None:
    notification = tell("1", focal_a)
    client = Client(enforce_csrf_checks=True)
    client.force_login(focal_a)
    assert client.post(reverse("portal:notification_read", args=[notification.pk])).status_code == 403
    assert client.post(reverse("portal:notifications_read_all")).status_code == 403
    assert client.post(reverse("portal:notification_preferences"), {"email": []}).status_code == 403
    assert NotificationRecipient.objects.get().read_at is None
    assert not NotificationPreference.objects.exists()


@pytest.mark.parametrize(
    ("name", "method", "args"),
    [
        ("portal:notifications", "get", []),
        ("portal:notification_results", "get", []),
        ("portal:notification_read", "post", [1]),
        ("portal:notifications_read_all", "post", []),
        ("portal:notification_preferences", "get", []),
        ("portal:notification_preferences", "post", []),
    ],
)
def test_it_sends_anonymous_visitors_to_sign_in(citizen: Client, name: str, method: str, args: list[int]) -> None:
    response = getattr(citizen, method)(reverse(name, args=args))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse(settings.LOGIN_URL))


def test_it_lets_each_user_turn_email_off_per_kind_and_honours_it(focal_a: Any, head_a: Any) -> None:
    client = client_for(head_a)
    page = client.get(reverse("portal:notification_preferences"))
    assert page.status_code == 200
    assert "Things that happen" in page.content.decode()
    assert [(r["kind"].key, r["email"]) for r in page.context["rows"]] == [(KIND, True)]  # the kind's default
    response = client.post(reverse("portal:notification_preferences"), {})  # every switch off
    assert response.status_code == 302
    assert NotificationPreference.objects.get(user=head_a, kind=KIND).email is False
    rows = client.get(reverse("portal:notification_preferences")).context["rows"]
    assert [(r["kind"].key, r["email"]) for r in rows] == [(KIND, False)]
    tell("1", focal_a, head_a)
    send_pending()
    assert [m.to for m in mail.outbox] == [["focal_a@example.test"]]
    client.post(reverse("portal:notification_preferences"), {"email": [KIND]})
    assert NotificationPreference.objects.get(user=head_a, kind=KIND).email is True
