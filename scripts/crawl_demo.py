"""Crawl the seeded demo as every demo login and report any server error.

Builds a throwaway SQLite demo (the embedded default a newcomer runs), then
follows every same-site link by GET, bounded per person, as each of the
printed demo logins and as an anonymous visitor. Exits 1 if any page answered
5xx. Usage: `make crawl` or `.venv/bin/python scripts/crawl_demo.py [--pages N]`.
"""

import argparse
import logging
import os
import re
import subprocess
import sys
import tempfile
from collections import deque
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PERSONAS = (
    "demo.city",
    "demo.district",
    "demo.leader",
    "demo.headteacher",
    "demo.teacher",
    "demo.counsellor",
    "demo.caseworker",
    "demo.partner",
    "demo.parent",
    None,
)
# Links that change state on GET (the replay counter) or leave the page set.
SKIP = ("/accounts/logout", "/admin/logout", "/i18n/", "/static/", "/media/", "/api/docs")
SKIP_CONTAINING = ("/replay/",)
HREF = re.compile(r'href="(/[^"#]*)"')


def build_demo(database: Path) -> dict:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.local",
        "DATABASE_URL": f"sqlite:///{database}",
        "TONGXIN_ENV_FILE": "/nonexistent",
    }
    for command in (["migrate", "-v0"], ["seed_demo"]):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return env


def crawl(client, limit: int) -> tuple[int, list[tuple[str, int]]]:
    seen, queue, errors = set(), deque(["/", "/workbench/", "/family/", "/admin/"]), []
    while queue and len(seen) < limit:
        url = queue.popleft()
        if url in seen or url.startswith(SKIP) or any(part in url for part in SKIP_CONTAINING):
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code >= 500:
            errors.append((url, response.status_code))
            continue
        if response.status_code == 200 and "text/html" in response.get("Content-Type", ""):
            for link in HREF.findall(response.content.decode("utf-8", "replace")):
                link = link.replace("&amp;", "&")
                # The back office's filter combinations and histories add nothing new.
                if link.startswith("/admin/") and ("?" in link or "/history/" in link):
                    continue
                if link not in seen:
                    queue.append(link)
    return len(seen), errors


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=600, help="pages per person at most")
    args = parser.parse_args()
    database = Path(tempfile.mkdtemp()) / "crawl.sqlite3"
    os.environ.update(build_demo(database))
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    # 403s and 404s are expected on a crawl; server errors still print.
    logging.disable(logging.WARNING)
    from django.test import Client

    from portal.models import User

    failures = 0
    for username in PERSONAS:
        client = Client(raise_request_exception=False, SERVER_NAME="localhost")
        if username:
            client.force_login(User.objects.get(username=username))
            session = client.session
            session["tongxin_two_factor_ok"] = True  # the crawl is not about TOTP
            session.save()
        pages, errors = crawl(client, args.pages)
        failures += len(errors)
        print(f"{username or 'anonymous':<18} {pages:>5} pages, {len(errors)} server errors")
        for url, status in errors:
            print(f"    {status} {url}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
