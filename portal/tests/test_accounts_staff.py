"""Staff accounts and roles: made by bureau or school staff, never self-granted."""

import re

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core import mail
from django.urls import reverse

from portal.accounts import services
from portal.accounts.services import RoleGrantError
from portal.models import Role, RoleAssignment, User

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def roles_of(user):
    return set(RoleAssignment.objects.filter(user=user).values_list("role", flat=True))


# --- grant_role ----------------------------------------------------------------


def test_nobody_grants_a_role_to_themselves(people, city):
    with pytest.raises(RoleGrantError, match="Nobody can grant a role to themselves"):
        services.grant_role(
            granted_by=people.school_leader,
            user=people.school_leader,
            role=Role.TEACHER,
            school_class=city.class_1,
        )

    assert roles_of(people.school_leader) == {Role.SCHOOL_LEADER}


def test_not_even_the_city_officer_grants_themselves_a_role(people, city):
    with pytest.raises(RoleGrantError):
        services.grant_role(
            granted_by=people.city_officer,
            user=people.city_officer,
            role=Role.DISTRICT_OFFICER,
            district=city.qingxiu,
        )


def test_a_parent_cannot_make_themselves_staff(people, city):
    with pytest.raises(RoleGrantError):
        services.grant_role(
            granted_by=people.parent,
            user=people.parent,
            role=Role.TEACHER,
            school_class=city.class_1,
        )

    people.parent.refresh_from_db()
    assert not people.parent.is_staff


def test_a_school_leader_cannot_grant_a_district_role(people, city):
    with pytest.raises(RoleGrantError, match="does not allow you to grant this role"):
        services.grant_role(
            granted_by=people.school_leader,
            user=people.stranger,
            role=Role.DISTRICT_OFFICER,
            district=city.qingxiu,
        )

    assert roles_of(people.stranger) == set()
    people.stranger.refresh_from_db()
    assert not people.stranger.is_staff


def test_a_school_leader_grants_a_teacher_in_their_own_school(people, city):
    assignment = services.grant_role(
        granted_by=people.school_leader,
        user=people.stranger,
        role=Role.HEAD_TEACHER,
        school_class=city.class_2,
    )

    assert assignment.school == city.school
    assert assignment.district == city.qingxiu
    assert assignment.granted_by == people.school_leader
    people.stranger.refresh_from_db()
    assert people.stranger.is_staff


def test_a_school_leader_cannot_grant_in_another_school(people, city):
    with pytest.raises(RoleGrantError):
        services.grant_role(
            granted_by=people.school_leader,
            user=people.stranger,
            role=Role.TEACHER,
            school_class=city.other_class,
        )


def test_a_district_officer_cannot_grant_in_another_district(people, city):
    with pytest.raises(RoleGrantError):
        services.grant_role(
            granted_by=people.district_officer,
            user=people.stranger,
            role=Role.SCHOOL_LEADER,
            school=city.other_school,
        )
    with pytest.raises(RoleGrantError):
        services.grant_role(
            granted_by=people.district_officer,
            user=people.stranger,
            role=Role.CASE_WORKER,
            district=city.xixiangtang,
        )

    assert roles_of(people.stranger) == set()


def test_a_district_officer_grants_within_their_district(people, city):
    services.grant_role(
        granted_by=people.district_officer,
        user=people.stranger,
        role=Role.SCHOOL_LEADER,
        school=city.school,
    )

    assert roles_of(people.stranger) == {Role.SCHOOL_LEADER}


def test_a_district_officer_cannot_grant_a_city_role(people, city):
    with pytest.raises(RoleGrantError):
        services.grant_role(
            granted_by=people.district_officer, user=people.stranger, role=Role.CITY_OFFICER
        )


def test_a_teacher_cannot_grant_any_role(people, city):
    with pytest.raises(RoleGrantError):
        services.grant_role(
            granted_by=people.head_teacher,
            user=people.stranger,
            role=Role.TEACHER,
            school_class=city.class_1,
        )


def test_the_city_officer_grants_roles_anywhere(people, city):
    services.grant_role(
        granted_by=people.city_officer,
        user=people.stranger,
        role=Role.DISTRICT_OFFICER,
        district=city.xixiangtang,
    )

    assert roles_of(people.stranger) == {Role.DISTRICT_OFFICER}


def test_the_parent_role_is_never_granted_by_staff(people):
    with pytest.raises(RoleGrantError, match="parent's own sign-up"):
        services.grant_role(granted_by=people.city_officer, user=people.stranger, role=Role.PARENT)


def test_a_role_needs_its_place_in_the_tree(people):
    with pytest.raises(RoleGrantError, match="needs a"):
        services.grant_role(
            granted_by=people.city_officer, user=people.stranger, role=Role.SCHOOL_LEADER
        )


