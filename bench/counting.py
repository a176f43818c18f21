"""An email backend that sends nothing and counts everything: each message
handed to it increments a Redis counter and its recipient's tally, so a
benchmark sees how many left and whether anyone got one twice."""

import os

import redis
from django.core.mail.backends.base import BaseEmailBackend

DEFAULT_COUNTER_URL = "redis://127.0.0.1:6379/10"
SENT_KEY = "bench:mail:sent"
BY_ADDRESS_KEY = "bench:mail:by-address"


class CountingBackend(BaseEmailBackend):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.counter = _counter()

    def send_messages(self, email_messages):
        pipe = self.counter.pipeline()
        for message in email_messages:
            pipe.incr(SENT_KEY)
            for address in message.to:
                pipe.hincrby(BY_ADDRESS_KEY, address, 1)
        pipe.execute()
        return len(email_messages)


def _counter() -> redis.Redis:
    """A drill that restarts the broker's Redis counts on another one."""
    return redis.Redis.from_url(os.environ.get("BENCH_COUNTER_URL", DEFAULT_COUNTER_URL))


def reset() -> None:
    _counter().delete(SENT_KEY, BY_ADDRESS_KEY)


def sent() -> int:
    return int(_counter().get(SENT_KEY) or 0)


def counted(domain: str = "") -> tuple[int, int, int]:
    """(messages handed over, distinct recipients, recipients reached twice or
    more), for the addresses at `domain` only when given."""
    tallies = [
        int(count)
        for address, count in _counter().hgetall(BY_ADDRESS_KEY).items()
        if not domain or address.decode().endswith("@" + domain)
    ]
    return sum(tallies), len(tallies), sum(1 for n in tallies if n > 1)
