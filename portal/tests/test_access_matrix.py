"""Every route, called as every persona, for read and write.

The routes come from the URL resolver (`portal.tests.routes`), not a
hand-picked list; the expected outcomes live in one table,
`portal.tests.access_matrix.TABLE` (and `ADMIN` for the back office). A
persona the table allows must get past access; anyone else must be turned
away (403/404, or sent to log in); nobody may get a 500. A route without
an entry, or whose URL cannot be filled from the world, fails too. And what
a page lets in must not show what is not the reader's: the world's texts
(a case's summary, an alert's note) appear only to those `DISCLOSED` names."""

import pytest
from django.contrib import messages
from django.db import transaction
from django.template.response import SimpleTemplateResponse
from django.test import Client
from django.urls import reverse

from portal.tests import access_matrix as matrix
from portal.tests.helpers import log_in
from portal.tests.routes import url_routes

pytestmark = pytest.mark.django_db

ALLOW, DENY, NO_METHOD, ERROR, OTHER = "allow", "deny", "no method", "500", "other"


def _login_paths() -> tuple[str, ...]:
    return (reverse("account_login"), reverse("admin:login"))


def outcome(response, login_paths, method="get") -> str:
    code = response.status_code
    if code >= 500:
        return ERROR
    if code == 405:
        return NO_METHOD
    if code in (401, 403, 404):
        return DENY
    if 300 <= code < 400:
        if response["Location"].startswith(login_paths):
            return DENY
        # A page that sends the reader elsewhere with a warning ("only the
        # teacher who logged this visit can change it") was not theirs.
        return DENY if method == "get" and _warned(response) else ALLOW
    # A 400 (or 409) answers a request that got past access with a bad body.
    if code < 300 or code in (400, 409):
        return ALLOW
    return OTHER


def _warned(response) -> bool:
    # Only what this request added: a warning from an earlier call may
    # still wait in the session, unread.
    storage = getattr(response.wsgi_request, "_messages", None)
    added = getattr(storage, "_queued_messages", [])
    return any(message.level >= messages.WARNING for message in added)


def wanted(persona: str, allowed) -> set[str]:
    if allowed == matrix.ANY:
        return {ALLOW, DENY, NO_METHOD, OTHER}
    if allowed is not None and persona in allowed:
        return {ALLOW}
    return {DENY, NO_METHOD}


def _clients(users) -> dict:
    clients = {}
    for name, user in users.items():
        client = Client(raise_request_exception=False)
        if user is not None:
            log_in(client, user)
        clients[name] = client
    return clients


def _call(client, method, url, body=None):
    # Each call is undone, so that one persona's write never changes what
    # the next persona meets.
    with transaction.atomic():
        if method in matrix.API_WRITES:
            response = getattr(client, method)(url, content_type="application/json")
        elif method == "post":
            response = client.post(url, body or {})
        else:
            response = client.get(url)
        transaction.set_rollback(True)
    return response


def _body(response) -> str:
    if getattr(response, "streaming", False):
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    return content.decode(errors="ignore")


def _mismatch(check, persona, method, response, got, expected) -> str:
    problem = getattr(response, "exc_info", None)
    why = f" {problem[1]!r}" if problem else ""
    return (
        f"{check.name} {persona} {method.upper()} {check.url}: {response.status_code} "
        f"({got}), table says {' or '.join(sorted(expected))}{why}"
    )


def walk(section, city, people, part=0, parts=1) -> tuple[list[str], set[str]]:
    """Every call's mismatches, and the world's texts someone was shown
    (the control that the leak check reads real pages). A long section is
    walked in `parts`, each its own test, so that the workers share it."""
    users = matrix.personas(city, people)
    world = matrix.build_world(city, people, users)
    clients = _clients(users)
    login_paths = _login_paths()
    mismatches, shown = [], set()
    for check in matrix.checks(section, url_routes(), world)[part::parts]:
        for method, allowed in check.methods:
            for persona, client in clients.items():
                response = _call(client, method, check.url, check.body)
                got = outcome(response, login_paths, method)
                expected = wanted(persona, allowed)
                if got not in expected:
                    mismatches.append(_mismatch(check, persona, method, response, got, expected))
                if method == "get" and response.status_code == 200:
                    body = _body(response)
                    shown |= {text for text in matrix.DISCLOSED if text in body}
                    mismatches += [
                        f"{check.name} {persona} GET {check.url} shows {text}"
                        for text in matrix.leaks(persona, body)
                    ]
        if check.name in matrix.LOGS_OUT:
            clients = _clients(users)
    return mismatches, shown


def skip_admin_rendering(monkeypatch):
    """The back office decides access before it renders; its thousands of
    pages are not drawn here (the list query counts and the admin tests
    draw them), which keeps the walk quick."""
    monkeypatch.setattr(SimpleTemplateResponse, "rendered_content", property(lambda self: ""))


# The back office's 8,000 calls: three tests share them.
WALKS = [
    pytest.param(section, part, parts, id=section if parts == 1 else f"{section}-{part + 1}")
    for section in matrix.SECTIONS
    for parts in [3 if section == "admin" else 1]
    for part in range(parts)
]


@pytest.mark.parametrize(("section", "part", "parts"), WALKS)
def test_each_persona_reaches_only_what_the_table_allows(
    section, part, parts, city, people, monkeypatch
):
    if section == "admin":
        skip_admin_rendering(monkeypatch)
    mismatches, shown = walk(section, city, people, part, parts)
    assert not mismatches, f"{len(mismatches)} mismatches:\n" + "\n".join(mismatches)
    if section in ("pages", "api"):
        assert shown == set(matrix.DISCLOSED), "a text the leak check looks for is never shown"


def test_every_route_has_an_entry_and_every_entry_a_route():
    unknown, stale = matrix.unlisted(url_routes())
    assert (unknown, stale) == ([], [])


def test_the_leak_check_names_what_a_reader_may_not_see():
    page = "<li>李明 · 课间独自哭泣</li>"

    assert matrix.leaks("counsellor", page) == []
    assert matrix.leaks("class_teacher", page) == ["课间独自哭泣"]
    assert matrix.leaks("other_parent", page) == ["李明", "课间独自哭泣"]
