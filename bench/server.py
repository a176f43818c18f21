"""What every load benchmark shares: a real gunicorn serving the bench
settings against the city database, logged-in sessions for its personas,
wrk as the load generator, and an account of where the CPU went.

The machine has two cores and the load generator runs on them too. It is not
pinned (pinning it to one core would halve the server); instead every run
reports the CPU seconds spent by the load generator, the gunicorn workers,
PostgreSQL and Redis, so the split is never hidden."""

from __future__ import annotations

import json
import os
import resource
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUNICORN_WORKERS = 2 * (os.cpu_count() or 1) + 1
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")

WRK_SCRIPT = """
wrk.headers["Accept-Encoding"] = "gzip, deflate"  -- as every browser sends
local cookie = os.getenv("BENCH_COOKIE")
if cookie and cookie ~= "" then wrk.headers["Cookie"] = cookie end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"duration_us":%d,"non_2xx_3xx":%d,"socket_errors":%d,' ..
    '"p50_ms":%.2f,"p95_ms":%.2f,"p99_ms":%.2f}\\n',
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000))
end
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url(name: str) -> str:
    return f"postgres://postgres@127.0.0.1:5432/{name}"


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in path.read_text().split()] if path.exists() else []


def _cpu_of(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except FileNotFoundError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime + stime


def _pids_named(name: str) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if (entry / "comm").read_text().strip() == name:
                    pids.append(int(entry.name))
            except OSError:
                continue
    return pids


@dataclass
class CpuMeter:
    """CPU seconds per party between `start()` and `stop()`."""

    server_pid: int

    def _sample(self) -> dict[str, float]:
        workers = [self.server_pid, *_children(self.server_pid)]
        return {
            "gunicorn": sum(_cpu_of(pid) for pid in workers),
            "postgres": sum(_cpu_of(pid) for pid in _pids_named("postgres")),
            "redis": sum(_cpu_of(pid) for pid in _pids_named("redis-server")),
            "load_generator": _own_and_children_cpu(),
        }

    def start(self) -> None:
        self._before = self._sample()
        self._started = time.perf_counter()

    def stop(self) -> dict:
        after = self._sample()
        wall = time.perf_counter() - self._started
        spent = {key: max(0.0, after[key] - self._before[key]) for key in after}
        total = sum(spent.values()) or 1.0
        return {
            "wall_s": round(wall, 2),
            "cpu_s": {key: round(value, 2) for key, value in spent.items()},
            "load_generator_share": round(spent["load_generator"] / total, 3),
        }


def _own_and_children_cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


class Gunicorn:
    """gunicorn on a free loopback port with the bench settings."""

    def __init__(self, database: str, *, workers: int = GUNICORN_WORKERS, env: dict | None = None):
        self.port = free_port()
        self.workers = workers
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "DATABASE_URL": database_url(database),
            "REDIS_URL": "redis://127.0.0.1:6379/11",
            "CONN_MAX_AGE": "600",
            **(env or {}),
        }
        self.process: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> Gunicorn:
        self._log = tempfile.TemporaryFile()
        self.process = subprocess.Popen(
            [
                str(ROOT / ".venv" / "bin" / "gunicorn"),
                "portal.wsgi",
                f"--bind=127.0.0.1:{self.port}",
                f"--workers={self.workers}",
                "--backlog=4096",
                "--timeout=120",
                "--log-level=warning",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=self._log,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if fetch(self.base + "/bench/bare")[0] == 200 and self._all_workers_up():
                    return self
            except OSError:
                pass
            time.sleep(0.3)
        self.__exit__(None, None, None)
        raise RuntimeError(f"gunicorn did not start: {self.log()[-3000:]}")

    def _all_workers_up(self) -> bool:
        return len(_children(self.process.pid)) >= self.workers

    def log(self) -> str:
        self._log.seek(0)
        return self._log.read().decode(errors="replace")

    def meter(self) -> CpuMeter:
        return CpuMeter(self.process.pid)

    def __exit__(self, *exc) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)


def fetch(url: str, cookie: str = "") -> tuple[int, bytes]:
    headers = {"Accept-Encoding": "gzip", **({"Cookie": cookie} if cookie else {})}
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def wrk(url: str, *, cookie: str = "", connections: int = 50, seconds: int = 10) -> dict:
    """wrk's count, errors and latency percentiles for one URL."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT)
    try:
        result = subprocess.run(
            [
                "wrk",
                f"--connections={connections}",
                "--threads=2",
                f"--duration={seconds}s",
                "--timeout=30s",
                f"--script={script.name}",
                url,
            ],
            env={**os.environ, "BENCH_COOKIE": cookie},
            capture_output=True,
            text=True,
            check=True,
        )
    finally:
        os.unlink(script.name)
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    summary["rps"] = round(summary["requests"] / (summary.pop("duration_us") / 1e6), 1)
    return summary


def session_cookie(user) -> str:
    """A session as after the full login, two-factor step included."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from portal.middleware import TWO_FACTOR_SESSION_KEY

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[TWO_FACTOR_SESSION_KEY] = True
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"
