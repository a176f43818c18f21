"""Home-visit coverage per district, school and class: numbers, targets,
scope, sorting, and a constant number of queries."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.models import Target
from portal.tests.helpers import log_in
from schools.models import PersonMet, VisitTopic
from schools.selectors import coverage
from schools.services import visits as services
from schools.services.semesters import current_semester
from schools.tests.factories import SchoolClassFactory, SchoolFactory, StudentFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

KEY = "schools.home_visit_coverage"


def visit(author, *students, days_ago=0):
    return services.log_visit(
        author=author,
        students=list(students),
        visited_on=timezone.localdate() - datetime.timedelta(days=days_ago),
        people_met=[PersonMet.PARENT],
        topics=[VisitTopic.STUDY],
        summary="家访记录",
    )


@pytest.fixture
def semester():
    return current_semester()


def by_name(report):
    return {row.name: (row.visited, row.total, row.coverage, row.met) for row in report.rows}


def test_class_coverage_rises_when_a_student_is_visited(people, city, semester):
    StudentFactory(school_class=city.class_1, name="陈静")
    report = coverage.school_coverage(people.school_leader, city.school.pk, semester)
    assert by_name(report)[city.class_1.label] == (0, 2, Decimal("0.0"), False)

    visit(people.head_teacher, city.student_1)

    report = coverage.school_coverage(people.school_leader, city.school.pk, semester)
    assert by_name(report) == {
        city.class_1.label: (1, 2, Decimal("50.0"), False),
        city.class_2.label: (0, 1, Decimal("0.0"), False),
    }
    assert (report.summary.visited, report.summary.total) == (1, 3)
    assert report.summary.coverage == Decimal("33.3")
    assert report.summary.target == Decimal("100")


def test_a_student_visited_twice_counts_once(people, city, semester):
    visit(people.head_teacher, city.student_1)
    visit(people.head_teacher, city.student_1, days_ago=1)
    report = coverage.my_classes_coverage(people.head_teacher, semester)
    assert [(r.visited, r.total) for r in report.rows] == [(1, 1)]
    assert report.rows[0].met


def test_visits_of_another_semester_and_inactive_students_do_not_count(people, city, semester):
    visit(people.head_teacher, city.student_1, days_ago=200)
    StudentFactory(school_class=city.class_1, is_active=False)
    report = coverage.my_classes_coverage(people.head_teacher, semester)
    assert [(r.visited, r.total) for r in report.rows] == [(0, 1)]


def test_the_target_is_a_row_the_bureau_edits(people, city, semester):
    StudentFactory(school_class=city.class_1)
    visit(people.head_teacher, city.student_1)
    Target.objects.update_or_create(
        indicator=KEY, district=None, school=city.school, defaults={"value": 50}
    )
    report = coverage.school_coverage(people.school_leader, city.school.pk, semester)
    row = next(r for r in report.rows if r.place == city.class_1)
    assert (row.coverage, row.target, row.met) == (Decimal("50.0"), Decimal("50"), True)
    city_report = coverage.city_coverage(people.city_officer, semester)
    assert city_report.summary.target == Decimal("100")


def test_city_officer_sees_districts_and_drills_down(people, city, semester):
    visit(people.head_teacher, city.student_1)
    report = coverage.city_coverage(people.city_officer, semester)
    assert report.level == "district"
    assert by_name(report) == {
        "青秀区": (1, 2, Decimal("50.0"), False),
        "西乡塘区": (0, 1, Decimal("0.0"), False),
    }
    district = coverage.district_coverage(people.city_officer, city.qingxiu.pk, semester)
    assert by_name(district) == {"青秀区第一小学": (1, 2, Decimal("50.0"), False)}
    assert district.summary.name == "青秀区"


def test_district_officer_sees_their_districts_schools_only(people, city, semester):
    assert coverage.home_level(people.district_officer) == "district"
    report = coverage.district_coverage(people.district_officer, city.qingxiu.pk, semester)
    assert set(by_name(report)) == {"青秀区第一小学"}
    with pytest.raises(coverage.Http404):
        coverage.district_coverage(people.district_officer, city.xixiangtang.pk, semester)
    with pytest.raises(coverage.Http404):
        coverage.school_coverage(people.district_officer, city.other_school.pk, semester)


def test_each_persona_starts_at_their_level(people):
    assert coverage.home_level(people.city_officer) == "city"
    assert coverage.home_level(people.school_leader) == "school"
    assert coverage.home_level(people.counsellor) == "school"
    assert coverage.home_level(people.head_teacher) == "classes"
    assert coverage.home_level(people.teacher) == "classes"
    for person in (people.parent, people.partner, people.stranger, people.case_worker):
        assert coverage.home_level(person) is None


def test_school_staff_cannot_open_a_district_or_another_class(people, city, semester):
    with pytest.raises(coverage.Http404):
        coverage.district_coverage(people.school_leader, city.qingxiu.pk, semester)
    with pytest.raises(coverage.Http404):
        coverage.school_coverage(people.head_teacher, city.school.pk, semester)
    with pytest.raises(coverage.Http404):
        coverage.class_in_reach_or_404(people.teacher, city.class_1.pk)
    assert coverage.class_in_reach_or_404(people.head_teacher, city.class_1.pk) == city.class_1


def test_rows_sort_by_coverage_name_and_unvisited(people, city, semester):
    for _ in range(3):
        StudentFactory(school_class=city.class_2)
    visit(people.head_teacher, city.student_1)
    empty = SchoolClassFactory(school=city.school, grade=4, number=1)
    report = coverage.school_coverage(people.school_leader, city.school.pk, semester)
    labels = {city.class_1.pk: "c1", city.class_2.pk: "c2", empty.pk: "empty"}

    def order(key, descending):
        return [labels[r.place.pk] for r in coverage.sort_rows(report.rows, key, descending)]

    assert order("coverage", False) == ["c2", "c1", "empty"]
    assert order("coverage", True) == ["c1", "c2", "empty"]
    assert order("unvisited", True)[0] == "c2"
    assert order("unvisited", False)[0] in {"c1", "empty"}
    assert order("name", False) == ["c1", "c2", "empty"]
    assert order("name", True) == ["empty", "c2", "c1"]


# --- Pages ------------------------------------------------------------------


def test_head_teacher_sees_their_class_and_the_unvisited_one_click_away(client, people, city):
    StudentFactory(school_class=city.class_1, name="陈静")
    visit(people.head_teacher, city.student_1)
    log_in(client, people.head_teacher)

    page = client.get(reverse("schools:coverage")).content.decode()
    assert city.class_1.label in page and "50.0%" in page and "Behind" in page
    unvisited_url = reverse("schools:coverage-unvisited", args=[city.class_1.pk])
    assert unvisited_url in page
    assert city.class_2.label not in page

    page = client.get(unvisited_url).content.decode()
    assert "陈静" in page and "李明" not in page
    assert "1 of 2 students visited" in page
    assert "Log visit" in page


def test_school_leader_lands_on_the_school_and_sorts_columns(client, people, city):
    log_in(client, people.school_leader)
    response = client.get(reverse("schools:coverage"))
    assert response.status_code == 302
    assert response["Location"] == reverse("schools:coverage-school", args=[city.school.pk])
    page = client.get(response["Location"] + "?sort=name&dir=desc").content.decode()
    assert page.index(city.class_2.label) < page.index(city.class_1.label)
    assert 'aria-sort="descending"' in page
    district_url = reverse("schools:coverage-district", args=[city.qingxiu.pk])
    assert district_url not in page, "no way up past the school's own reach"


def test_city_officer_drills_from_districts_to_classes(client, people, city):
    log_in(client, people.city_officer)
    page = client.get(reverse("schools:coverage")).content.decode()
    district_url = reverse("schools:coverage-district", args=[city.qingxiu.pk])
    assert "青秀区" in page and "西乡塘区" in page and district_url in page
    page = client.get(district_url).content.decode()
    school_url = reverse("schools:coverage-school", args=[city.school.pk])
    assert "青秀区第一小学" in page and school_url in page and "滨江小学" not in page
    page = client.get(school_url).content.decode()
    assert city.class_1.label in page and city.class_2.label in page
    assert district_url in page, "one level up"


def test_district_officer_lands_on_their_district(client, people, city):
    log_in(client, people.district_officer)
    response = client.get(reverse("schools:coverage"))
    assert response["Location"] == reverse("schools:coverage-district", args=[city.qingxiu.pk])


@pytest.mark.parametrize(
    ("persona", "url_name", "place"),
    [
        ("other_district_officer", "schools:coverage-district", "qingxiu"),
        ("other_district_officer", "schools:coverage-school", "school"),
        ("school_leader", "schools:coverage-district", "qingxiu"),
        ("head_teacher", "schools:coverage-school", "school"),
        ("teacher", "schools:coverage-unvisited", "class_1"),
        ("other_school_teacher", "schools:coverage-unvisited", "class_1"),
        ("parent", "schools:coverage-unvisited", "class_1"),
    ],
)
def test_places_out_of_scope_are_404(client, people, city, persona, url_name, place):
    log_in(client, getattr(people, persona))
    response = client.get(reverse(url_name, args=[getattr(city, place).pk]))
    assert response.status_code == 404


def test_people_without_a_roster_are_told_coverage_is_for_staff(client, people):
    log_in(client, people.parent)
    response = client.get(reverse("schools:coverage"))
    assert response.status_code == 403
    assert "for bureau and school staff" in response.content.decode()


def test_anonymous_is_sent_to_log_in(client):
    response = client.get(reverse("schools:coverage"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def grow_city(city, per_class: int):
    """`per_class` students in each of six more classes in three schools."""
    schools = [city.school, city.other_school, SchoolFactory(district=city.qingxiu)]
    for school in schools:
        for number in (5, 6):
            school_class = SchoolClassFactory(school=school, grade=4, number=number)
            StudentFactory.create_batch(per_class, school_class=school_class)


@pytest.mark.parametrize("per_class", [10, 100])
def test_coverage_pages_issue_a_constant_number_of_queries(
    client, people, city, per_class, django_assert_num_queries
):
    grow_city(city, per_class)
    visit(people.head_teacher, city.student_1)
    current_semester()
    pages = [
        (people.city_officer, reverse("schools:coverage"), 8),
        (people.city_officer, reverse("schools:coverage-district", args=[city.qingxiu.pk]), 9),
        (people.city_officer, reverse("schools:coverage-school", args=[city.school.pk]), 9),
        (people.head_teacher, reverse("schools:coverage"), 8),
        (
            people.head_teacher,
            reverse("schools:coverage-unvisited", args=[city.class_1.pk]),
            7,
        ),
    ]
    for person, url, queries in pages:
        log_in(client, person)
        with django_assert_num_queries(queries):
            response = client.get(url)
        assert response.status_code == 200, url
