import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from families.models import BindingCode, FamilyLink
from families.services import binding as services
from families.services.errors import BindingError
from families.tests.factories import (
    BindingCodeFactory,
    FamilyLinkFactory,
    give_phone,
    guardian_with_phone,
)
from portal.models import Role
from schools.tests.factories import GuardianFactory, GuardianshipFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

PHONE = "13800138000"


@pytest.fixture
def parent(people, city):
    """Pan, with a verified phone that is on 李明's roster as his mother."""
    give_phone(people.parent, PHONE)
    guardian_with_phone(city.student_1, PHONE)
    return people.parent


@pytest.fixture
def code(people, city):
    return BindingCodeFactory(
        student=city.student_1, issued_by=people.head_teacher, code="ABCD2345"
    )


def class_code(city):
    return f"{city.school.code}-3-1"


# --- Binding with a code -------------------------------------------------------


def test_code_binds_to_the_roster_guardian_with_the_same_phone(parent, code, city):
    link = services.bind_with_code(user=parent, code="abcd-2345", ip="10.0.0.1")
    assert link.student == city.student_1
    assert link.guardian.phone == PHONE
    assert link.method == FamilyLink.Method.CODE
    code.refresh_from_db()
    assert code.used_by == parent and code.used_at is not None


def test_binding_grants_the_parent_role(people, city, code):
    give_phone(people.stranger, PHONE)
    guardian_with_phone(city.student_1, PHONE)
    services.bind_with_code(user=people.stranger, code="ABCD2345")
    assert people.stranger.role_assignments.filter(role=Role.PARENT).exists()


def test_wrong_code_is_refused(parent, code):
    with pytest.raises(BindingError, match="This code is not right"):
        services.bind_with_code(user=parent, code="ZZZZ9999")
    assert not FamilyLink.objects.exists()


def test_code_of_the_wrong_length_is_refused(parent, code):
    with pytest.raises(BindingError, match="This code is not right"):
        services.bind_with_code(user=parent, code="ABC")


def test_expired_code_is_refused(parent, code):
    BindingCode.objects.filter(pk=code.pk).update(expires_at=timezone.now())
    with pytest.raises(BindingError, match="expired"):
        services.bind_with_code(user=parent, code="ABCD2345")
    assert not FamilyLink.objects.exists()


def test_code_works_once(parent, code, people, city):
    services.bind_with_code(user=parent, code="ABCD2345")
    grandma = give_phone(people.stranger, "13900139000")
    guardian_with_phone(city.student_1, "13900139000")
    with pytest.raises(BindingError, match="already been used"):
        services.bind_with_code(user=grandma, code="ABCD2345")
    assert FamilyLink.objects.count() == 1


def test_code_without_a_matching_roster_phone_is_refused_and_kept(people, code):
    give_phone(people.stranger, "13700137000")
    with pytest.raises(BindingError, match="not on the school's list"):
        services.bind_with_code(user=people.stranger, code="ABCD2345")
    code.refresh_from_db()
    assert code.used_at is None
    assert not FamilyLink.objects.exists()


def test_unverified_phone_cannot_bind(people, city, code):
    give_phone(people.stranger, PHONE, verified=False)
    guardian_with_phone(city.student_1, PHONE)
    with pytest.raises(BindingError, match="confirm it"):
        services.bind_with_code(user=people.stranger, code="ABCD2345")


def test_binding_the_same_child_twice_is_refused_without_using_the_code(parent, code, city):
    FamilyLinkFactory(user=parent, student=city.student_1)
    with pytest.raises(BindingError, match="already linked"):
        services.bind_with_code(user=parent, code="ABCD2345")
    code.refresh_from_db()
    assert code.used_at is None


def test_child_who_left_the_roster_cannot_be_bound(parent, code, city):
    city.student_1.is_active = False
    city.student_1.save()
    with pytest.raises(BindingError, match="no longer on the school's roster"):
        services.bind_with_code(user=parent, code="ABCD2345")


