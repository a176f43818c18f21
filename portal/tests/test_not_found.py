"""A URL that matches no route: the API answers in JSON like its own 404s
(what its schema documents), a page with the site's own 404 page."""

import pytest

from portal.tests.helpers import log_in

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/api/students/abc/", "/api/no-such-thing/"])
def test_an_api_url_without_a_route_answers_in_json(client, people, url):
    log_in(client, people.head_teacher)

    response = client.get(url)

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "未找到。"}


def test_a_page_url_without_a_route_shows_the_404_page_in_chinese(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
    assert "页面不存在" in response.content.decode()
