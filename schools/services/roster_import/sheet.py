"""Reading and parsing the bureau's roster template: no database here, so
every rule about a cell is tested without one."""

from __future__ import annotations

import datetime
import re
import zipfile
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.datetime import from_excel

from portal.phones import normalize_mobile
from schools.models import Gender, Grade, Relation

BASE_COLUMNS = ("区县", "学校", "年级", "班级", "学号", "姓名", "性别", "出生日期")
GUARDIAN_COLUMNS = ("姓名", "关系", "手机", "是否同住")
TEMPLATE_GUARDIANS = 2
MAX_ROWS = 20_000
MAX_GUARDIANS = 6
# A 5 MB upload may unpack to far more; the sheet and its shared strings are
# read into memory, so a workbook that unpacks beyond this is refused unread.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024

RELATIONS = {
    "父亲": Relation.FATHER,
    "爸爸": Relation.FATHER,
    "母亲": Relation.MOTHER,
    "妈妈": Relation.MOTHER,
    "祖父": Relation.GRANDFATHER,
    "爷爷": Relation.GRANDFATHER,
    "祖母": Relation.GRANDMOTHER,
    "奶奶": Relation.GRANDMOTHER,
    "外祖父": Relation.MATERNAL_GRANDFATHER,
    "外公": Relation.MATERNAL_GRANDFATHER,
    "姥爷": Relation.MATERNAL_GRANDFATHER,
    "外祖母": Relation.MATERNAL_GRANDMOTHER,
    "外婆": Relation.MATERNAL_GRANDMOTHER,
    "姥姥": Relation.MATERNAL_GRANDMOTHER,
    "其他": Relation.OTHER,
    "其它": Relation.OTHER,
}
GENDERS = {"男": Gender.MALE, "女": Gender.FEMALE}
YES_NO = {"是": True, "否": False}

_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_DIGITS.update({str(n): n for n in range(1, 10)})
GRADES = {"小班": Grade.NURSERY_SMALL, "中班": Grade.NURSERY_MIDDLE, "大班": Grade.NURSERY_LARGE}
for _written, _value in _DIGITS.items():
    GRADES[f"{_written}年级"] = Grade(_value)
    if _value <= 3:
        GRADES[f"初{_written}"] = Grade(_value + 6)
        GRADES[f"高{_written}"] = Grade(_value + 9)
GRADES.update({"十年级": Grade.GRADE_10, "十一年级": Grade.GRADE_11, "十二年级": Grade.GRADE_12})
GRADES.update({"10年级": Grade.GRADE_10, "11年级": Grade.GRADE_11, "12年级": Grade.GRADE_12})

