"""Many rows of any of the project's models, quickly, for the list query
counts: every app's factories, plus small ones here for models whose rows
only services write."""

import datetime
import importlib
from decimal import Decimal

import factory
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.utils import timezone

from community.models import ApprovalRecord
from community.tests.factories import BookingSlotFactory, EducationResourceFactory, next_week
from families.models import ReplayView
from families.tests.factories import BindingCodeFactory, FamilyLinkFactory
from families.tests.factories_attendance import LectureFactory
from portal.models import (
    AuditEntry,
    Delivery,
    IndicatorSnapshot,
    Notification,
    NotificationPreference,
    Report,
    Role,
    RoleAssignment,
    Target,
)
from portal.tests.factories import UserFactory
from programs.models import AlertStep, FollowUp
from programs.tests.factories_cases import (
    AlertFactory,
    CaseFactory,
    ReferralFactory,
    ReviewFactory,
)
from schools.models import (
    CommitteeDecision,
    CommitteeMeeting,
    CommitteeMember,
    CommitteeRole,
    HomeVisit,
    LawSession,
    VisitedStudent,
    VisitForm,
)
from schools.tests.factories import (
    DistrictFactory,
    GuardianFactory,
    LawAppointmentFactory,
    ParentCommitteeFactory,
    SchoolFactory,
    SemesterFactory,
    StudentFactory,
)

# This module first: its factories stand in for those that need more arguments.
FACTORY_MODULES = [
    __name__,
    "schools.tests.factories",
    "community.tests.factories",
    "community.tests.factories_partners",
    "families.tests.factories",
    "families.tests.factories_attendance",
    "families.tests.factories_content",
    "programs.tests.factories",
    "programs.tests.factories_cases",
    "portal.tests.factories",
]


class BookingSlotRowFactory(BookingSlotFactory):
    date = factory.Sequence(lambda n: next_week() + datetime.timedelta(days=n))


class DistrictRowFactory(DistrictFactory):
    class Meta:
        django_get_or_create = ()

    code = factory.Sequence(lambda n: f"99{n:04d}")


class SemesterRowFactory(SemesterFactory):
    class Meta:
        django_get_or_create = ()

    school_year = factory.Sequence(lambda n: 1900 + n)
    starts_on = factory.LazyAttribute(lambda o: datetime.date(o.school_year, 9, 1))
    ends_on = factory.LazyAttribute(lambda o: datetime.date(o.school_year + 1, 1, 31))


class BindingCodeRowFactory(BindingCodeFactory):
    student = factory.SubFactory(StudentFactory)


class FamilyLinkRowFactory(FamilyLinkFactory):
    student = factory.SubFactory(StudentFactory)


class ApprovedCaseFactory(CaseFactory):
    active = True
    approved_by = factory.SubFactory(UserFactory)


class ReviewRowFactory(ReviewFactory):
    case = factory.SubFactory(ApprovedCaseFactory)
    done_on = factory.LazyFunction(timezone.localdate)
    by = factory.SelfAttribute("case.lead")


class ReferralRowFactory(ReferralFactory):
    case = factory.SubFactory(ApprovedCaseFactory, consented=True)


class RoleAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleAssignment

    user = factory.SubFactory(UserFactory)
    role = Role.PARENT


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    recipient = factory.SubFactory(UserFactory)
    kind = "lecture_reminder"
    subject_key = factory.Sequence(lambda n: f"subject-{n}")
    due_at = factory.LazyFunction(timezone.now)
    title = factory.Sequence(lambda n: f"通知{n}")
    mode = "instant"


class DeliveryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Delivery

    notification = factory.SubFactory(NotificationFactory)
    channel = "sms"
    address = "13800000000"
    status = "sent"


class NotificationPreferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NotificationPreference

    user = factory.SubFactory(UserFactory)
    kind = factory.Sequence(lambda n: f"kind_{n}")
    mode = "digest"


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Target

    indicator = factory.Sequence(lambda n: f"indicator_{n}")
    district = factory.SubFactory(DistrictFactory)
    value = Decimal("80")


class IndicatorSnapshotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndicatorSnapshot

    month = datetime.date(2026, 9, 1)
    indicator = factory.Sequence(lambda n: f"indicator_{n}")
    district = factory.SubFactory(DistrictFactory)
    numerator = Decimal("8")
    denominator = Decimal("10")


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Report

    level = "district"
    district = factory.SubFactory(DistrictFactory)
    month = datetime.date(2026, 9, 1)
    status = "done"
    requested_by = factory.SubFactory(UserFactory)


class AuditEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AuditEntry

    user = factory.SubFactory(UserFactory)
    action = "view"
    content_type = factory.LazyFunction(lambda: ContentType.objects.get_for_model(HomeVisit))
    object_id = factory.Sequence(str)
    district = factory.SubFactory(DistrictFactory)


class HomeVisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HomeVisit

    school = factory.SubFactory(SchoolFactory)
    district = factory.SelfAttribute("school.district")
    semester = factory.SubFactory(SemesterFactory)
    visited_on = datetime.date(2026, 10, 9)
    form = VisitForm.AT_HOME
    summary = "了解孩子在家学习情况。"
    author = factory.SubFactory(UserFactory)


class VisitedStudentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VisitedStudent

    visit = factory.SubFactory(HomeVisitFactory)
    student = factory.SubFactory(
        StudentFactory, school_class__school=factory.SelfAttribute("...visit.school")
    )
    semester = factory.SelfAttribute("visit.semester")
    school = factory.SelfAttribute("visit.school")


class CommitteeMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommitteeMember

    committee = factory.SubFactory(ParentCommitteeFactory)
    guardian = factory.SubFactory(GuardianFactory)
    role = CommitteeRole.MEMBER
    term_starts_on = datetime.date(2025, 9, 1)
    term_ends_on = datetime.date(2027, 8, 31)


class CommitteeMeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommitteeMeeting

    committee = factory.SubFactory(ParentCommitteeFactory)
    held_on = datetime.date(2026, 10, 1)
    attendees = 7
    minutes = "讨论本学期家长开放日安排。"


class CommitteeDecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommitteeDecision

    meeting = factory.SubFactory(CommitteeMeetingFactory)
    text = "同意举办家长开放日。"
    votes_for = 7


class LawSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LawSession

    appointment = factory.SubFactory(LawAppointmentFactory)
    school = factory.SelfAttribute("appointment.school")
    district = factory.SelfAttribute("appointment.district")
    held_on = datetime.date(2026, 10, 20)
    class_hours = Decimal("1")
    topic = factory.Sequence(lambda n: f"法治课{n}")
    audience = "五年级"


class ApprovalRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ApprovalRecord

    resource = factory.SubFactory(EducationResourceFactory)
    status = "approved"
    decided_by = factory.SubFactory(UserFactory)


class ReplayViewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReplayView

    lecture = factory.SubFactory(LectureFactory, online=True)
    user = factory.SubFactory(UserFactory)


class FollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUp

    case = factory.SubFactory(ApprovedCaseFactory)
    by = factory.SelfAttribute("case.lead")
    happened_on = factory.LazyFunction(timezone.localdate)
    note = "电话了解孩子近况。"


class AlertStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AlertStep

    alert = factory.SubFactory(AlertFactory)
    by = factory.SelfAttribute("alert.raised_by")
    action = "received"
    level = "early_warning"


def _factories() -> dict:
    found = {}
    for name in FACTORY_MODULES:
        for value in vars(importlib.import_module(name)).values():
            if (
                isinstance(value, type)
                and value.__module__ == name
                and issubclass(value, factory.django.DjangoModelFactory)
                and value._meta.model is not None
            ):
                found.setdefault(value._meta.model, value)
    return found


FACTORIES = _factories()


def _unique_parents(model, strict: bool) -> set[str]:
    """Foreign keys that take part in a unique rule, so rows cannot share
    them. Unless `strict`, a rule that also holds a plain field is left
    out: factories give such fields a fresh value per row."""
    relations = {field.name for field in model._meta.concrete_fields if field.is_relation}
    rules = [getattr(constraint, "fields", ()) for constraint in model._meta.constraints]
    rules += list(model._meta.unique_together)
    names = {field.name for field in model._meta.concrete_fields if field.unique}
    for rule in rules:
        if strict or set(rule) <= relations:
            names.update(rule)
    return names & relations


def _build_rest(model, maker, first, count, fields, strict, vary, vary_fields):
    parents = [field for field in model._meta.concrete_fields if field.is_relation]
    unique = _unique_parents(model, strict) | set(vary)
    shared = {
        field.name: getattr(first, field.name)
        for field in parents
        if field.name not in fields and field.name not in unique
    }
    own = {
        field.name: make_rows(field.related_model, count, **_fields_of(field.name, vary_fields))
        for field in parents
        if field.name not in fields and field.name in unique and getattr(first, field.name)
    }
    return [
        maker.build(**shared, **{name: rows[i] for name, rows in own.items()}, **fields)
        for i in range(count)
    ]


def _fields_of(parent: str, fields: dict) -> dict:
    prefix = f"{parent}__"
    return {
        name.removeprefix(prefix): value
        for name, value in fields.items()
        if name.startswith(prefix)
    }


def make_rows(model, count: int, vary: tuple[str, ...] = (), **fields) -> list:
    """`count` rows of `model`: the first through its factory, the rest
    built beside it and written in one query. They share the first row's
    parents, except parents under a unique rule or named in `vary`, which
    are made the same way (with the `parent__field` values given)."""
    maker = FACTORIES[model]
    first = maker(**fields)
    if count == 1:
        return [first]
    vary_fields = {name: value for name, value in fields.items() if name.split("__")[0] in vary}
    fields = {name: value for name, value in fields.items() if name not in vary_fields}
    arguments = (model, maker, first, count - 1, fields)
    try:
        with transaction.atomic():
            rest = _build_rest(*arguments, strict=False, vary=vary, vary_fields=vary_fields)
            return [first, *model.objects.bulk_create(rest)]
    except IntegrityError:
        rest = _build_rest(*arguments, strict=True, vary=vary, vary_fields=vary_fields)
        return [first, *model.objects.bulk_create(rest)]