# --- Binding with class code, student number and phone -----------------------------


def test_roster_phone_binds(parent, city):
    link = services.bind_with_roster(
        user=parent, class_code=class_code(city), student_number=city.student_1.student_number
    )
    assert link.student == city.student_1
    assert link.method == FamilyLink.Method.ROSTER_PHONE


def test_someone_elses_child_is_refused_when_the_phone_is_not_on_their_roster(parent, city):
    guardian_with_phone(city.student_2, "13600136000")
    with pytest.raises(BindingError, match="could not find a child"):
        services.bind_with_roster(
            user=parent,
            class_code=f"{city.school.code}-3-2",
            student_number=city.student_2.student_number,
        )
    assert not FamilyLink.objects.exists()


def test_wrong_student_number_is_refused(parent, city):
    with pytest.raises(BindingError, match="could not find a child"):
        services.bind_with_roster(user=parent, class_code=class_code(city), student_number="999")


def test_student_number_in_another_class_is_refused(parent, city):
    with pytest.raises(BindingError, match="could not find a child"):
        services.bind_with_roster(
            user=parent,
            class_code=f"{city.school.code}-3-2",
            student_number=city.student_1.student_number,
        )


@pytest.mark.parametrize("raw", ["", "3-1", "S000001", "S000001-three-1"])
def test_malformed_class_code_is_explained(parent, raw):
    with pytest.raises(BindingError, match="Write the class code"):
        services.bind_with_roster(user=parent, class_code=raw, student_number="1")


def test_class_code_accepts_spaces_and_full_width_dashes(parent, city):
    raw = f" {city.school.code.lower()}－3 - 1 "
    link = services.bind_with_roster(
        user=parent, class_code=raw, student_number=city.student_1.student_number
    )
    assert link.student == city.student_1


# --- Rate limit -----------------------------------------------------------------------


def test_five_wrong_tries_lock_the_account_for_fifteen_minutes(parent, code, clock):
    for _ in range(5):
        with pytest.raises(BindingError, match="not right"):
            services.bind_with_code(user=parent, code="ZZZZ9999", ip="10.0.0.1")
    with pytest.raises(BindingError, match="Too many wrong tries.*15 minutes"):
        services.bind_with_code(user=parent, code="ABCD2345", ip="10.0.0.2")
    assert not FamilyLink.objects.exists()
    clock(15 * 60 + 1)
    assert services.bind_with_code(user=parent, code="ABCD2345", ip="10.0.0.2")


def test_wrong_tries_from_one_address_lock_other_accounts_there(parent, people, city, code):
    give_phone(people.stranger, "13700137000")
    for _ in range(5):
        with pytest.raises(BindingError):
            services.bind_with_code(user=people.stranger, code="ZZZZ9999", ip="10.0.0.9")
    with pytest.raises(BindingError, match="Too many wrong tries"):
        services.bind_with_code(user=parent, code="ABCD2345", ip="10.0.0.9")
    assert services.bind_with_code(user=parent, code="ABCD2345", ip="10.0.0.10")


def test_roster_misses_count_as_wrong_tries(parent, city):
    for _ in range(5):
        with pytest.raises(BindingError, match="could not find"):
            services.bind_with_roster(user=parent, class_code=class_code(city), student_number="0")
    with pytest.raises(BindingError, match="Too many wrong tries"):
        services.bind_with_roster(
            user=parent, class_code=class_code(city), student_number=city.student_1.student_number
        )


def test_window_slides_with_the_oldest_wrong_try(parent, code, clock):
    for _ in range(4):
        with pytest.raises(BindingError):
            services.bind_with_code(user=parent, code="ZZZZ9999")
    clock(10 * 60)
    with pytest.raises(BindingError, match="not right"):
        services.bind_with_code(user=parent, code="ZZZZ9999")
    with pytest.raises(BindingError, match="wait 5 minutes"):
        services.bind_with_code(user=parent, code="ABCD2345")
    clock(5 * 60 + 1)
    assert services.bind_with_code(user=parent, code="ABCD2345")


