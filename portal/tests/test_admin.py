import pytest
from django.core import mail
from django.urls import reverse

from portal.models import Role, RoleAssignment, User
from portal.tests.helpers import log_in
from schools.models import Student

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def visible_models(client):
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    return {model["object_name"] for app in response.context["app_list"] for model in app["models"]}


def test_admin_login_goes_through_the_portal_login(client):
    response = client.get(reverse("admin:login"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_parent_is_told_the_back_office_is_for_staff(client, people):
    client.force_login(people.parent)
    response = client.get(reverse("admin:index"), follow=True)
    assert response.status_code == 403
    assert "back office is for bureau and school staff" in response.content.decode()


def test_head_teacher_sees_only_the_pages_of_their_role(client, people):
    client.force_login(people.head_teacher)
    models = visible_models(client)
    assert {"Student", "SchoolClass", "School"} <= models
    assert not models & {"PeriodicTask", "SocialApp", "RoleAssignment", "District", "Group"}


def test_city_officer_configures_schedules_and_social_logins(client, people):
    client.force_login(people.city_officer)
    session = client.session
    session["tongxin_two_factor_ok"] = True
    session.save()
    models = visible_models(client)
    assert {"PeriodicTask", "SocialApp", "District", "RoleAssignment", "Student"} <= models


def test_student_changelist_is_scoped_to_the_class(client, people, city):
    client.force_login(people.head_teacher)
    response = client.get(reverse("admin:schools_student_changelist"))
    page = response.content.decode()
    assert "李明" in page
    assert "王芳" not in page and "赵强" not in page


def test_student_out_of_scope_is_a_404_in_the_admin(client, people, city):
    client.force_login(people.head_teacher)
    url = reverse("admin:schools_student_change", args=[city.other_student.pk])
    assert client.get(url).status_code == 404


def test_teacher_can_read_but_not_edit_students(client, people, city):
    client.force_login(people.teacher)
    url = reverse("admin:schools_student_change", args=[city.student_2.pk])
    response = client.get(url)
    assert response.status_code == 200
    response = client.post(url, {"name": "改名"})
    assert response.status_code == 403
    assert Student.objects.get(pk=city.student_2.pk).name == "王芳"


def leader_client(client, people):
    client.force_login(people.school_leader)
    session = client.session
    session["tongxin_two_factor_ok"] = True
    session.save()
    return client


def test_school_leader_creates_a_teacher_account_with_its_first_role(
    client, people, city, django_capture_on_commit_callbacks
):
    client = leader_client(client, people)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:portal_user_add"),
            {
                "username": "li.laoshi",
                "name": "李老师",
                "email": "li@example.cn",
                "phone": "138 0013 8111",
                "role": Role.TEACHER,
                "school_class": city.class_1.pk,
            },
        )
    assert response.status_code == 302, response.context["adminform"].form.errors
    created = User.objects.get(username="li.laoshi")
    assert created.is_staff and created.phone == "13800138111"
    assert not created.has_usable_password()
    assignment = RoleAssignment.objects.get(user=created)
    assert (assignment.role, assignment.school, assignment.district) == (
        Role.TEACHER,
        city.school,
        city.qingxiu,
    )
    assert assignment.granted_by == people.school_leader
    invitation = mail.outbox[-1]
    assert invitation.to == ["li@example.cn"]
    assert "/accounts/password/reset/key/" in invitation.body


def test_staff_account_form_explains_a_scope_out_of_reach_and_saves_nothing(client, people, city):
    client = leader_client(client, people)
    response = client.post(
        reverse("admin:portal_user_add"),
        {"username": "far.away", "name": "远方", "role": Role.TEACHER},
    )
    assert response.status_code == 200
    assert (
        "needs a" in str(response.context["adminform"].form.errors)
        or response.context["adminform"].form.errors
    )
    assert not User.objects.filter(username="far.away").exists()


def test_staff_account_form_rejects_a_bad_mobile_number(client, people, city):
    client = leader_client(client, people)
    response = client.post(
        reverse("admin:portal_user_add"),
        {
            "username": "bad.phone",
            "name": "错号",
            "phone": "12345",
            "role": Role.TEACHER,
            "school_class": city.class_1.pk,
        },
    )
    assert response.status_code == 200
    assert "phone" in response.context["adminform"].form.errors
    assert not User.objects.filter(username="bad.phone").exists()


def test_school_leader_grants_a_second_role_to_a_teacher_of_the_school(client, people, city):
    client = leader_client(client, people)
    response = client.post(
        reverse("admin:portal_roleassignment_add"),
        {"user": people.teacher.pk, "role": Role.HEAD_TEACHER, "school_class": city.class_2.pk},
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assignment = RoleAssignment.objects.get(user=people.teacher, role=Role.HEAD_TEACHER)
    assert assignment.school == city.school and assignment.granted_by == people.school_leader


def test_school_leader_cannot_grant_a_role_in_another_school(client, people, city):
    client = leader_client(client, people)
    response = client.post(
        reverse("admin:portal_roleassignment_add"),
        {
            "user": people.teacher.pk,
            "role": Role.TEACHER,
            "school_class": city.other_class.pk,
        },
    )
    assert response.status_code == 200
    assert "school_class" in response.context["adminform"].form.errors
    assert not RoleAssignment.objects.filter(school_class=city.other_class, user=people.teacher)


def test_admin_is_branded_in_chinese(client, people, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    client.force_login(people.head_teacher)
    page = client.get(reverse("admin:index")).content.decode()
    assert "同心 · 校家社协同育人管理平台" in page


def test_third_party_pages_are_named_in_chinese(client, people, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    client.force_login(people.city_officer)
    session = client.session
    session["tongxin_two_factor_ok"] = True
    session.save()
    page = client.get(reverse("admin:index")).content.decode()
    assert "身份验证器（双重认证）" in page
    assert "Authenticators" not in page


def test_a_city_wide_changelist_is_counted_from_statistics_a_filtered_one_exactly(
    client, people, city, monkeypatch
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from portal.admin_scoping import EstimatedCountPaginator

    monkeypatch.setattr(EstimatedCountPaginator, "EXACT_BELOW", 1)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE schools_student")
    log_in(client, people.city_officer)
    url = reverse("admin:schools_student_changelist")

    with CaptureQueriesContext(connection) as queries:
        whole = client.get(url)
    counted = [q["sql"] for q in queries if "schools_student" in q["sql"]]
    filtered = client.get(url, {"gender": "F"})

    assert whole.status_code == filtered.status_code == 200
    assert not [sql for sql in counted if "COUNT(*)" in sql]
    assert any("pg_class" in sql for sql in counted)
    assert whole.context["cl"].result_count == Student.objects.count()  # fresh statistics
    assert filtered.context["cl"].result_count == Student.objects.filter(gender="F").count()
