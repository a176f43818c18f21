"""Bad input on every page where a person types: each kind of input × each
page is one case. The pages are requested in Chinese, the default."""

import pytest

from portal.tests.helpers import log_in

from . import pages_community_families, pages_programs, pages_schools
from .kit import (
    BAD_DATES,
    RARE_NAME,
    SCRIPT,
    assert_escaped,
    assert_refused_in_chinese,
    counts,
    error_messages,
    overlong,
    shows_script_safely,
)

pytestmark = pytest.mark.django_db

PAGES = [*pages_schools.PAGES, *pages_community_families.PAGES, *pages_programs.PAGES]


def by_kind(attribute):
    return [pytest.param(page, id=page.id) for page in PAGES if getattr(page, attribute)]


def _open(client, city, people, page):
    ctx = page.prepare(city, people)
    log_in(client, getattr(people, page.persona))
    return ctx


def _shown(client, ctx):
    """The pages that show what was saved (some known only after saving)."""
    return [client.get(url() if callable(url) else url) for url in ctx.shown]


def _post(client, ctx, **changes):
    return client.post(ctx.url, {**ctx.data, **changes})


@pytest.mark.parametrize("page", PAGES, ids=str)
def test_a_valid_submission_is_saved(client, city, people, page):
    """The control: the base submission of every case below is good, so a
    refusal there is the bad input's doing."""
    ctx = _open(client, city, people, page)
    before = counts(page.writes)
    response = _post(client, ctx)
    assert response.status_code == 302, error_messages(response.content.decode())
    assert counts(page.writes) != before


@pytest.mark.parametrize("page", by_kind("limits"))
def test_overlong_text_is_refused_in_chinese(client, city, people, page):
    ctx = _open(client, city, people, page)
    before = counts(page.writes)
    response = _post(client, ctx, **overlong(page.limits))
    assert_refused_in_chinese(response, before, page.writes)
    messages = " ".join(error_messages(response.content.decode()))
    for limit in page.limits.values():
        assert f"不超过 {limit} 字符" in messages


@pytest.mark.parametrize("page", by_kind("names"))
def test_rare_characters_are_kept_exactly_or_refused_clearly(client, city, people, page):
    ctx = _open(client, city, people, page)
    before = counts(page.writes)
    typed = {name: f"李{RARE_NAME}" for name in page.names}
    response = _post(client, ctx, **typed)
    if response.status_code == 200:
        assert_refused_in_chinese(response, before, page.writes)
        return
    assert response.status_code == 302
    shown = client.get(response["Location"]).content.decode()
    for shown_page in _shown(client, ctx):
        shown += shown_page.content.decode()
    assert f"李{RARE_NAME}" in shown


@pytest.mark.parametrize("page", by_kind("names"))
def test_script_tags_are_shown_escaped(client, city, people, page):
    ctx = _open(client, city, people, page)
    response = _post(client, ctx, **{name: SCRIPT for name in page.names})
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert_escaped(response.content.decode())
        return
    pages = [client.get(response["Location"]), *_shown(client, ctx)]
    assert any([shows_script_safely(shown) for shown in pages])


@pytest.mark.parametrize("page", by_kind("dates"))
def test_out_of_range_dates_are_refused_in_chinese(client, city, people, page):
    ctx = _open(client, city, people, page)
    before = counts(page.writes)
    cases = [{name: value} for name in page.dates for value in BAD_DATES]
    for changes in [*cases, *page.more_dates(ctx)]:
        response = _post(client, ctx, **changes)
        assert response.status_code != 302, changes
        assert_refused_in_chinese(response, before, page.writes)
