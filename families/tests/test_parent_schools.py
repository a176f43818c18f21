import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from families.models import ParentSchool, ParentSchoolLevel
from families.selectors import parent_schools as selectors
from families.tests.factories import ParentSchoolFactory
from portal import targets
from portal.models import Target
from schools.tests.factories import SchoolFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def schools(city):
    return {
        "school": ParentSchoolFactory(school=city.school, name="青秀一小家长学校", star_rating=5),
        "village": ParentSchoolFactory(
            level=ParentSchoolLevel.VILLAGE,
            school=None,
            village=city.village,
            district=city.qingxiu,
            name="长塘村家长学校",
        ),
        "online": ParentSchoolFactory(
            level=ParentSchoolLevel.ONLINE, school=None, district=None, name="空中家长学校"
        ),
        "closed": ParentSchoolFactory(
            level=ParentSchoolLevel.COUNTY,
            school=None,
            district=city.xixiangtang,
            name="已停办家长学校",
            is_active=False,
        ),
    }


def test_the_indicator_is_registered_with_a_100_percent_target():
    assert targets.target_for("families.parent_school_coverage") == 100


def test_level_must_match_what_the_school_serves(city):
    with pytest.raises(IntegrityError), transaction.atomic():
        ParentSchoolFactory(level=ParentSchoolLevel.SCHOOL, school=None, district=city.qingxiu)
    with pytest.raises(IntegrityError), transaction.atomic():
        ParentSchoolFactory(school=city.school, star_rating=6)


def test_anyone_sees_the_active_parent_schools(client, schools):
    page = client.get(reverse("families:parent-schools")).content.decode()
    assert "青秀一小家长学校" in page and "长塘村家长学校" in page and "空中家长学校" in page
    assert "已停办家长学校" not in page
    assert "★★★★★" in page


def test_list_filters_by_level_and_district(client, schools, city):
    url = reverse("families:parent-schools")
    page = client.get(url, {"level": "village"}).content.decode()
    assert "长塘村家长学校" in page and "青秀一小家长学校" not in page
    page = client.get(url, {"district": city.qingxiu.pk, "level": ""}).content.decode()
    assert "青秀一小家长学校" in page and "空中家长学校" not in page


def test_bad_filter_values_show_everything(client, schools):
    response = client.get(reverse("families:parent-schools"), {"level": "moon", "district": "x"})
    assert response.status_code == 200
    assert "空中家长学校" in response.content.decode()


def test_public_list_queries_are_constant(client, city, django_assert_num_queries):
    counts = []
    for size in (10, 100):
        for _ in range(size - ParentSchool.objects.count()):
            ParentSchoolFactory(school=SchoolFactory(district=city.qingxiu))
        with django_assert_num_queries(3) as captured:
            client.get(reverse("families:parent-schools"))
        counts.append(len(captured))
    assert counts[0] == counts[1]


# --- Coverage -------------------------------------------------------------------


def test_city_officer_sees_coverage_per_district_and_the_schools_without(client, people, schools):
    client.force_login(people.city_officer)
    session = client.session
    session["tongxin_two_factor_ok"] = True
    session.save()
    response = client.get(reverse("families:parent-school-coverage"))
    page = response.content.decode()
    report = response.context["report"]
    assert report.total.schools == 2 and report.total.covered == 1
    assert report.total.share == 50
    by_name = {row.name: row for row in report.districts}
    assert by_name["青秀区"].share == 100 and by_name["西乡塘区"].share == 0
    assert not by_name["西乡塘区"].met
    assert [s["name"] for s in report.uncovered_schools] == ["西乡塘区滨江小学"]
    assert "1 of 2 schools have a school-level parent school" in page


def test_inactive_or_other_level_parent_schools_do_not_cover(people, city):
    ParentSchoolFactory(school=city.school, is_active=False)
    ParentSchoolFactory(
        level=ParentSchoolLevel.COUNTY, school=None, district=city.qingxiu, name="青秀区家长学校"
    )
    assert selectors.coverage(people.city_officer).total.covered == 0


def test_district_officer_sees_their_district_with_its_own_target(people, city, schools):
    Target.objects.create(
        indicator="families.parent_school_coverage", district=city.qingxiu, value=90
    )
    report = selectors.coverage(people.district_officer)
    assert [row.name for row in report.districts] == ["青秀区"]
    assert report.districts[0].target == 90
    assert report.uncovered_schools == []


@pytest.mark.parametrize("persona", ["parent", "head_teacher", "stranger"])
def test_coverage_is_for_officers(client, people, persona):
    client.force_login(getattr(people, persona))
    assert client.get(reverse("families:parent-school-coverage")).status_code == 403


def test_coverage_queries_are_constant(client, people, city, django_assert_num_queries):
    client.force_login(people.district_officer)
    session = client.session
    session["tongxin_two_factor_ok"] = True
    session.save()
    counts = []
    for size in (10, 100):
        existing = city.qingxiu.schools.count()
        for index in range(size - existing):
            school = SchoolFactory(district=city.qingxiu)
            if index % 2:
                ParentSchoolFactory(school=school)
        with django_assert_num_queries(6) as captured:
            response = client.get(reverse("families:parent-school-coverage"))
        assert response.context["report"].total.schools == size
        counts.append(len(captured))
    assert counts[0] == counts[1]
