"""Binding a parent's account to a child on the roster.

Two ways in: a one-time code the school issues per student, or the class
code, the student number and the account's verified mobile number, which
must be a guardian's number on that student's roster. Either way the link
names the roster guardian with the account's number: the code proves the
school handed it over, the number says which of the child's guardians this
is. A code without a matching number is refused rather than guessed, so a
code passed on to a stranger does not open a child's records.

Wrong tries are limited per account and per address (five in fifteen
minutes), counted in the cache with their times so that the window slides.
"""

from __future__ import annotations

import datetime
import math
import secrets
import time
from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from families.models import BindingCode, FamilyLink
from families.selectors.binding import classes_for_codes
from families.services.errors import BindingError
from portal.accounts.services import grant_parent_role
from portal.models import User
from portal.phones import normalize_mobile
from schools.models import Guardian, Guardianship, SchoolClass, Student

# No 0/O, 1/I/L: read aloud or copied from paper without doubt.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
CODE_VALID_DAYS = 30
MAX_WRONG_TRIES = 5
WRONG_TRY_WINDOW = 15 * 60


# --- Codes ---------------------------------------------------------------


def normalize_code(raw: str) -> str:
    return "".join(ch for ch in (raw or "").upper() if ch.isalnum())


def format_code(code: str) -> str:
    """ABCD-EFGH: two groups are easier to copy from paper."""
    return f"{code[:4]}-{code[4:]}" if len(code) == CODE_LENGTH else code


def _new_codes(count: int) -> list[str]:
    codes: set[str] = set()
    while len(codes) < count:
        needed = count - len(codes)
        fresh = {
            "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
            for _ in range(needed)
        }
        taken = set(BindingCode.objects.filter(code__in=fresh).values_list("code", flat=True))
        codes |= fresh - taken
    return list(codes)


@transaction.atomic
def issue_codes_for_class(
    *, issued_by: User, school_class: SchoolClass, valid_days: int = CODE_VALID_DAYS
) -> list[BindingCode]:
    """A fresh code for every student on the class's roster; the unused codes
    issued before stop working, so a reprinted list replaces the old one."""
    if not classes_for_codes(issued_by).filter(pk=school_class.pk).exists():
        raise Http404
    now = timezone.now()
    students = list(
        Student.objects.filter(school_class=school_class, is_active=True).order_by("student_number")
    )
    BindingCode.objects.filter(
        student__in=students, used_at__isnull=True, expires_at__gt=now
    ).update(expires_at=now)
    expires_at = now + datetime.timedelta(days=valid_days)
    codes = [
        BindingCode(student=student, code=code, issued_by=issued_by, expires_at=expires_at)
        for student, code in zip(students, _new_codes(len(students)), strict=True)
    ]
    BindingCode.objects.bulk_create(codes)
    for code in codes:
        code.issued_at = now
    return codes


# --- Wrong tries -----------------------------------------------------------


def _attempt_keys(user: User, ip: str | None) -> list[str]:
    keys = [f"families:binding-tries:user:{user.pk}"]
    if ip:
        keys.append(f"families:binding-tries:ip:{ip}")
    return keys


def _recent(key: str, now: float) -> list[float]:
    return [stamp for stamp in cache.get(key, []) if stamp > now - WRONG_TRY_WINDOW]


def ensure_not_rate_limited(*, user: User, ip: str | None) -> None:
    now = time.time()
    for key in _attempt_keys(user, ip):
        stamps = _recent(key, now)
        if len(stamps) >= MAX_WRONG_TRIES:
            wait = math.ceil((min(stamps) + WRONG_TRY_WINDOW - now) / 60)
            raise BindingError(
                ngettext(
                    "Too many wrong tries. Please wait %(minutes)d minute and try again, "
                    "or ask your child's head teacher for help.",
                    "Too many wrong tries. Please wait %(minutes)d minutes and try again, "
                    "or ask your child's head teacher for help.",
                    wait,
                )
                % {"minutes": wait}
            )


def _record_wrong_try(user: User, ip: str | None) -> None:
    now = time.time()
    for key in _attempt_keys(user, ip):
        cache.set(key, [*_recent(key, now), now], WRONG_TRY_WINDOW)


def _wrong(user: User, ip: str | None, message: str, field: str) -> BindingError:
    _record_wrong_try(user, ip)
    return BindingError(message, field=field)


def wrong_tries_left(*, user: User, ip: str | None) -> int:
    now = time.time()
    used = max(len(_recent(key, now)) for key in _attempt_keys(user, ip))
    return max(MAX_WRONG_TRIES - used, 0)


# --- Binding ---------------------------------------------------------------


def _verified_phone(user: User) -> str:
    phone = normalize_mobile(user.phone or "") if user.phone_verified else ""
    if not phone:
        raise BindingError(
            _(
                "First add your mobile number to your account and confirm it with the "
                "text message code. It must be the number the school has for you."
            ),
            field="__all__",
        )
    return phone


