"""Importing the bureau's roster template (one Excel sheet, one row per
student with their guardians).

Three steps, so that the rules can be tested without a database and nothing
is written unless every row is good:

1. `read_sheet` turns the upload into header + raw rows (file problems only);
2. `parse_rows` turns raw cells into typed rows (pure: no database);
3. `check_places` resolves districts, schools and scope (database reads);
4. `apply_rows` writes, in one transaction, only what differs.

`import_roster` runs them and returns an `ImportResult`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import IO

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .apply import ImportCounts, apply_rows, check_places
from .sheet import (
    MAX_ROWS,
    RowError,
    SheetError,
    StudentRow,
    _blank,
    check_header,
    find_duplicates,
    parse_birth_date,
    parse_class_number,
    parse_grade,
    parse_rows,
    read_sheet,
    template_header,
    template_workbook,
)

__all__ = [
    "MAX_ROWS",
    "ImportCounts",
    "ImportResult",
    "RowError",
    "StudentRow",
    "import_roster",
    "parse_birth_date",
    "parse_class_number",
    "parse_grade",
    "template_header",
    "template_workbook",
]


@dataclass
class ImportResult:
    errors: list[RowError] = field(default_factory=list)
    counts: ImportCounts | None = None
    rows: int = 0
    saved: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


# The whole import ------------------------------------------------------------


def import_roster(*, by, upload: IO[bytes], dry_run: bool = False) -> ImportResult:
    """Check the whole sheet, and save it only if every row is good (and
    `dry_run` is false). Students missing from the sheet are left alone."""
    result = ImportResult()
    try:
        sheet = read_sheet(upload)
        header = next(sheet, None)
        if header is None:
            raise SheetError(_("The sheet is empty; fill in the bureau's template."))
        guardians = check_header(header[1])
        raw_rows = []
        for number, values in sheet:
            if all(_blank(value) for value in values):
                continue
            if len(raw_rows) >= MAX_ROWS:
                raise SheetError(
                    _(
                        "The sheet has more than %(max)s students; split it into files of "
                        "at most %(max)s rows (for example one per school or grade)."
                    )
                    % {"max": f"{MAX_ROWS:,}"}
                )
            raw_rows.append((number, values))
    except SheetError as exc:
        result.errors.append(exc.error)
        return result
    if not raw_rows:
        result.errors.append(
            RowError(None, "", _("The sheet has a header but no students below it."))
        )
        return result
    rows, errors = parse_rows(raw_rows, guardians=guardians, today=timezone.localdate())
    result.rows = len(rows) + len({error.row for error in errors})
    errors += find_duplicates(rows)
    errors += check_places(rows, by=by)
    if errors:
        result.errors = sorted(errors, key=lambda error: error.row or 0)
        return result
    if dry_run:
        with transaction.atomic():
            result.counts = apply_rows(rows)
            transaction.set_rollback(True)
        return result
    try:
        result.counts = apply_rows(rows)
    except IntegrityError:
        result.errors.append(
            RowError(
                None,
                "",
                _("The roster was changed by someone else at the same moment; import again."),
            )
        )
        return result
    result.saved = True
    return result