def test_revoking_the_last_staff_role_removes_staff_status(people, city):
    assignment = RoleAssignment.objects.get(user=people.teacher)

    services.revoke_role(revoked_by=people.school_leader, assignment=assignment)

    people.teacher.refresh_from_db()
    assert not people.teacher.is_staff
    assert roles_of(people.teacher) == set()


def test_nobody_revokes_a_role_beyond_their_reach(people, city):
    assignment = RoleAssignment.objects.get(user=people.other_school_teacher)

    with pytest.raises(RoleGrantError):
        services.revoke_role(revoked_by=people.school_leader, assignment=assignment)

    assert roles_of(people.other_school_teacher) == {Role.TEACHER}


# --- create_staff_account ----------------------------------------------------


def test_create_staff_account_makes_a_staff_user_with_the_role(people, city):
    user = services.create_staff_account(
        created_by=people.school_leader,
        username="li.laoshi",
        name="李老师",
        email="li@example.cn",
        phone="13700000001",
        role=Role.HEAD_TEACHER,
        school_class=city.class_1,
    )

    user.refresh_from_db()
    assert user.is_staff
    assert not user.is_superuser
    assert not user.has_usable_password()
    assert roles_of(user) == {Role.HEAD_TEACHER}
    assignment = RoleAssignment.objects.get(user=user)
    assert assignment.school_class == city.class_1
    assert assignment.granted_by == people.school_leader


def test_a_refused_grant_leaves_no_account_behind(people, city):
    with pytest.raises(RoleGrantError):
        services.create_staff_account(
            created_by=people.school_leader,
            username="sneaky",
            name="某人",
            role=Role.DISTRICT_OFFICER,
            district=city.qingxiu,
        )

    assert not User.objects.filter(username="sneaky").exists()


def test_a_new_staff_member_sets_a_password_by_the_reset_link_then_logs_in(client, people, city):
    services.create_staff_account(
        created_by=people.school_leader,
        username="li.laoshi",
        name="李老师",
        email="li@example.cn",
        role=Role.TEACHER,
        school_class=city.class_2,
    )

    client.post(reverse("account_reset_password"), {"email": "li@example.cn"})
    link = re.search(r"(/accounts/password/reset/key/\S+/)", mail.outbox[-1].body)[1]
    form_page = client.get(link, follow=True)
    client.post(
        form_page.redirect_chain[-1][0],
        {"password1": "chalk and blackboard 7", "password2": "chalk and blackboard 7"},
    )
    response = client.post(
        reverse("account_login"),
        {"login": "li.laoshi", "password": "chalk and blackboard 7"},
        follow=True,
    )

    assert response.wsgi_request.user.username == "li.laoshi"
    assert response.redirect_chain[-1][0] == reverse("portal:workbench")


# --- The RoleAssignment admin uses the same rules ----------------------------


@pytest.fixture
def leader_client(client, people):
    """The school leader, logged in with TOTP set up (their role reaches case data)."""
    TOTP.activate(people.school_leader, generate_totp_secret())
    client.force_login(people.school_leader)
    return client


def add_role_in_admin(client, **data):
    return client.post(reverse("admin:portal_roleassignment_add"), data, follow=True)


def test_the_admin_offers_a_school_leader_only_the_roles_they_may_grant(leader_client):
    response = leader_client.get(reverse("admin:portal_roleassignment_add"))

    choices = {value for value, _label in response.context["adminform"].form.fields["role"].choices}
    assert choices - {""} == {Role.HEAD_TEACHER, Role.TEACHER, Role.COUNSELLOR}


def test_a_school_leader_cannot_grant_a_district_role_in_the_admin(leader_client, people, city):
    response = add_role_in_admin(
        leader_client, user=people.stranger.pk, role=Role.DISTRICT_OFFICER, district=city.qingxiu.pk
    )

    assert "Select a valid choice" in response.content.decode()
    assert roles_of(people.stranger) == set()


def test_a_school_leader_cannot_grant_themselves_a_role_in_the_admin(leader_client, people, city):
    response = add_role_in_admin(
        leader_client,
        user=people.school_leader.pk,
        role=Role.COUNSELLOR,
        school=city.school.pk,
    )

    assert response.status_code == 200
    assert "Nobody can grant a role to themselves." in response.content.decode()
    assert roles_of(people.school_leader) == {Role.SCHOOL_LEADER}


def test_a_school_leader_grants_a_role_to_their_teacher_in_the_admin(leader_client, people, city):
    add_role_in_admin(
        leader_client, user=people.teacher.pk, role=Role.COUNSELLOR, school=city.school.pk
    )

    assert roles_of(people.teacher) == {Role.TEACHER, Role.COUNSELLOR}
    granted = RoleAssignment.objects.get(user=people.teacher, role=Role.COUNSELLOR)
    assert granted.granted_by == people.school_leader