def _ensure_not_bound(user: User, student: Student) -> None:
    if FamilyLink.objects.filter(user=user, student=student).exists():
        raise BindingError(
            _("%(name)s is already linked to your account.") % {"name": student.name},
            field="__all__",
        )


def _link(*, user: User, student: Student, guardian: Guardian, method: str) -> FamilyLink:
    link = FamilyLink.objects.create(user=user, student=student, guardian=guardian, method=method)
    if not user.name:
        # Parents sign up with a number alone; without the roster's name for
        # that number, check-in lists and certificates would show a masked phone.
        user.name = guardian.name
        user.save(update_fields=["name"])
    grant_parent_role(user=user)
    return link


@transaction.atomic
def bind_with_code(*, user: User, code: str, ip: str | None = None) -> FamilyLink:
    ensure_not_rate_limited(user=user, ip=ip)
    phone = _verified_phone(user)
    normalized = normalize_code(code)
    binding = (
        BindingCode.objects.select_for_update(of=("self",))
        .select_related("student")
        .filter(code=normalized)
        .first()
        if len(normalized) == CODE_LENGTH
        else None
    )
    if binding is None:
        raise _wrong(
            user,
            ip,
            _("This code is not right. Check each letter and number on the school's slip."),
            "code",
        )
    if binding.used_at is not None:
        raise _wrong(
            user,
            ip,
            _(
                "This code has already been used. Each code works once; "
                "ask the school for a new one."
            ),
            "code",
        )
    if binding.expires_at <= timezone.now():
        raise _wrong(
            user,
            ip,
            _(
                "This code has expired or was replaced by a newer one. "
                "Ask the school for a new one."
            ),
            "code",
        )
    student = binding.student
    if not student.is_active:
        raise BindingError(
            _("This child is no longer on the school's roster. Please ask the school."),
            field="code",
        )
    guardianship = (
        Guardianship.objects.select_related("guardian")
        .filter(student=student, guardian__phone=phone)
        .order_by("position")
        .first()
    )
    if guardianship is None:
        # The code is right but not consumed: the family may still use it
        # once the number is corrected on the roster.
        raise BindingError(
            _(
                "The code is right, but your mobile number is not on the school's list for "
                "this child. Log in with the number you gave the school, or ask the head "
                "teacher to add your number, then use the same code again."
            ),
            field="code",
        )
    _ensure_not_bound(user, student)
    binding.used_at = timezone.now()
    binding.used_by = user
    binding.save(update_fields=["used_at", "used_by"])
    return _link(
        user=user, student=student, guardian=guardianship.guardian, method=FamilyLink.Method.CODE
    )


@dataclass(frozen=True)
class ClassCode:
    school_code: str
    grade: int
    number: int

    def __str__(self):
        return f"{self.school_code}-{self.grade}-{self.number}"


def class_code_of(school_class: SchoolClass) -> str:
    """What parents are told: school code, grade and class number, e.g. 4501030001-3-1."""
    return str(ClassCode(school_class.school.code, school_class.grade, school_class.number))


def parse_class_code(raw: str) -> ClassCode:
    text = (raw or "").strip().upper().replace("－", "-").replace("—", "-").replace(" ", "")
    parts = text.rsplit("-", 2)
    try:
        school_code, grade, number = parts
        return ClassCode(school_code, int(grade), int(number))
    except ValueError:
        raise BindingError(
            _(
                "Write the class code as the school gave it: school number, grade and class, "
                "with dashes, for example 4501030001-3-1."
            ),
            field="class_code",
        ) from None


@transaction.atomic
def bind_with_roster(
    *, user: User, class_code: str, student_number: str, ip: str | None = None
) -> FamilyLink:
    ensure_not_rate_limited(user=user, ip=ip)
    phone = _verified_phone(user)
    parsed = parse_class_code(class_code)
    guardianship = (
        Guardianship.objects.select_related("student", "guardian")
        .filter(
            student__school__code__iexact=parsed.school_code,
            student__school_class__grade=parsed.grade,
            student__school_class__number=parsed.number,
            student__student_number=(student_number or "").strip(),
            student__is_active=True,
            guardian__phone=phone,
        )
        .order_by("position")
        .first()
    )
    if guardianship is None:
        # One message for every mismatch, so the form cannot be used to find
        # out which children are in a class or whose number is on the roster.
        raise _wrong(
            user,
            ip,
            _(
                "We could not find a child with this class code and student number who has "
                "your mobile number on the school's list. Check the numbers, or ask the head "
                "teacher."
            ),
            "__all__",
        )
    _ensure_not_bound(user, guardianship.student)
    return _link(
        user=user,
        student=guardianship.student,
        guardian=guardianship.guardian,
        method=FamilyLink.Method.ROSTER_PHONE,
    )
