"""The "1+1+N" rural care networks: a school leader or the district sets up a
network for a town school with a teacher as its head and a village or
community cadre beside them; the head chooses its students; the head, the
cadre and those above them log contacts and visits."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal import access, notify
from portal.models import User
from programs.models import CareNetwork, ContactKind, NetworkContact, NetworkMember
from programs.selectors import networks as selectors
from schools.models import School, Student, Town

from .errors import ProgramsError

NETWORK_ASSIGNED = notify.register_kind(
    "programs.network_assigned", gettext_lazy("Care networks I am the head or cadre of")
)

MAX_NAME = 120
MAX_NOTE = 2000
MIN_PERIOD, MAX_PERIOD = 1, 365


def only_keepers_choose() -> str:
    """The refusal when someone else chooses a network's students."""
    return _("Only the network's head, the school's leaders and the district choose its students.")


# --- Checks shared by setting up and changing --------------------------------


def _clean_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise ProgramsError(_("Give the network a name."), field="name")
    if len(name) > MAX_NAME:
        raise ProgramsError(
            _("A network's name has at most %(count)d characters.") % {"count": MAX_NAME},
            field="name",
        )
    return name


def _clean_period(days) -> int:
    if isinstance(days, bool) or not isinstance(days, int) or not MIN_PERIOD <= days <= MAX_PERIOD:
        raise ProgramsError(
            _("Contact every %(low)d to %(high)d days.") % {"low": MIN_PERIOD, "high": MAX_PERIOD},
            field="contact_every_days",
        )
    return days


def _clean_town(town: Town | None, school: School) -> Town | None:
    if town is None:
        return school.town
    if town.district_id != school.district_id:
        raise ProgramsError(
            _("Choose a town or street of %(district)s.") % {"district": school.district},
            field="town",
        )
    return town


def _check_people(*, school: School, head: User | None, cadre: User | None) -> None:
    if head is None or not selectors.head_candidates(school.pk).filter(pk=head.pk).exists():
        raise ProgramsError(
            _("The network head must be a teacher, head teacher or leader of %(school)s.")
            % {"school": school},
            field="head",
        )
    if (
        cadre is None
        or not selectors.cadre_candidates(school.district_id).filter(pk=cadre.pk).exists()
    ):
        raise ProgramsError(
            _("The cadre must be a village or community cadre of %(district)s.")
            % {"district": school.district},
            field="cadre",
        )
    if head.pk == cadre.pk:
        raise ProgramsError(
            _("The head and the cadre must be two different people."), field="cadre"
        )


def _check_students(
    *, network: CareNetwork, students: Iterable[Student], by: User
) -> list[Student]:
    """The students, once each, all on the roster of the network's school and
    seen by `by`; the message names no student `by` may not see."""
    wanted = {student.pk: student for student in students}
    if not wanted:
        raise ProgramsError(_("Choose at least one student."), field="students")
    allowed = set(
        access.visible(by, Student)
        .filter(pk__in=list(wanted), school_id=network.school_id, is_active=True)
        .values_list("pk", flat=True)
    )
    if set(wanted) - allowed:
        raise ProgramsError(
            _("Choose students of %(school)s who are on the roster.") % {"school": network.school},
            field="students",
        )
    already = list(
        NetworkMember.objects.filter(network=network, student_id__in=list(wanted))
        .select_related("student")
        .order_by("student__name")
    )
    if already:
        raise ProgramsError(
            _("Already in this network: %(names)s.")
            % {"names": "、".join(member.student.name for member in already)},
            field="students",
        )
    return list(wanted.values())


def _locked(network: CareNetwork) -> CareNetwork:
    return (
        CareNetwork.objects.select_for_update(of=("self",))
        .select_related("school__district", "school__town", "district", "head", "cadre")
        .get(pk=network.pk)
    )


def _tell(network: CareNetwork, person: User, by: User) -> None:
    """Tell the head or the cadre, once per network and person, however often
    they are put back in: the key is the network's set-up minute."""
    if person.pk == by.pk:
        return
    notify.notify(
        kind=NETWORK_ASSIGNED.key,
        recipient=person,
        subject_key=f"care-network:{network.pk}",
        title=_("You are in the care network %(name)s") % {"name": network.name},
        body=_(
            "%(school)s · head %(head)s · cadre %(cadre)s · "
            "contact each student every %(days)d days."
        )
        % {
            "school": network.school,
            "head": network.head,
            "cadre": network.cadre,
            "days": network.contact_every_days,
        },
        url=reverse("programs:network-detail", args=[network.pk]),
        due_at=network.created_at.replace(second=0, microsecond=0),
    )


# --- Networks --------------------------------------------------------------


@transaction.atomic
def set_up_network(
    *,
    by: User,
    name: str,
    school: School,
    head: User | None,
    cadre: User | None,
    contact_every_days: int = 30,
    town: Town | None = None,
    students: Iterable[Student] = (),
) -> CareNetwork:
    if school is None or not selectors.may_set_up(by, school):
        raise ProgramsError(_("You may not set up a network for this school."), field="school")
    name = _clean_name(name)
    town = _clean_town(town, school)
    _check_people(school=school, head=head, cadre=cadre)
    contact_every_days = _clean_period(contact_every_days)
    network = CareNetwork.objects.create(
        name=name,
        school=school,
        district_id=school.district_id,
        town=town,
        head=head,
        cadre=cadre,
        contact_every_days=contact_every_days,
    )
    students = list(students)
    if students:
        chosen = _check_students(network=network, students=students, by=by)
        _join(network, chosen)
    _tell(network, head, by)
    _tell(network, cadre, by)
    return network


