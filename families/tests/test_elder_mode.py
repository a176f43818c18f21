import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from portal.accounts.services import set_elder_mode

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def body_classes(response) -> str:
    return re.search(r'<body class="([^"]*)"', response.content.decode()).group(1)


def test_elder_mode_is_off_by_default(client, people):
    client.force_login(people.parent)
    assert "elder" not in body_classes(client.get(reverse("families:home")))


def test_turning_it_on_is_remembered_on_the_account(client, people):
    client.force_login(people.parent)
    response = client.post(reverse("portal:elder-mode"), {"on": "1", "next": "/family/"})
    assert response.status_code == 302 and response["Location"] == "/family/"
    people.parent.refresh_from_db()
    assert people.parent.elder_mode
    # Another phone: a fresh session without the cookie still gets it.
    client.cookies.clear()
    client.force_login(people.parent)
    assert "elder" in body_classes(client.get(reverse("families:home")))
    assert "elder" in body_classes(client.get(reverse("families:parent-schools")))


def test_turning_it_off(client, people):
    set_elder_mode(user=people.parent, on=True)
    client.force_login(people.parent)
    client.post(reverse("portal:elder-mode"), {"on": "0"})
    people.parent.refresh_from_db()
    assert not people.parent.elder_mode
    assert "elder" not in body_classes(client.get(reverse("families:home")))


def test_anonymous_visitors_keep_it_in_a_cookie(client):
    response = client.post(
        reverse("portal:elder-mode"), {"on": "1", "next": "/family/parent-schools/"}
    )
    assert response.cookies["elder_mode"].value == "1"
    assert "elder" in body_classes(client.get(reverse("families:parent-schools")))
    client.post(reverse("portal:elder-mode"), {"on": "0"})
    assert "elder" not in body_classes(client.get(reverse("families:parent-schools")))


def test_the_account_setting_wins_over_a_cookie(client, people):
    client.cookies["elder_mode"] = "1"
    client.force_login(people.parent)
    assert "elder" not in body_classes(client.get(reverse("families:home")))


def test_redirect_stays_on_the_site(client):
    response = client.post(
        reverse("portal:elder-mode"), {"on": "1", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_it_needs_a_post(client):
    assert client.get(reverse("portal:elder-mode")).status_code == 405


def test_every_page_offers_the_switch(client, people):
    page = client.get(reverse("portal:home")).content.decode()
    assert reverse("portal:elder-mode") in page and "Large text" in page
    set_elder_mode(user=people.parent, on=True)
    client.force_login(people.parent)
    page = client.get(reverse("families:bind")).content.decode()
    assert "Normal text" in page
    assert 'aria-pressed="true"' in page


def test_the_stylesheet_sets_the_floor_for_text_and_buttons():
    css = Path(finders.find("css/elder.css")).read_text(encoding="utf-8")
    assert "body.elder" in css
    assert "--tap: 56px" in css and "min-height: 56px" in css
    assert "max(20px" in css and "font-size: 22px" in css


def test_the_stylesheet_is_loaded_on_every_page(client):
    assert "css/elder.css" in client.get(reverse("portal:home")).content.decode()
