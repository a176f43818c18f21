"""A small in-process cache in front of the shared one: the month's totals
are read from Redis once per worker and cache lifetime, not unpickled on
every request (the city's totals are close to a megabyte)."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable

MAX_ENTRIES = 32

_entries: OrderedDict[str, tuple[float, object]] = OrderedDict()
_lock = threading.Lock()


def get_or_compute(key: str, seconds: float, compute: Callable[[], object]):
    now = time.monotonic()
    with _lock:
        found = _entries.get(key)
        if found is not None and found[0] > now:
            _entries.move_to_end(key)
            return found[1]
    value = compute()
    with _lock:
        _entries[key] = (now + seconds, value)
        _entries.move_to_end(key)
        while len(_entries) > MAX_ENTRIES:
            _entries.popitem(last=False)
    return value


def clear() -> None:
    with _lock:
        _entries.clear()
