"""Bad files and bad rows given to the bureau's roster import, on the page
and through the API: a Chinese message, and nothing imported unless every
row is good (DESIGN.md, "The bureau's roster template")."""

import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from portal.tests.helpers import log_in
from schools.forms.roster import MAX_UPLOAD_BYTES
from schools.services.roster_import import MAX_ROWS, template_header
from schools.services.roster_import.sheet import MAX_UNPACKED_BYTES

from .kit import CJK, ESCAPED_SCRIPT, RARE_NAME, SCRIPT, assert_escaped, counts

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).resolve().parents[3] / "shared" / "data" / "roster-sample.xlsx"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
WRITES = (
    "schools.Student",
    "schools.Guardian",
    "schools.Guardianship",
    "schools.SchoolClass",
    "portal.AuditEntry",
)
HEADER = template_header()
GOOD = ["青秀区", "青秀区第一小学", "三年级", "1班", "Q001", "张小明", "男", "2016-03-14"]
GUARDIAN = ["张建国", "父亲", "13800001234", "是", None, None, None, None]


def workbook(*rows, header=HEADER) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("学生名册")
    if header is not None:
        sheet.append(header)
    for values in rows:
        sheet.append(values)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def good_row(number: int, **changes) -> list:
    row = dict(zip(HEADER, GOOD + GUARDIAN, strict=True))
    row["学号"] = f"Q{number:05d}"
    row.update(changes)
    return list(row.values())


def csv_as(encoding: str) -> bytes:
    lines = [",".join(HEADER), ",".join(GOOD + GUARDIAN[:4])]
    return "\r\n".join(lines).encode(encoding, errors="replace")


