"""Bad input through the back office: the same limits as the portal's
pages, with the message in Chinese and nothing saved."""

import pytest
from django.urls import reverse

from portal.tests.helpers import log_in
from schools.models import ActivityKind
from tests.bad_input.kit import (
    BAD_DATES,
    FREE_TEXT,
    SCRIPT,
    assert_escaped,
    assert_refused_in_chinese,
    counts,
)

pytestmark = pytest.mark.django_db

WRITES = ("schools.GuidanceActivity", "portal.AuditEntry")


def activity(city, **overrides) -> dict:
    return {
        "school": city.school.pk,
        "kind": ActivityKind.LECTURE,
        "title": "家庭教育讲座",
        "held_on": "2026-10-15",
        "audience": "三年级家长",
        "attendance": "40",
        "notes": "",
        **overrides,
    }


def post(client, city, follow=False, **overrides):
    url = reverse("admin:schools_guidanceactivity_add")
    return client.post(url, activity(city, **overrides), follow=follow)


@pytest.mark.parametrize(
    "overrides",
    [{"notes": "长" * FREE_TEXT}, *({"held_on": date} for date in BAD_DATES)],
    ids=["overlong-notes", *BAD_DATES],
)
def test_the_back_office_refuses_what_the_pages_refuse(client, city, people, overrides):
    log_in(client, people.school_leader)
    before = counts(WRITES)

    response = post(client, city, **overrides)

    assert_refused_in_chinese(response, before, WRITES)


def test_a_script_typed_in_the_back_office_is_shown_as_text(client, city, people):
    log_in(client, people.school_leader)

    response = post(client, city, title=SCRIPT, follow=True)

    assert response.status_code == 200
    assert response.redirect_chain, "the activity was not saved"
    assert_escaped(response.content.decode())
