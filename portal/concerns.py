"""Concerns about a child, reported where they are noticed (a home visit in
schools, a counselling request in families) and handled by the app that
runs the mental-health ladder (programs), which registers itself here. The
app that notices a concern never imports the one that handles it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Concern:
    student_id: int
    source: str  # "home_visit", "counselling", "screening", "other"
    source_id: str  # unique per source record: "visit:12"
    raised_by_id: int
    note: str
    url: str = ""  # the record the concern comes from, for those who may read it


_handlers: list[Callable[[Concern], object]] = []


def on_concern(handler: Callable[[Concern], object]) -> None:
    if handler not in _handlers:
        _handlers.append(handler)


def report_concern(concern: Concern) -> list:
    """Hand the concern to every handler; each must be idempotent on
    `source_id`, as a record may be saved again."""
    return [handler(concern) for handler in _handlers]
