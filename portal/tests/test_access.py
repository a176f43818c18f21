import pytest
from django.http import Http404

from portal import access
from schools.models import School, Student

pytestmark = pytest.mark.django_db


def names(user, model=Student):
    return set(access.visible(user, model).values_list("name", flat=True))


def test_city_officer_sees_every_student(city, people):
    assert names(people.city_officer) == {"李明", "王芳", "赵强"}


def test_district_officer_sees_only_own_district(city, people):
    assert names(people.district_officer) == {"李明", "王芳"}
    assert names(people.other_district_officer) == {"赵强"}


def test_school_leader_and_counsellor_see_their_school(city, people):
    assert names(people.school_leader) == {"李明", "王芳"}
    assert names(people.counsellor) == {"李明", "王芳"}


def test_head_teacher_sees_only_own_class(city, people):
    assert names(people.head_teacher) == {"李明"}


def test_teacher_of_another_class_sees_only_that_class(city, people):
    assert names(people.teacher) == {"王芳"}


def test_teacher_of_another_school_sees_none_of_ours(city, people):
    assert names(people.other_school_teacher) == {"赵强"}


def test_parent_partner_case_worker_and_stranger_see_no_roster(city, people):
    for persona in (people.parent, people.partner, people.case_worker, people.stranger):
        assert names(persona) == set()


def test_anonymous_sees_nothing(city):
    from django.contrib.auth.models import AnonymousUser

    assert access.visible(AnonymousUser(), Student).count() == 0


def test_teachers_see_their_own_school_but_not_others(city, people):
    assert names(people.teacher, School) == {"青秀区第一小学"}
    assert names(people.other_district_officer, School) == {"西乡塘区滨江小学"}


def test_outsider_gets_404_for_a_student_out_of_scope(city, people):
    with pytest.raises(Http404):
        access.get_visible_or_404(people.other_school_teacher, Student, pk=city.student_1.pk)
    found = access.get_visible_or_404(people.head_teacher, Student, pk=city.student_1.pk)
    assert found == city.student_1


def test_teacher_may_view_but_not_change_the_class_roster(city, people):
    assert access.visible(people.teacher, Student).count() == 1
    assert access.visible(people.teacher, Student, access.CHANGE).count() == 0
    assert access.visible(people.head_teacher, Student, access.CHANGE).count() == 1


def test_person_with_several_roles_sees_the_union(city, people):
    from portal.models import Role
    from portal.tests.factories import assign

    assign(people.head_teacher, Role.TEACHER, school_class=city.other_class)
    assert names(people.head_teacher) == {"李明", "赵强"}


def test_scope_is_read_in_one_query_per_request(city, people, django_assert_num_queries):
    user = type(people.district_officer).objects.get(pk=people.district_officer.pk)
    with django_assert_num_queries(4):  # the roles once, then one query per list
        list(access.visible(user, Student))
        list(access.visible(user, School))
        list(access.visible(user, Student))


def test_every_model_of_the_apps_has_an_access_rule():
    from django.apps import apps

    ours = {"portal", "schools", "community", "families", "programs"}
    missing = [
        model.__name__
        for model in apps.get_models()
        if model._meta.app_label in ours and access.rule_for(model) is None
    ]
    assert missing == []


def test_public_rows_are_visible_to_everyone_but_changeable_by_no_one_extra(city, people):
    from django.contrib.auth.models import AnonymousUser
    from django.db.models import Q

    from portal.access import AccessRule
    from portal.models import Role, ScopeLevel

    rule = AccessRule(
        district="district",
        public=Q(name="李明"),
        view_roles={Role.DISTRICT_OFFICER: ScopeLevel.DISTRICT},
    )
    original = access.rule_for(Student)
    access.register(Student, rule)
    try:
        assert names(AnonymousUser()) == {"李明"}
        assert names(people.parent) == {"李明"}
        assert names(people.other_district_officer) == {"李明", "赵强"}
        assert access.visible(AnonymousUser(), Student, access.CHANGE).count() == 0
        assert access.visible(people.parent, Student, access.CHANGE).count() == 0
    finally:
        access.register(Student, original)


def test_a_rule_can_open_every_row_to_a_role_below_city_level(city, people):
    from portal.models import Target
    from schools.models import District

    assert names(people.school_leader, District) == {"青秀区", "西乡塘区"}
    assert access.visible(people.district_officer, Target).count() == Target.objects.count() > 0
    assert access.visible(people.teacher, Target).count() == 0


def test_may_create_reads_the_rules_change_roles_for_a_row_not_yet_made(city, people):
    school = {"district_id": city.qingxiu.pk, "school_id": city.school.pk}
    assert access.may_create(people.school_leader, Student, **school)
    assert access.may_create(people.district_officer, Student, **school)
    assert not access.may_create(people.other_district_officer, Student, **school)
    assert not access.may_create(people.teacher, Student, **school, class_id=city.class_2.pk)
    assert access.may_create(people.head_teacher, Student, **school, class_id=city.class_1.pk)
    assert not access.may_create(people.parent, Student, **school)


def test_places_to_create_narrows_choices_by_the_rules_change_roles(city, people):
    from portal.models import ScopeLevel
    from schools.models import SchoolClass

    paths = {
        ScopeLevel.DISTRICT: "district_id",
        ScopeLevel.SCHOOL: "school_id",
        ScopeLevel.CLASS: "pk",
    }

    def classes(person, **extra):
        places = SchoolClass.objects.all()
        found = access.places_to_create(person, Student, places, paths=paths, **extra)
        return set(found)

    assert classes(people.head_teacher) == {city.class_1}
    assert classes(people.teacher) == set()
    assert classes(people.school_leader) == {city.class_1, city.class_2}
    assert classes(people.city_officer) == {city.class_1, city.class_2, city.other_class}
    assert classes(people.city_officer, levels=(ScopeLevel.SCHOOL, ScopeLevel.CLASS)) == set()
    assert classes(people.parent) == set()
