"""What every bad-input case shares: the inputs, how a page is filled, and
what the person must see (a Chinese message, nothing saved, nothing unescaped)."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.apps import apps

from portal.input_limits import TEXT_MAX_LENGTH
from portal.models import AuditAction

FREE_TEXT = 100_000
SCRIPT = "<script>alert(1)</script>"
ESCAPED_SCRIPT = html.escape(SCRIPT, quote=False)
# CJK Extension B, a rare given name, and an emoji outside the BMP.
RARE_NAME = "𡈼䶮𠀀𪚥🙂"
BAD_DATES = ["0001-01-01", "9999-12-31", "2026-02-31"]
CJK = re.compile(r"[\u4e00-\u9fff]")
ERROR_LIST = re.compile(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', re.S)
ENGLISH_DEFAULTS = (
    "Ensure this value",
    "Enter a valid date",
    "This field is required",
    "Select a valid choice",
)


@dataclass(frozen=True)
class Page:
    """One page where a person types: who may use it, how to reach it with
    a valid submission, and which of its fields take what."""

    id: str
    persona: str
    prepare: Callable[[SimpleNamespace, SimpleNamespace], SimpleNamespace]
    writes: tuple[str, ...]
    limits: dict[str, int] = field(default_factory=dict)
    names: tuple[str, ...] = ()
    dates: tuple[str, ...] = ()
    # Extra refused dates beyond BAD_DATES: (field, value) pairs, values
    # computed from ctx (a future visit, an end before its start).
    more_dates: Callable[[SimpleNamespace], list[dict]] = lambda ctx: []

    def __str__(self) -> str:
        return self.id


def overlong(limits: dict[str, int]) -> dict[str, str]:
    """Past the limit: 100,000 characters in free text, one too many elsewhere."""
    return {
        name: "长" * (FREE_TEXT if limit >= TEXT_MAX_LENGTH else limit + 1)
        for name, limit in limits.items()
    }


def counts(labels) -> dict[str, int]:
    """Rows of each model; audit entries only where they claim a write (a
    refused form may still have read, and audited, the case it belongs to)."""
    found = {}
    for label in labels:
        rows = apps.get_model(label).objects.all()
        if label == "portal.AuditEntry":
            rows = rows.exclude(action=AuditAction.VIEW)
        found[label] = rows.count()
    return found


def error_messages(page: str) -> list[str]:
    return [
        html.unescape(re.sub(r"<[^>]+>", " ", block)).strip() for block in ERROR_LIST.findall(page)
    ]


def assert_refused_in_chinese(response, written_before: dict[str, int], writes) -> None:
    """The form comes back with a Chinese message and nothing was written."""
    assert response.status_code == 200, response.status_code
    page = response.content.decode()
    messages = error_messages(page)
    assert messages, "no error shown"
    assert all(CJK.search(message) for message in messages), messages
    assert not [default for default in ENGLISH_DEFAULTS if default in page]
    assert counts(writes) == written_before


def assert_escaped(page: str) -> None:
    assert SCRIPT not in page
    assert "<script>alert" not in page


def shows_script_safely(response) -> bool:
    """An HTML page must show the tag escaped; JSON carries it as data, with
    a content type no browser renders as a page. True if it is shown at all."""
    assert response.status_code == 200
    if response["Content-Type"].startswith("application/json"):
        assert "html" not in response["Content-Type"]
        return SCRIPT in json.dumps(response.json(), ensure_ascii=False)
    page = response.content.decode()
    assert_escaped(page)
    return ESCAPED_SCRIPT in page