# --- Issuing codes ----------------------------------------------------------------------


def test_head_teacher_issues_one_code_per_student_of_the_class(people, city):
    codes = services.issue_codes_for_class(issued_by=people.head_teacher, school_class=city.class_1)
    assert [c.student for c in codes] == [city.student_1]
    code = codes[0].code
    assert len(code) == 8 and set(code) <= set(services.CODE_ALPHABET)
    assert codes[0].expires_at > timezone.now() + datetime.timedelta(days=29)


def test_reissuing_invalidates_the_unused_code(people, city, parent):
    old = services.issue_codes_for_class(issued_by=people.head_teacher, school_class=city.class_1)
    services.issue_codes_for_class(issued_by=people.school_leader, school_class=city.class_1)
    with pytest.raises(BindingError, match="replaced by a newer one"):
        services.bind_with_code(user=parent, code=old[0].code)


def test_teacher_of_another_class_cannot_issue_codes(people, city):
    from django.http import Http404

    with pytest.raises(Http404):
        services.issue_codes_for_class(issued_by=people.teacher, school_class=city.class_1)
    assert not BindingCode.objects.exists()


# --- Pages --------------------------------------------------------------------------


def test_parent_binds_on_the_page_and_sees_the_child_on_my_family(client, parent, code, city):
    client.force_login(parent)
    response = client.post(
        reverse("families:bind"), {"method": "code", "code-code": "abcd 2345"}, follow=True
    )
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("families:home")
    assert "李明 is now linked to your account." in page
    assert "青秀区第一小学" in page and "Grade 3(1)" in page


def test_wrong_code_on_the_page_shows_the_message_next_to_the_field(client, parent, code):
    client.force_login(parent)
    response = client.post(reverse("families:bind"), {"method": "code", "code-code": "ZZZZ9999"})
    assert response.status_code == 200
    assert "This code is not right" in response.content.decode()
    assert not FamilyLink.objects.exists()


def test_roster_form_on_the_page(client, parent, city):
    client.force_login(parent)
    data = {
        "method": "roster",
        "roster-class_code": class_code(city),
        "roster-student_number": city.student_1.student_number,
    }
    response = client.post(reverse("families:bind"), data)
    assert response.status_code == 302
    assert FamilyLink.objects.get().student == city.student_1


def test_roster_miss_on_the_page_keeps_the_roster_form_open(client, parent, city):
    client.force_login(parent)
    data = {"method": "roster", "roster-class_code": "bad", "roster-student_number": "1"}
    page = client.post(reverse("families:bind"), data).content.decode()
    assert "Write the class code" in page
    assert '<details class="card" open>' in page


def test_bind_page_asks_for_a_phone_first(client, people):
    client.force_login(people.parent)
    page = client.get(reverse("families:bind")).content.decode()
    assert "First add your mobile number" in page


def test_my_family_without_children_invites_to_bind(client, people):
    client.force_login(people.parent)
    page = client.get(reverse("families:home")).content.decode()
    assert "You have not added a child yet." in page
    assert reverse("families:bind") in page