def oversized_zip() -> bytes:
    """A valid workbook plus a member that unpacks past the import's limit
    (zeros compress to almost nothing, so the upload itself is small)."""
    buffer = io.BytesIO(workbook(good_row(1)))
    with (
        zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_DEFLATED) as archive,
        archive.open("xl/media/padding.bin", "w", force_zip64=True) as member,
    ):
        chunk = bytes(16 * 1024 * 1024)
        for _ in range(MAX_UNPACKED_BYTES // len(chunk) + 1):
            member.write(chunk)
    return buffer.getvalue()


# The real limit is 20,000 rows; writing and reading that many takes half a
# minute, so the cases run with a small one through the same check.
ROW_LIMIT = 40


@pytest.fixture(autouse=True)
def small_row_limit(monkeypatch):
    assert MAX_ROWS == 20_000
    monkeypatch.setattr("schools.services.roster_import.MAX_ROWS", ROW_LIMIT)


def too_many_rows() -> bytes:
    return workbook(*(good_row(n) for n in range(ROW_LIMIT + 1)))


BAD_FILES = {
    "text renamed .xlsx": lambda: ("roster.xlsx", "这不是表格\n".encode()),
    "truncated zip": lambda: ("roster.xlsx", SAMPLE.read_bytes()[: SAMPLE.stat().st_size // 2]),
    "zip without a workbook": lambda: ("roster.xlsx", _plain_zip()),
    "GBK CSV renamed .xlsx": lambda: ("roster.xlsx", csv_as("gbk")),
    "Latin-1 CSV renamed .xlsx": lambda: ("roster.xlsx", csv_as("latin-1")),
    "GBK CSV": lambda: ("roster.csv", csv_as("gbk")),
    "old .xls name": lambda: ("roster.xls", SAMPLE.read_bytes()),
    "empty file": lambda: ("roster.xlsx", b""),
    "empty workbook": lambda: ("roster.xlsx", workbook(header=None)),
    "header only": lambda: ("roster.xlsx", workbook()),
    "wrong header": lambda: ("roster.xlsx", workbook(GOOD, header=["姓名", "班级", "学号"])),
    "English header": lambda: ("roster.xlsx", workbook(GOOD, header=["District", *HEADER[1:]])),
    "more bytes than allowed": lambda: ("roster.xlsx", bytes(MAX_UPLOAD_BYTES + 1)),
    "unpacks too large": lambda: ("roster.xlsx", oversized_zip()),
    "more rows than allowed": lambda: ("roster.xlsx", too_many_rows()),
}

BAD_ROWS = {
    "year 1 birth date": {"出生日期": "0001-01-01"},
    "year 9999 birth date": {"出生日期": "9999-12-31"},
    "31 February": {"出生日期": "2016-02-31"},
    "overlong name": {"姓名": "长" * 51},
    "overlong guardian name": {"监护人1姓名": "长" * 51},
    "overlong student number": {"学号": "9" * 33},
    "unknown relation": {"监护人1关系": "<script>"},
}


def _plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "not a workbook")
    return buffer.getvalue()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=XLSX)


def post_page(client, name, content):
    return client.post(reverse("schools:roster-import"), {"file": upload(name, content)})


def post_api(client, name, content):
    return client.post(reverse("api:roster-import"), {"file": upload(name, content)})


def assert_chinese_page(response) -> None:
    assert response.status_code == 200
    page = response.content.decode()
    assert "roster is saved" not in page and "名册已保存" not in page
    shown = page.split('class="errorlist', 1)[-1] if 'class="errorlist' in page else page
    assert CJK.search(shown)
    assert "Ensure this value" not in page and "not an Excel workbook" not in page


def api_messages(response) -> list[str]:
    body = response.json()
    if "errors" in body and isinstance(body["errors"], list):
        return [error["message"] for error in body["errors"]]
    return [str(message) for messages in body.values() for message in messages]


@pytest.fixture
def leader(client, city, people):
    return log_in(client, people.school_leader)


@pytest.mark.parametrize("kind", BAD_FILES)
def test_a_bad_file_is_refused_in_chinese_on_the_page(leader, kind):
    before = counts(WRITES)
    response = post_page(leader, *BAD_FILES[kind]())
    assert_chinese_page(response)
    assert counts(WRITES) == before


@pytest.mark.parametrize("kind", BAD_FILES)
def test_a_bad_file_is_refused_in_chinese_by_the_api(leader, kind):
    before = counts(WRITES)
    response = post_api(leader, *BAD_FILES[kind]())
    assert response.status_code == 400
    messages = api_messages(response)
    assert messages and all(CJK.search(message) for message in messages), messages
    assert counts(WRITES) == before


@pytest.mark.parametrize("kind", BAD_ROWS)
def test_one_bad_row_among_good_ones_imports_nothing(leader, kind):
    rows = [good_row(1), good_row(2, **BAD_ROWS[kind]), good_row(3)]
    before = counts(WRITES)
    response = post_page(leader, "roster.xlsx", workbook(*rows))
    assert_chinese_page(response)
    assert "第 3 行" in response.content.decode() or ">3<" in response.content.decode()
    assert counts(WRITES) == before


def test_as_many_rows_as_allowed_are_imported(leader):
    """The control for the row limit: one row fewer goes through."""
    before = counts(WRITES)
    response = post_api(leader, "roster.xlsx", workbook(*(good_row(n) for n in range(ROW_LIMIT))))
    assert response.status_code == 200, response.json()
    assert counts(WRITES)["schools.Student"] == before["schools.Student"] + ROW_LIMIT


def test_the_good_rows_alone_are_imported(leader):
    """The control for the case above: without the bad row the same sheet is saved."""
    before = counts(WRITES)
    response = post_page(leader, "roster.xlsx", workbook(good_row(1), good_row(3)))
    assert response.status_code == 200
    after = counts(WRITES)
    assert after["schools.Student"] == before["schools.Student"] + 2


def test_the_bureau_sample_is_accepted(leader):
    """The control for the file cases: the real template goes through."""
    response = post_api(leader, "roster.xlsx", SAMPLE.read_bytes())
    assert response.status_code in (200, 400)
    assert "not an Excel" not in response.content.decode()
    if response.status_code == 400:
        assert all(error["row"] for error in response.json()["errors"])


def test_rare_characters_in_names_are_kept_exactly(leader, people):
    name, guardian = f"李{RARE_NAME}", f"张{RARE_NAME}"
    rows = [good_row(1, **{"姓名": name, "监护人1姓名": guardian})]
    post_page(leader, "roster.xlsx", workbook(*rows))
    log_in(leader, people.head_teacher)
    page = leader.get(reverse("schools:my-students")).content.decode()
    assert name in page


def test_a_script_tag_in_a_name_is_shown_escaped(leader, people):
    post_page(leader, "roster.xlsx", workbook(good_row(1, **{"姓名": SCRIPT})))
    log_in(leader, people.head_teacher)
    page = leader.get(reverse("schools:my-students")).content.decode()
    assert_escaped(page)
    assert ESCAPED_SCRIPT in page
