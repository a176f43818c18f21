"""The documented backup and restore (scripts/backup.sh, scripts/restore.sh)
round-trips the portal's database: every table holds the same number of
rows afterwards, and the children's records read back the same."""

import subprocess
import uuid
from pathlib import Path

import pytest
from django.db import connection

from schools.models import Guardianship, Student
from schools.tests.factories import GuardianshipFactory

pytestmark = pytest.mark.django_db(transaction=True)  # pg_dump reads committed rows only
ROOT = Path(__file__).resolve().parents[2]


def _url(name: str) -> str:
    settings = connection.settings_dict
    host, port = settings["HOST"] or "127.0.0.1", settings["PORT"] or 5432
    return f"postgres://{settings['USER']}@{host}:{port}/{name}"


def _row_counts(url: str) -> dict[str, int]:
    tables = _psql(url, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'").split()
    union = " UNION ALL ".join(f"SELECT '{t}', count(*) FROM \"{t}\"" for t in sorted(tables))
    return {
        table: int(count)
        for table, count in (line.split("|") for line in _psql(url, union).splitlines())
    }


def _psql(url: str, sql: str) -> str:
    return subprocess.run(
        ["psql", url, "-qAt", "-c", sql], capture_output=True, text=True, check=True
    ).stdout.strip()


@pytest.fixture
def restored_database():
    name = f"tongxin_restore_{uuid.uuid4().hex[:8]}"
    server = _url("postgres")
    _psql(server, f"CREATE DATABASE {name}")
    yield _url(name)
    _psql(server, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def test_a_backup_restores_every_row_of_every_table(city, people, restored_database, tmp_path):
    GuardianshipFactory(student=city.student_1, guardian__name="李父")
    source = _url(connection.settings_dict["NAME"])
    backup = tmp_path / "tongxin.dump"

    subprocess.run([ROOT / "scripts" / "backup.sh", source, backup], check=True)
    subprocess.run([ROOT / "scripts" / "restore.sh", backup, restored_database], check=True)

    before, after = _row_counts(source), _row_counts(restored_database)
    assert after == before
    assert before["schools_student"] == Student.objects.count() == 3
    assert before["schools_guardianship"] == Guardianship.objects.count() == 1
    names = _psql(
        restored_database, "SELECT string_agg(name, ',' ORDER BY name) FROM schools_student"
    )
    assert names == ",".join(sorted(Student.objects.values_list("name", flat=True)))


def test_restoring_over_a_database_that_holds_the_portal_is_refused(tmp_path):
    source = _url(connection.settings_dict["NAME"])
    backup = tmp_path / "tongxin.dump"
    subprocess.run([ROOT / "scripts" / "backup.sh", source, backup], check=True)

    refused = subprocess.run(
        [ROOT / "scripts" / "restore.sh", backup, source], capture_output=True, text=True
    )

    assert refused.returncode == 1
    assert "refusing to restore" in refused.stderr