_CLASS_PATTERN = re.compile(r"^[(（]?\s*(\d{1,3})\s*[)）]?\s*班?$")
_DATE_PATTERN = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_EXCEL_ERRORS = {"#N/A", "#REF!", "#VALUE!", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!"}
_EARLIEST_BIRTH = datetime.date(1980, 1, 1)


@dataclass(frozen=True)
class RowError:
    row: int | None
    column: str
    message: str


@dataclass(frozen=True)
class GuardianRow:
    name: str
    phone: str
    relation: str
    lives_with_child: bool
    position: int


@dataclass
class StudentRow:
    row: int
    district: str
    school: str
    grade: int
    class_number: int
    student_number: str
    name: str
    gender: str
    birth_date: datetime.date
    guardians: list[GuardianRow] = field(default_factory=list)
    school_id: int | None = None
    district_id: int | None = None


class SheetError(Exception):
    """The file itself cannot be read as the template (not a row's fault)."""

    def __init__(self, message: str, row: int | None = None, column: str = ""):
        super().__init__(message)
        self.error = RowError(row=row, column=column, message=message)


# 1. Reading the file ---------------------------------------------------------


def read_sheet(upload: IO[bytes]) -> Iterator[tuple[int, tuple]]:
    """Yield (row number, cell values) of the template's one sheet, header
    first. Raises SheetError for a file that is not a readable workbook."""
    try:
        with zipfile.ZipFile(upload) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise SheetError(_not_a_workbook()) from exc
    if unpacked > MAX_UNPACKED_BYTES:
        raise SheetError(_("The workbook is too large to read; split it into several files."))
    upload.seek(0)
    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise SheetError(_not_a_workbook()) from exc
    try:
        sheets = workbook.worksheets
        if not sheets:
            raise SheetError(_("The workbook has no sheet."))
        with_data = [sheet for sheet in sheets if _has_data(sheet)]
        if len(with_data) > 1:
            raise SheetError(
                _(
                    "The workbook has %(count)d sheets with data; the template has one. "
                    "Put every student on one sheet."
                )
                % {"count": len(with_data)}
            )
        sheet = with_data[0] if with_data else sheets[0]
        try:
            yield from enumerate(sheet.iter_rows(values_only=True), start=1)
        except SheetError:
            raise
        except Exception as exc:
            raise SheetError(_not_a_workbook()) from exc
    finally:
        workbook.close()


def _has_data(sheet) -> bool:
    for values in sheet.iter_rows(values_only=True, max_row=50):
        if any(_blank(value) is False for value in values):
            return True
    return False


def _not_a_workbook() -> str:
    return _(
        "The file is not an Excel workbook (.xlsx). Save it in Excel as "
        "“Excel Workbook (*.xlsx)” from the bureau's template and upload it again."
    )


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# 2. Parsing rows (no database) ----------------------------------------------


def template_header(guardians: int = TEMPLATE_GUARDIANS) -> list[str]:
    header = list(BASE_COLUMNS)
    for k in range(1, guardians + 1):
        header += [f"监护人{k}{column}" for column in GUARDIAN_COLUMNS]
    return header


def check_header(values: Iterable[Any]) -> int:
    """Return the number of guardian groups the header carries, or raise
    SheetError naming what differs from the template."""
    cells = [_header_text(value) for value in values]
    while cells and not cells[-1]:
        cells.pop()
    if not cells:
        raise SheetError(
            _("Row 1 is empty; it must be the template's header row: %(header)s")
            % {"header": " ".join(template_header())},
            row=1,
        )
    extra = len(cells) - len(BASE_COLUMNS)
    guardians = max(0, -(-extra // len(GUARDIAN_COLUMNS)))
    if guardians > MAX_GUARDIANS:
        raise SheetError(
            _("The header has more columns than %(count)d guardians need.")
            % {"count": MAX_GUARDIANS},
            row=1,
        )
    expected = template_header(guardians)
    problems = []
    for index, wanted in enumerate(expected):
        found = cells[index] if index < len(cells) else ""
        if found != wanted:
            problems.append(
                _("column %(letter)s should be “%(wanted)s” but is “%(found)s”")
                % {"letter": _letter(index), "wanted": wanted, "found": found}
            )
    if problems:
        raise SheetError(
            _("The header row does not match the bureau's template: %(problems)s.")
            % {"problems": "; ".join(problems[:5])},
            row=1,
        )
    return guardians


def _header_text(value: Any) -> str:
    return re.sub(r"\s+", "", str(value)) if value is not None else ""


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


class _CellError(Exception):
    pass


def _text(value: Any, *, max_length: int) -> str:
    if value is None:
        return ""
    if isinstance(value, bool | datetime.date | datetime.time | datetime.timedelta):
        raise _CellError(_("expected text, found %(value)s") % {"value": value})
    if isinstance(value, float):
        if not value.is_integer():
            raise _CellError(_("expected text, found the number %(value)s") % {"value": value})
        value = int(value)
    text = str(value).strip()
    if text in _EXCEL_ERRORS:
        raise _CellError(_("the cell holds the Excel error %(value)s") % {"value": text})
    if len(text) > max_length:
        raise _CellError(
            _("longer than %(max)d characters") % {"max": max_length},
        )
    return text


def parse_grade(value: Any) -> int:
    if isinstance(value, int | float) and not isinstance(value, bool) and float(value).is_integer():
        value = f"{int(value)}年级"
    text = re.sub(r"\s+", "", _text(value, max_length=10))
    if text in GRADES:
        return int(GRADES[text])
    raise _CellError(
        _("“%(value)s” is not a grade; write it like 三年级, 3年级, 初一, 七年级, 高一 or 小班")
        % {"value": text}
    )


def parse_class_number(value: Any) -> int:
    text = _text(value, max_length=10)
    match = _CLASS_PATTERN.match(text)
    if match and 0 < int(match.group(1)) <= 100:
        return int(match.group(1))
    raise _CellError(
        _("“%(value)s” is not a class; write it like 2班, (2)班 or 2") % {"value": text}
    )


def parse_birth_date(value: Any, *, today: datetime.date) -> datetime.date:
    if isinstance(value, datetime.datetime):
        day = value.date()
    elif isinstance(value, datetime.date):
        day = value
    elif isinstance(value, int | float) and not isinstance(value, bool):
        day = _date_from_number(value)
    else:
        text = _text(value, max_length=20)
        match = _DATE_PATTERN.match(text)
        if text.isdigit() and len(text) == 8:
            match = re.match(r"^(\d{4})(\d{2})(\d{2})$", text)
        if not match:
            raise _CellError(
                _("“%(value)s” is not a date; write it like 2016-03-14") % {"value": text}
            )
        try:
            day = datetime.date(*(int(part) for part in match.groups()))
        except ValueError as exc:
            raise _CellError(_("“%(value)s” is not a real date") % {"value": text}) from exc
    if day > today:
        raise _CellError(_("%(date)s is in the future") % {"date": day.isoformat()})
    if day < _EARLIEST_BIRTH:
        raise _CellError(
            _("%(date)s is too early for a student's birth date") % {"date": day.isoformat()}
        )
    return day


def _date_from_number(value: float) -> datetime.date:
    if float(value).is_integer() and 19_000_101 <= value <= 21_001_231:
        text = str(int(value))
        try:
            return datetime.date(int(text[:4]), int(text[4:6]), int(text[6:]))
        except ValueError as exc:
            raise _CellError(_("“%(value)s” is not a real date") % {"value": text}) from exc
    try:
        converted = from_excel(value)
    except (ValueError, OverflowError, TypeError) as exc:
        raise _CellError(_("“%(value)s” is not a date") % {"value": value}) from exc
    if isinstance(converted, datetime.datetime):
        return converted.date()
    if isinstance(converted, datetime.date):
        return converted
    raise _CellError(_("“%(value)s” is not a date") % {"value": value})


def parse_phone(value: Any) -> str:
    text = _text(value, max_length=20)
    phone = normalize_mobile(text)
    if not phone:
        raise _CellError(
            _("“%(value)s” is not an 11-digit mainland mobile number") % {"value": text}
        )
    return phone


def _choice(value: Any, choices: dict, allowed: str) -> Any:
    text = _text(value, max_length=10)
    if text in choices:
        return choices[text]
    raise _CellError(
        _("“%(value)s” is not one of %(allowed)s") % {"value": text, "allowed": allowed}
    )


RELATION_NAMES = "父亲, 母亲, 祖父, 祖母, 外祖父, 外祖母, 其他"


class _RowReader:
    """Reads one row's cells, collecting every error instead of stopping."""

    def __init__(self, number: int, cells: list, header: list[str]):
        self.number = number
        self.cells = cells
        self.header = header
        self.errors: list[RowError] = []

    def error(self, column: str, message: str) -> None:
        self.errors.append(RowError(self.number, column, message))

    def read(self, index: int, parse) -> Any:
        value = self.cells[index]
        if _blank(value):
            self.error(self.header[index], _("missing"))
            return None
        try:
            return parse(value)
        except _CellError as exc:
            self.error(self.header[index], str(exc))
            return None


def _text_of(max_length: int):
    return lambda value: _text(value, max_length=max_length)


def parse_row(
    number: int, values: tuple, *, guardians: int, today: datetime.date
) -> tuple[StudentRow | None, list[RowError]]:
    header = template_header(guardians)
    cells = list(values[: len(header)]) + [None] * (len(header) - len(values[: len(header)]))
    reader = _RowReader(number, cells, header)
    fields = {
        "district": reader.read(0, _text_of(50)),
        "school": reader.read(1, _text_of(100)),
        "grade": reader.read(2, parse_grade),
        "class_number": reader.read(3, parse_class_number),
        "student_number": reader.read(4, _text_of(32)),
        "name": reader.read(5, _text_of(50)),
        "gender": reader.read(6, lambda v: str(_choice(v, GENDERS, "男, 女"))),
        "birth_date": reader.read(7, lambda v: parse_birth_date(v, today=today)),
    }
    people = []
    for k in range(1, guardians + 1):
        start = len(BASE_COLUMNS) + (k - 1) * len(GUARDIAN_COLUMNS)
        group = cells[start : start + len(GUARDIAN_COLUMNS)]
        if all(_blank(value) for value in group):
            continue
        if any(_blank(value) for value in group):
            missing = [header[start + i] for i, value in enumerate(group) if _blank(value)]
            reader.error(
                "、".join(missing),
                _(
                    "guardian %(k)d is only partly filled in: give name, relation, mobile "
                    "number and 是/否 for living with the child, or leave all four empty"
                )
                % {"k": k},
            )
            continue
        person = (
            reader.read(start, _text_of(50)),
            reader.read(start + 1, lambda v: str(_choice(v, RELATIONS, RELATION_NAMES))),
            reader.read(start + 2, parse_phone),
            reader.read(start + 3, lambda v: _choice(v, YES_NO, "是, 否")),
        )
        if None not in person:
            name, relation, phone, lives_with = person
            people.append(GuardianRow(name, phone, relation, lives_with, position=k))
    twice = Counter((person.name, person.phone) for person in people)
    for (name, _phone), times in twice.items():
        if times > 1:
            reader.error(
                _("guardians"),
                _("%(name)s is listed twice with the same mobile number") % {"name": name},
            )
    if reader.errors:
        return None, reader.errors
    return StudentRow(row=number, guardians=people, **fields), []


def parse_rows(
    rows: Iterable[tuple[int, tuple]], *, guardians: int, today: datetime.date
) -> tuple[list[StudentRow], list[RowError]]:
    """Typed rows and every error found in them; empty rows are skipped."""
    parsed: list[StudentRow] = []
    errors: list[RowError] = []
    for number, values in rows:
        if all(_blank(value) for value in values):
            continue
        row, row_errors = parse_row(number, values, guardians=guardians, today=today)
        if row is not None:
            parsed.append(row)
        errors.extend(row_errors)
    return parsed, errors


def find_duplicates(rows: list[StudentRow]) -> list[RowError]:
    first_row: dict[tuple[str, str], int] = {}
    errors = []
    for row in rows:
        key = (row.school, row.student_number)
        if key in first_row:
            errors.append(
                RowError(
                    row.row,
                    "学号",
                    _("student number %(number)s of %(school)s is already on row %(first)d")
                    % {"number": row.student_number, "school": row.school, "first": first_row[key]},
                )
            )
        else:
            first_row[key] = row.row
    return errors


def template_workbook() -> bytes:
    """The header-only template, with the allowed values offered as
    drop-downs and the number columns kept as text (Excel would otherwise
    turn 13800001234 into 1.38E+10 and drop a student number's leading 0)."""
    from io import BytesIO

    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "学生名册"
    header = template_header()
    sheet.append(header)
    sheet.freeze_panes = "A2"
    last = MAX_ROWS + 1
    for index, title in enumerate(header):
        letter = _letter(index)
        sheet.column_dimensions[letter].width = max(10, len(title) * 2 + 2)
        sheet.cell(row=1, column=index + 1).font = Font(bold=True)
        if title.endswith(("学号", "手机", "出生日期")):
            for row in range(2, 202):
                sheet.cell(row=row, column=index + 1).number_format = "@"
    choices = {"性别": "男,女", "关系": ",".join(RELATION_NAMES.split(", ")), "是否同住": "是,否"}
    for ending, allowed in choices.items():
        validation = DataValidation(type="list", formula1=f'"{allowed}"', allow_blank=True)
        sheet.add_data_validation(validation)
        for index, title in enumerate(header):
            if title.endswith(ending):
                letter = _letter(index)
                validation.add(f"{letter}2:{letter}{last}")
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
