"""The text `seed_demo` prints: what it made and the table of demo logins."""

from __future__ import annotations

import unicodedata

from portal.demo import city
from portal.demo.builder import COUNTED_MODELS, SeedReport


def display_width(text: str) -> int:
    """Columns a terminal gives the text: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))


def format_table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(display_width(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = [" | ".join(_pad(cell, widths[i]) for i, cell in enumerate(header)).rstrip()]
    lines.append("-+-".join("-" * width for width in widths))
    for row in rows:
        lines.append(" | ".join(_pad(cell, widths[i]) for i, cell in enumerate(row)).rstrip())
    return "\n".join(lines)


def format_report(report: SeedReport) -> str:
    labels = {model._meta.label: str(model._meta.verbose_name_plural) for model in COUNTED_MODELS}
    if report.created_anything:
        summary = f"Seeded the demo city {city.CITY_NAME}."
    else:
        summary = f"The demo city {city.CITY_NAME} was already seeded; nothing new was added."
    counts = format_table(
        ["rows", "created now", "in the database"],
        [
            [labels[label], str(report.created[label]), str(report.totals[label])]
            for label in report.totals
        ],
    )
    logins = format_table(
        ["role", "log in with", "password", "what they see"],
        [
            [
                f"{login.role.label} ({login.role.value})",
                f"phone {login.login} (or username {login.username})"
                if login.by_phone
                else f"username {login.login}",
                report.password,
                login.sees,
            ]
            for login in report.logins
        ],
    )
    return "\n\n".join(
        [
            summary,
            counts,
            "Demo logins (accounts that existed before this run keep their passwords):",
            logins,
            "Every other seeded account uses the same password; the console SMS backend "
            "prints the parent's login code.",
        ]
    )
