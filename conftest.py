"""Shared fixtures: a small city and the named personas who use it.

Personas: city officer (Chen), district officer of Qingxiu (Deng) and of
Xixiangtang (Xu), school leader (Liang), head teacher of class 3(1) (Huang),
teacher of class 3(2) in the same school (Tan), teacher of another school
(Wei), counsellor (Lu), case worker (Mo), community partner (Nong), a parent
(Pan), and a stranger with an account but no role.
"""

import os
import time
import uuid
from types import SimpleNamespace

import pytest

from portal import sms
from portal.dashboard import memo as dashboard_memo
from portal.models import Role
from portal.tests.factories import UserFactory, assign
from schools.tests.factories import (
    DistrictFactory,
    SchoolClassFactory,
    SchoolFactory,
    StudentFactory,
    VillageFactory,
)


@pytest.fixture(autouse=True)
def _clean_outboxes(settings):
    sms.outbox.clear()
    yield
    sms.outbox.clear()


@pytest.fixture(autouse=True)
def _own_cache_namespace(settings):
    """Each test gets its own cache key prefix instead of flushing Redis,
    which would wipe the rate-limit counters of runs beside it."""
    caches = {alias: dict(config) for alias, config in settings.CACHES.items()}
    caches["default"]["KEY_PREFIX"] = f"tongxin-test-{os.getpid()}-{uuid.uuid4().hex[:12]}"
    settings.CACHES = caches
    dashboard_memo.clear()  # the worker-local layer in front of the cache
    yield


@pytest.fixture
def english(settings):
    """Pages in English, so assertions read the source strings."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def clock(monkeypatch):
    """Moves the wall clock allauth reads (code expiry, rate limits) forward."""
    real_time = time.time
    offset = {"seconds": 0.0}
    monkeypatch.setattr(time, "time", lambda: real_time() + offset["seconds"])

    def advance(seconds: float) -> None:
        offset["seconds"] += seconds

    return advance


@pytest.fixture
def city(db):
    qingxiu = DistrictFactory(name="青秀区", code="450103")
    xixiangtang = DistrictFactory(name="西乡塘区", code="450107")
    school = SchoolFactory(district=qingxiu, name="青秀区第一小学")
    other_school = SchoolFactory(district=xixiangtang, name="西乡塘区滨江小学")
    class_1 = SchoolClassFactory(school=school, grade=3, number=1)
    class_2 = SchoolClassFactory(school=school, grade=3, number=2)
    other_class = SchoolClassFactory(school=other_school, grade=3, number=1)
    village = VillageFactory(town__district=qingxiu, town__name="长塘镇", name="长塘村")
    return SimpleNamespace(
        qingxiu=qingxiu,
        xixiangtang=xixiangtang,
        school=school,
        other_school=other_school,
        class_1=class_1,
        class_2=class_2,
        other_class=other_class,
        village=village,
        student_1=StudentFactory(school_class=class_1, name="李明"),
        student_2=StudentFactory(school_class=class_2, name="王芳"),
        other_student=StudentFactory(school_class=other_class, name="赵强"),
    )


@pytest.fixture
def people(city):
    def person(username, name, role=None, **scope):
        user = UserFactory(username=username, name=name)
        if role is not None:
            assign(user, role, **scope)
        return user

    return SimpleNamespace(
        city_officer=person("chen", "陈局", Role.CITY_OFFICER),
        district_officer=person("deng", "邓科长", Role.DISTRICT_OFFICER, district=city.qingxiu),
        other_district_officer=person(
            "xu", "许科长", Role.DISTRICT_OFFICER, district=city.xixiangtang
        ),
        school_leader=person("liang", "梁校长", Role.SCHOOL_LEADER, school=city.school),
        head_teacher=person("huang", "黄老师", Role.HEAD_TEACHER, school_class=city.class_1),
        teacher=person("tan", "谭老师", Role.TEACHER, school_class=city.class_2),
        other_school_teacher=person("wei", "韦老师", Role.TEACHER, school_class=city.other_class),
        counsellor=person("lu", "陆老师", Role.COUNSELLOR, school=city.school),
        case_worker=person("mo", "莫社工", Role.CASE_WORKER, district=city.qingxiu),
        partner=person("nong", "农主任", Role.COMMUNITY_PARTNER, village=city.village),
        parent=person("pan", "潘家长", Role.PARENT),
        stranger=person("stranger", "路人"),
    )
