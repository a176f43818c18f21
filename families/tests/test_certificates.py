"""Completion certificates: a PDF in Chinese for the holder alone, and a
public check by number that shows the name masked."""

import shutil
import subprocess

import pytest
from django.urls import reverse

from families import certificates
from families.selectors.attendance import mask_name
from families.tests.factories_attendance import (
    CompletionFactory,
    CourseFactory,
    SchoolParentSchoolFactory,
)
from portal.tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def completion(city):
    school = SchoolParentSchoolFactory(school=city.school, name="青秀区第一小学家长学校")
    course = CourseFactory(parent_school=school, title="科学育儿十讲")
    return CompletionFactory(
        course=course,
        user=UserFactory(username="wang", name="王小华"),
        certificate_number="TX2026-000123",
    )


def pdf_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "certificate.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_the_certificate_is_a_one_page_a4_landscape_pdf_in_chinese(completion, tmp_path):
    pdf = certificates.render_certificate_pdf(completion)

    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf, tmp_path)
    for expected in ("TX2026-000123", "王小华", "科学育儿十讲", "青秀区第一小学家长学校"):
        assert expected in text
    assert "/family/attendance/certificates/verify/?number=TX2026-000123" in text
    info = subprocess.run(
        ["pdfinfo", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    assert "Pages:           1" in info
    assert "841.89 x 595.276 pts (A4)" in info  # landscape: wider than tall


def test_the_certificate_is_rendered_in_chinese_whatever_the_request_language(completion):
    html = certificates.render_certificate_html(completion)
    assert 'lang="zh-hans"' in html
    assert "2026年" in html or "年" in html  # the date in Chinese form


def test_the_holder_downloads_their_certificate(client, completion):
    client.force_login(completion.user)
    response = client.get(reverse("families:certificate", args=[completion.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "certificate-TX2026-000123.pdf" in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF")


def test_someone_elses_certificate_is_a_404(client, completion, people):
    for person in (people.stranger, people.parent):
        client.force_login(person)
        response = client.get(reverse("families:certificate", args=[completion.pk]))
        assert response.status_code == 404


def test_anonymous_visitors_are_sent_to_log_in_for_a_certificate(client, completion):
    response = client.get(reverse("families:certificate", args=[completion.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_anyone_can_verify_a_certificate_and_sees_the_name_masked(client, completion):
    response = client.get(reverse("families:verify-certificate"), {"number": "tx2026-000123 "})
    page = response.content.decode()
    assert response.status_code == 200
    assert "This certificate is genuine." in page
    assert "王*华" in page and "王小华" not in page
    assert "科学育儿十讲" in page and "青秀区第一小学家长学校" in page


def test_an_unknown_number_says_no_such_certificate(client, completion):
    page = client.get(
        reverse("families:verify-certificate"), {"number": "TX2026-999999"}
    ).content.decode()
    assert "No such certificate." in page and "王*华" not in page


def test_the_verify_page_starts_empty(client):
    page = client.get(reverse("families:verify-certificate")).content.decode()
    assert "Verify a certificate" in page and "No such certificate" not in page


def test_api_verifies_a_certificate_publicly(client, completion):
    found = client.get(reverse("api:certificate-verify", args=["TX2026-000123"]))
    missing = client.get(reverse("api:certificate-verify", args=["TX2026-000999"]))
    assert found.status_code == 200
    assert found.json()["name"] == "王*华"
    assert found.json()["course_title"] == "科学育儿十讲"
    assert missing.status_code == 404


@pytest.mark.parametrize(
    ("name", "masked"),
    [("王小华", "王*华"), ("欧阳小明", "欧**明"), ("王华", "王*"), ("王", "王"), ("", "")],
)
def test_names_are_masked_keeping_the_first_and_last_character(name, masked):
    assert mask_name(name) == masked


# --- Back office ----------------------------------------------------------


def log_in_staff(client, person):
    client.force_login(person)
    session = client.session
    session["tongxin_two_factor_ok"] = True
    session.save()


def test_school_leader_sees_completions_of_their_school_read_only_with_the_pdf(
    client, completion, people
):
    log_in_staff(client, people.school_leader)
    page = client.get(reverse("admin:families_completion_changelist")).content.decode()
    assert "TX2026-000123" in page
    pdf_url = reverse("admin:families_completion_certificate", args=[completion.pk])
    assert pdf_url in page
    assert client.get(pdf_url).content.startswith(b"%PDF")
    assert client.get(reverse("admin:families_completion_add")).status_code == 403


def test_officer_of_another_district_cannot_see_the_completion(client, completion, people):
    log_in_staff(client, people.other_district_officer)
    page = client.get(reverse("admin:families_completion_changelist")).content.decode()
    assert "TX2026-000123" not in page
    pdf_url = reverse("admin:families_completion_certificate", args=[completion.pk])
    assert client.get(pdf_url).status_code == 404


def test_replay_views_are_listed_read_only(client, completion, people):
    from families.models import ReplayView
    from families.tests.factories_attendance import LectureFactory

    lecture = LectureFactory(
        parent_school=completion.course.parent_school, title="亲子沟通", online=True
    )
    ReplayView.objects.create(lecture=lecture, user=people.parent)
    log_in_staff(client, people.school_leader)
    page = client.get(reverse("admin:families_replayview_changelist")).content.decode()
    assert "亲子沟通" in page