@transaction.atomic
def change_network(
    *,
    network: CareNetwork,
    by: User,
    name: str,
    head: User | None,
    cadre: User | None,
    contact_every_days: int,
    town: Town | None = None,
) -> CareNetwork:
    """Rename the network, give it another head or cadre, another town or
    another period. A new head or cadre is told, once."""
    network = _locked(network)
    if not selectors.may_keep(by, network):
        raise ProgramsError(_("Only the school's leaders and the district change a network."))
    if not network.is_active:
        raise ProgramsError(_("This network is closed; reopen it before changing it."))
    network.name = _clean_name(name)
    network.town = _clean_town(town, network.school)
    _check_people(school=network.school, head=head, cadre=cadre)
    network.contact_every_days = _clean_period(contact_every_days)
    newcomers = [
        person
        for person, before in ((head, network.head_id), (cadre, network.cadre_id))
        if person.pk != before
    ]
    network.head, network.cadre = head, cadre
    network.save(update_fields=["name", "town", "head", "cadre", "contact_every_days"])
    for person in newcomers:
        _tell(network, person, by)
    return network


@transaction.atomic
def deactivate_network(*, network: CareNetwork, by: User) -> CareNetwork:
    """Close a network: its students and contacts stay on record; it no
    longer counts for the district and takes no new contacts."""
    return _set_active(network=network, by=by, active=False)


@transaction.atomic
def reactivate_network(*, network: CareNetwork, by: User) -> CareNetwork:
    return _set_active(network=network, by=by, active=True)


def _set_active(*, network: CareNetwork, by: User, active: bool) -> CareNetwork:
    network = _locked(network)
    if not selectors.may_keep(by, network):
        raise ProgramsError(
            _("Only the school's leaders and the district close or reopen a network.")
        )
    if network.is_active != active:
        network.is_active = active
        network.save(update_fields=["is_active"])
    return network


# --- Students --------------------------------------------------------------


def _join(network: CareNetwork, students: list[Student]) -> list[NetworkMember]:
    today = timezone.localdate()
    return NetworkMember.objects.bulk_create(
        NetworkMember(network=network, student=student, joined_on=today) for student in students
    )


@transaction.atomic
def add_students(
    *, network: CareNetwork, students: Iterable[Student], by: User
) -> list[NetworkMember]:
    network = _locked(network)
    if not selectors.may_keep_members(by, network):
        raise ProgramsError(only_keepers_choose())
    if not network.is_active:
        raise ProgramsError(_("This network is closed; reopen it before adding students."))
    return _join(network, _check_students(network=network, students=students, by=by))


@transaction.atomic
def remove_student(*, network: CareNetwork, student: Student, by: User) -> None:
    """Take a student out; the contacts logged for them stay on record."""
    network = _locked(network)
    if not selectors.may_keep_members(by, network):
        raise ProgramsError(only_keepers_choose())
    deleted, _rows = NetworkMember.objects.filter(network=network, student=student).delete()
    if not deleted:
        raise ProgramsError(
            _("%(name)s is not in this network.") % {"name": student.name}, field="student"
        )


# --- Contacts --------------------------------------------------------------


@transaction.atomic
def log_contact(
    *,
    network: CareNetwork,
    student: Student,
    by: User,
    contacted_on: datetime.date | None,
    kind: str,
    note: str = "",
) -> NetworkContact:
    if not selectors.may_log_contacts(by, network):
        raise ProgramsError(
            _(
                "Only the network's head and cadre, the school's leaders and the district "
                "log its contacts."
            )
        )
    if not network.is_active:
        raise ProgramsError(_("This network is closed; contacts can no longer be logged."))
    member = (
        NetworkMember.objects.filter(network=network, student=student).first()
        if student is not None
        else None
    )
    if member is None:
        raise ProgramsError(_("Choose a student of this network."), field="student")
    if contacted_on is None:
        raise ProgramsError(_("Give the date of the contact."), field="contacted_on")
    if contacted_on > timezone.localdate():
        raise ProgramsError(_("The contact cannot be in the future."), field="contacted_on")
    if contacted_on < member.joined_on:
        raise ProgramsError(
            _("The contact cannot be before %(name)s joined the network on %(date)s.")
            % {"name": student.name, "date": member.joined_on.isoformat()},
            field="contacted_on",
        )
    if kind not in ContactKind.values:
        raise ProgramsError(_("Choose how you were in touch."), field="kind")
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise ProgramsError(
            _("Keep the note to %(count)d characters.") % {"count": MAX_NOTE}, field="note"
        )
    return NetworkContact.objects.create(
        network=network,
        student=student,
        by=by,
        contacted_on=contacted_on,
        kind=kind,
        note=note,
    )