def test_my_family_needs_login(client):
    response = client.get(reverse("families:home"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_parent_is_sent_to_my_family_after_login(client, people):
    client.force_login(people.parent)
    response = client.get(reverse("portal:after-login"))
    assert response["Location"] == reverse("families:home")


def test_staff_still_go_to_the_workbench_after_login(client, people):
    client.force_login(people.head_teacher)
    assert client.get(reverse("portal:after-login"))["Location"] == reverse("portal:workbench")


def test_bound_parent_sees_only_their_own_child(client, parent, code, city):
    from portal import access
    from schools.models import Student

    services.bind_with_code(user=parent, code="ABCD2345")
    assert list(access.visible(parent, Student)) == [city.student_1]
    access.get_visible_or_404(parent, Student, pk=city.student_1.pk)
    from django.http import Http404

    with pytest.raises(Http404):
        access.get_visible_or_404(parent, Student, pk=city.student_2.pk)


def test_my_family_lists_only_my_children_in_constant_queries(
    client, parent, city, people, django_assert_num_queries
):
    from schools.tests.factories import StudentFactory

    client.force_login(parent)
    FamilyLinkFactory(user=people.stranger, student=city.student_2)

    def page_queries():
        with django_assert_num_queries(5) as captured:
            page = client.get(reverse("families:home")).content.decode()
        return page, len(captured)

    for _ in range(3):
        FamilyLinkFactory(user=parent, student=StudentFactory(school_class=city.class_1))
    page, _count = page_queries()
    assert "王芳" not in page
    for _ in range(10):
        FamilyLinkFactory(user=parent, student=StudentFactory(school_class=city.class_2))
    page_queries()


def test_codes_page_lists_the_class_and_its_class_code(client, people, city):
    services.issue_codes_for_class(issued_by=people.head_teacher, school_class=city.class_1)
    code = BindingCode.objects.get().code
    client.force_login(people.head_teacher)
    page = client.get(reverse("families:binding-codes", args=[city.class_1.pk])).content.decode()
    assert "李明" in page and f"{code[:4]}-{code[4:]}" in page
    assert f"{city.school.code}-3-1" in page
    assert "王芳" not in page


def test_codes_page_of_a_class_out_of_scope_is_a_404(client, people, city):
    client.force_login(people.head_teacher)
    assert client.get(reverse("families:binding-codes", args=[city.class_2.pk])).status_code == 404
    url = reverse("families:issue-binding-codes", args=[city.class_2.pk])
    assert client.post(url).status_code == 404
    assert not BindingCode.objects.exists()


def test_issue_button_reissues_codes(client, people, city):
    first = services.issue_codes_for_class(issued_by=people.head_teacher, school_class=city.class_1)
    client.force_login(people.school_leader)
    session = client.session
    session["tongxin_two_factor_ok"] = True
    session.save()
    response = client.post(reverse("families:issue-binding-codes", args=[city.class_1.pk]))
    assert response.status_code == 302
    first[0].refresh_from_db()
    assert first[0].expires_at <= timezone.now()
    assert BindingCode.objects.filter(expires_at__gt=timezone.now()).count() == 1


def test_code_classes_page_is_for_code_issuers(client, people, city):
    client.force_login(people.head_teacher)
    page = client.get(reverse("families:binding-code-classes")).content.decode()
    assert reverse("families:binding-codes", args=[city.class_1.pk]) in page
    assert reverse("families:binding-codes", args=[city.class_2.pk]) not in page
    client.force_login(people.parent)
    assert client.get(reverse("families:binding-code-classes")).status_code == 403


def test_codes_page_queries_are_constant(client, people, city, django_assert_num_queries):
    from schools.tests.factories import StudentFactory

    client.force_login(people.head_teacher)
    url = reverse("families:binding-codes", args=[city.class_1.pk])
    counts = []
    for size in (10, 100):
        StudentFactory.create_batch(size - city.class_1.students.count(), school_class=city.class_1)
        services.issue_codes_for_class(issued_by=people.head_teacher, school_class=city.class_1)
        with django_assert_num_queries(7) as captured:
            client.get(url)
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_binding_names_a_nameless_account_after_the_roster_guardian(people, city, code):
    give_phone(people.stranger, PHONE)
    GuardianshipFactory(student=city.student_1, guardian=GuardianFactory(name="潘丽", phone=PHONE))
    people.stranger.name = ""
    people.stranger.save(update_fields=["name"])
    services.bind_with_code(user=people.stranger, code="ABCD2345")
    people.stranger.refresh_from_db()
    assert people.stranger.name == "潘丽"


def test_binding_keeps_the_name_an_account_already_has(parent, code):
    services.bind_with_code(user=parent, code="ABCD2345")
    parent.refresh_from_db()
    assert parent.name == "潘家长"
