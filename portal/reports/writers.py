"""The report's two files, written row by row to temporary files so memory
stays flat however many schools a city has."""

from __future__ import annotations

import csv
from pathlib import Path

from openpyxl import Workbook

from portal.reports.tables import HEADERS

SHEET_HEADER = "工作表"


# Excel holds 1,048,576 rows a sheet; a longer sheet goes on in a second one.
SHEET_ROWS = 1_048_575
# OWASP's list of how a cell that a spreadsheet runs as a formula begins:
# a school or guardian named "=HYPERLINK(...)" must reach Excel as text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class ReportFiles:
    def __init__(self, folder: Path, headers: list[str] = HEADERS):
        self.headers = headers
        self.xlsx_path = folder / "report.xlsx"
        self.csv_path = folder / "report.csv"
        self.workbook = Workbook(write_only=True)
        # utf-8-sig writes the BOM Excel needs to read the CSV as UTF-8.
        self._csv_file = open(self.csv_path, "w", encoding="utf-8-sig", newline="")  # noqa: SIM115
        self._csv = csv.writer(self._csv_file)
        self._csv.writerow([SHEET_HEADER, *headers])
        self._sheet = None
        self._sheet_name = ""
        self._sheet_rows = 0
        self._continued = 0
        self.rows = 0

    def add_sheet(self, name: str, *, title: str | None = None) -> None:
        self._sheet = self.workbook.create_sheet(title=title or name)
        self._sheet.freeze_panes = "A2"
        self._sheet.append(self.headers)
        self._sheet_name = name
        self._sheet_rows = 0

    def write_row(self, values: list) -> None:
        if self._sheet_rows == SHEET_ROWS:
            self._continued += 1
            self.add_sheet(
                self._sheet_name, title=f"{self._sheet_name[:25]} ({self._continued + 1})"
            )
        self._sheet_rows += 1
        self._sheet.append([_plain(value) for value in values])
        # Excel opens the CSV the same way: its text cells need the same care.
        self._csv.writerow(
            [_plain(self._sheet_name), *("" if v is None else _plain(v) for v in values)]
        )
        self.rows += 1

    def close(self) -> None:
        self._csv_file.close()
        self.workbook.save(self.xlsx_path)

    def discard(self) -> None:
        self._csv_file.close()


def _plain(value):
    """Text that Excel would read as a formula is kept as text; numbers,
    negative ones too, stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
