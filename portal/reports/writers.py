"""The report's two files, written row by row to temporary files so memory
stays flat however many schools a city has."""

from __future__ import annotations

import csv
from pathlib import Path

from openpyxl import Workbook

from portal.reports.tables import HEADERS

SHEET_HEADER = "工作表"


class ReportFiles:
    def __init__(self, folder: Path):
        self.xlsx_path = folder / "report.xlsx"
        self.csv_path = folder / "report.csv"
        self.workbook = Workbook(write_only=True)
        # utf-8-sig writes the BOM Excel needs to read the CSV as UTF-8.
        self._csv_file = open(self.csv_path, "w", encoding="utf-8-sig", newline="")  # noqa: SIM115
        self._csv = csv.writer(self._csv_file)
        self._csv.writerow([SHEET_HEADER, *HEADERS])
        self._sheet = None
        self._sheet_name = ""
        self.rows = 0

    def add_sheet(self, name: str) -> None:
        self._sheet = self.workbook.create_sheet(title=name)
        self._sheet.freeze_panes = "A2"
        self._sheet.append(HEADERS)
        self._sheet_name = name

    def write_row(self, values: list) -> None:
        self._sheet.append([_plain(value) for value in values])
        self._csv.writerow([self._sheet_name, *("" if v is None else v for v in values)])
        self.rows += 1

    def close(self) -> None:
        self._csv_file.close()
        self.workbook.save(self.xlsx_path)

    def discard(self) -> None:
        self._csv_file.close()


def _plain(value):
    """Text that Excel would read as a formula is kept as text."""
    if isinstance(value, str) and value.startswith(("=", "+", "-", "@")):
        return "'" + value
    return value
