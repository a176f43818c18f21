"""Reading lists and tips: who may publish where, who sees which tip, and
that each parent is told once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from families.models import ReaderAge, Tip
from families.selectors.content import tips_for_parent
from families.services.content import publish_tip
from families.services.errors import FamiliesError
from families.tasks_content import notify_tip_audience
from families.tests.factories_content import ParentLinkFactory, ReadingItemFactory, TipFactory
from portal.models import Notification
from portal.tests.helpers import log_in
from schools.tests.factories import SchoolClassFactory, StudentFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def families(city, people):
    """Parent Pan has a grade-3 child at the school; another parent a grade-5
    child there; a third a child at the other school."""
    grade_5 = SchoolClassFactory(school=city.school, grade=5, number=1)
    ParentLinkFactory(user=people.parent, student=city.student_1)
    fifth = ParentLinkFactory(student=StudentFactory(school_class=grade_5)).user
    other = ParentLinkFactory(student=city.other_student).user
    return type("Families", (), {"grade_3": people.parent, "grade_5": fifth, "other": other})


def publish(by, **overrides):
    values = {"by": by, "title": "亲子阅读", "body": "每天陪孩子读书二十分钟。", "audience": "all"}
    values.update(overrides)
    return publish_tip(**values)


def told(tip):
    return set(
        Notification.objects.filter(kind="families.tip", subject_key=f"tip:{tip.pk}").values_list(
            "recipient_id", flat=True
        )
    )


# --- publishing -------------------------------------------------------------


def test_city_officer_publishes_to_all_parents_and_each_is_told_once(
    people, families, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        tip = publish(people.city_officer)
    assert told(tip) == {families.grade_3.pk, families.grade_5.pk, families.other.pk}
    notify_tip_audience(tip.pk)  # a rerun of the task
    assert Notification.objects.filter(subject_key=f"tip:{tip.pk}").count() == 3


def test_all_parents_fan_out_in_batches(people, families, monkeypatch):
    monkeypatch.setattr("families.services.content.TIP_BATCH_SIZE", 1)
    tip = TipFactory(published_by=people.city_officer)
    queued = []
    run_now = notify_tip_audience.delay
    monkeypatch.setattr(
        notify_tip_audience, "delay", lambda *args: queued.append(args) or run_now(*args)
    )
    notify_tip_audience(tip.pk)
    assert len(told(tip)) == 3
    assert [after for _tip, after in queued] == sorted(told(tip))


def test_parent_with_two_children_in_the_grade_is_told_once(
    city, people, django_capture_on_commit_callbacks
):
    ParentLinkFactory(user=people.parent, student=city.student_1)
    ParentLinkFactory(user=people.parent, student=city.student_2)
    with django_capture_on_commit_callbacks(execute=True):
        tip = publish(people.school_leader, audience="grade", school=city.school, grade=3)
    assert told(tip) == {people.parent.pk}
    assert Notification.objects.filter(recipient=people.parent).count() == 1


def test_grade_tip_reaches_only_that_grade_of_that_school(
    city, people, families, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        tip = publish(people.school_leader, audience="grade", school=city.school, grade=3)
    assert told(tip) == {families.grade_3.pk}
    assert tip.district == city.qingxiu


def test_school_tip_reaches_the_whole_school(
    city, people, families, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        tip = publish(people.district_officer, audience="school", school=city.school)
    assert told(tip) == {families.grade_3.pk, families.grade_5.pk}


@pytest.mark.parametrize(
    ("who", "overrides", "message"),
    [
        ("school_leader", {}, "Only the city bureau may publish a tip to all parents."),
        ("district_officer", {}, "Only the city bureau may publish a tip to all parents."),
        ("teacher", {"audience": "school", "school": "school"}, "You may not publish tips"),
        ("school_leader", {"audience": "school", "school": "other_school"}, "You may not publish"),
        ("district_officer", {"audience": "school", "school": "other_school"}, "You may not"),
        ("parent", {"audience": "school", "school": "school"}, "You may not publish tips"),
        ("city_officer", {"title": "  "}, "Give the tip a title."),
        ("city_officer", {"body": ""}, "Write the text of the tip."),
        ("city_officer", {"audience": "class"}, "Choose who the tip is for."),
        ("city_officer", {"audience": "school"}, "Choose the school the tip is for."),
        ("city_officer", {"audience": "all", "school": "school"}, "names no school or grade"),
        ("city_officer", {"audience": "grade", "school": "school"}, "Choose the grade"),
        ("city_officer", {"audience": "school", "school": "school", "grade": 3}, "names no grade"),
        ("city_officer", {"audience": "grade", "school": "school", "grade": 10}, "has no Grade 10"),
        ("city_officer", {"audience": "grade", "school": "school", "grade": 99}, "no such grade"),
    ],
)
def test_bad_tips_are_refused_and_nothing_saved(city, people, who, overrides, message):
    if "school" in overrides:
        overrides["school"] = getattr(city, overrides["school"])
    with pytest.raises(FamiliesError, match=message):
        publish(getattr(people, who), **overrides)
    assert not Tip.objects.exists()


# --- what parents see --------------------------------------------------------


def test_parent_sees_all_parent_school_and_own_grade_tips_only(city, people, families):
    everyone = TipFactory(title="全体")
    school = TipFactory(title="本校", audience="school", school=city.school)
    grade_3 = TipFactory(title="三年级", audience="grade", school=city.school, grade=3)
    grade_5 = TipFactory(title="五年级", audience="grade", school=city.school, grade=5)
    other = TipFactory(title="他校", audience="school", school=city.other_school)
    assert set(tips_for_parent(families.grade_3)) == {everyone, school, grade_3}
    assert set(tips_for_parent(families.grade_5)) == {everyone, school, grade_5}
    assert set(tips_for_parent(families.other)) == {everyone, other}
    assert set(tips_for_parent(people.stranger)) == {everyone}


def test_tips_page_shows_the_parents_tips(client, city, people, families):
    TipFactory(title="三年级亲子阅读", audience="grade", school=city.school, grade=3)
    TipFactory(title="五年级青春期", audience="grade", school=city.school, grade=5)
    log_in(client, families.grade_3)
    page = client.get(reverse("families:tips")).content.decode()
    assert "三年级亲子阅读" in page
    assert "五年级青春期" not in page
    assert "Publish a tip" not in page


def queries(client, url):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


def add_tips(school, rows):
    for n in range(rows):
        grade = 3 if n % 2 else None
        TipFactory(audience="grade" if grade else "school", school=school, grade=grade)


def test_tips_page_queries_are_the_same_at_10_and_100_rows(client, city, people, families):
    ParentLinkFactory(user=families.grade_3, student=city.student_2)
    log_in(client, families.grade_3)
    add_tips(city.school, 10)
    at_10 = queries(client, reverse("families:tips"))
    add_tips(city.school, 90)
    assert queries(client, reverse("families:tips")) == at_10 <= 10


def test_tips_page_needs_login(client):
    response = client.get(reverse("families:tips"))
    assert response.status_code == 302


# --- the publishing page -----------------------------------------------------


def test_leader_publishes_a_grade_tip_on_the_page(
    client, city, people, families, django_capture_on_commit_callbacks
):
    log_in(client, people.school_leader)
    form = client.get(reverse("families:tip-new")).content.decode()
    assert "All parents" not in form
    assert city.other_school.name not in form
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("families:tip-new"),
            {
                "title": "亲子沟通",
                "body": "多听少说。",
                "audience": "grade",
                "school": city.school.pk,
                "grade": 3,
            },
        )
    assert response.status_code == 302
    tip = Tip.objects.get()
    assert told(tip) == {families.grade_3.pk}
    assert "亲子沟通" in client.get(reverse("families:tips-published")).content.decode()


def test_page_shows_the_services_refusal_next_to_the_field(client, city, people):
    log_in(client, people.school_leader)
    response = client.post(
        reverse("families:tip-new"),
        {"title": "亲子沟通", "body": "多听少说。", "audience": "grade", "school": city.school.pk},
    )
    assert "Choose the grade the tip is for." in response.content.decode()
    assert not Tip.objects.exists()


def test_teacher_and_parent_may_not_open_the_publishing_page(client, people):
    for person in (people.teacher, people.parent):
        log_in(client, person)
        assert client.get(reverse("families:tip-new")).status_code == 403


# --- reading list ------------------------------------------------------------


def test_reading_list_is_public_and_grouped_by_age(client):
    ReadingItemFactory(title="正面管教", age_group=ReaderAge.PRIMARY)
    ReadingItemFactory(title="捕捉儿童敏感期", age_group=ReaderAge.KINDERGARTEN)
    ReadingItemFactory(title="未发布的书", is_published=False)
    page = client.get(reverse("families:reading")).content.decode()
    assert "正面管教" in page and "捕捉儿童敏感期" in page
    assert "未发布的书" not in page
    assert page.index("Kindergarten") < page.index("Primary school")


def test_reading_list_queries_are_the_same_at_10_and_100_rows(client):
    def add(rows):
        for n in range(rows):
            ReadingItemFactory(age_group=ReaderAge.values[n % len(ReaderAge.values)])

    add(10)
    at_10 = queries(client, reverse("families:reading"))
    add(90)
    assert queries(client, reverse("families:reading")) == at_10 <= 3
