import pytest
from django.urls import reverse

from portal import notify
from portal.models import Notification, NotificationPreference

pytestmark = pytest.mark.django_db


def tell(person, key="k", **extra):
    return notify.notify(
        kind="portal.announcement",
        recipient=person,
        subject_key=key,
        title="寒假安全提醒",
        body="注意防溺水。",
        **extra,
    )


def test_inbox_lists_ones_own_notifications(client, people):
    tell(people.parent)
    tell(people.stranger, key="other")
    client.force_login(people.parent)
    page = client.get(reverse("portal:inbox")).content.decode()
    assert page.count("寒假安全提醒") == 1


def test_reading_another_persons_notification_is_a_404(client, people):
    theirs = tell(people.parent)
    client.force_login(people.stranger)
    response = client.post(reverse("portal:read-notification", args=[theirs.pk]))
    assert response.status_code == 404
    assert Notification.objects.get(pk=theirs.pk).read_at is None


def test_opening_a_notification_marks_it_read_and_follows_its_link(client, people):
    mine = tell(people.parent, url="/inbox/")
    client.force_login(people.parent)
    response = client.post(reverse("portal:read-notification", args=[mine.pk]))
    assert response.status_code == 302 and response["Location"] == "/inbox/"
    assert Notification.objects.get(pk=mine.pk).read_at is not None


def test_mark_all_read(client, people):
    tell(people.parent, key="a")
    tell(people.parent, key="b")
    client.force_login(people.parent)
    client.post(reverse("portal:read-all-notifications"))
    assert not Notification.objects.filter(recipient=people.parent, read_at__isnull=True).exists()


def test_inbox_needs_a_login(client):
    response = client.get(reverse("portal:inbox"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_settings_page_saves_channels_and_modes(client, people):
    client.force_login(people.parent)
    response = client.post(
        reverse("portal:notification-settings"),
        {"notify_by_sms": "on", "portal.announcement": "digest", "portal.account": "off"},
    )
    assert response.status_code == 302
    people.parent.refresh_from_db()
    assert people.parent.notify_by_sms and not people.parent.notify_by_email
    modes = dict(
        NotificationPreference.objects.filter(user=people.parent).values_list("kind", "mode")
    )
    assert modes == {"portal.announcement": "digest", "portal.account": "off"}


def test_settings_page_refuses_an_unknown_mode_and_saves_nothing(client, people):
    client.force_login(people.parent)
    response = client.post(
        reverse("portal:notification-settings"),
        {"portal.announcement": "sometimes", "portal.account": "off"},
    )
    assert response.status_code == 200
    assert "sometimes" in response.content.decode()
    assert not NotificationPreference.objects.filter(user=people.parent).exists()


def test_settings_page_shows_urgent_kinds_cannot_be_turned_off(client, people):
    client.force_login(people.parent)
    page = client.get(reverse("portal:notification-settings")).content.decode()
    assert 'name="portal.safety"' not in page


def test_english_can_be_chosen(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    page = client.get("/").content.decode()
    assert '<html lang="en">' in page


def test_chinese_is_the_default(client):
    assert '<html lang="zh-hans">' in client.get("/").content.decode()
