"""Every field a person types into is bounded, found by walking the code
rather than by listing pages: a form or input serializer added tomorrow is
checked without anyone remembering to add it here.

Free text and lists need a max_length; a date or a date and time needs the portal's
range (portal.input_limits), or a minimum and maximum of its own. The
forms the back office builds from its models on each request are walked
too, as a superuser sees them (every field, every inline).
"""

import copy
import datetime
import importlib
import pkgutil
import sys

import pytest
from django import forms
from django.contrib import admin
from django.core.validators import MaxValueValidator, MinValueValidator
from django.test import RequestFactory
from rest_framework import serializers

from portal.admin_scoping import bounded
from portal.input_limits import DATE_RANGE, DATETIME_RANGE

APPS = ("portal", "schools", "community", "families", "programs")
# Settings modules read one deployment's environment; migrations and tests
# define no form a person fills in.
NOT_IMPORTED = {"migrations", "tests", "settings"}

EXEMPT = {
    # allauth hashes the password and never stores or shows what was typed.
    "portal.accounts.forms.LoginForm.password",
    # MobileField.clean refuses anything that is not an 11-digit mobile number.
    "portal.admin_forms.StaffAccountForm.phone",
    "admin:portal.User.phone",  # the same form, as the back office builds it
    # Radio buttons of ContactKind; the service refuses any other value.
    "programs.forms.networks.ContactForm.kind",
}


def _import_everything() -> None:
    """Forms and serializers exist as subclasses only once their modules are
    imported; import every module of every app, not only those named forms."""
    for app in APPS:
        package = importlib.import_module(app)
        for module in pkgutil.walk_packages(package.__path__, f"{app}."):
            if NOT_IMPORTED.isdisjoint(module.name.split(".")):
                importlib.import_module(module.name)


def _subclasses(base: type) -> set[type]:
    found = set()
    for cls in base.__subclasses__():
        found |= {cls, *_subclasses(cls)}
    return found


def _ours(classes) -> list[type]:
    return sorted(
        (cls for cls in classes if cls.__module__.split(".")[0] in APPS and _defined(cls)),
        key=lambda cls: (cls.__module__, cls.__qualname__),
    )


def _defined(cls) -> bool:
    """Written in a module, not made while a test ran (the admin subclasses
    its forms per request), so the result does not depend on test order."""
    found = sys.modules[cls.__module__]
    for name in cls.__qualname__.split("."):
        found = getattr(found, name, None)
    return found is cls


def form_classes() -> list[type]:
    _import_everything()
    return _ours(_subclasses(forms.BaseForm))


def serializer_classes() -> list[type]:
    _import_everything()
    return _ours(_subclasses(serializers.BaseSerializer))


def input_serializer_classes() -> list[type]:
    """The API names its serializers Input or Output (STYLE.md); only Input
    ones take what a client sends."""
    return [cls for cls in serializer_classes() if cls.__name__.endswith("Input")]


def _has_range(validators, expected, *, moments: bool) -> bool:
    """The portal's range, or a minimum and a maximum of the field's own
    type: a date limit on a date and time cannot even be compared."""
    if all(validator in validators for validator in expected):
        return True
    kinds = {
        type(validator)
        for validator in validators
        if isinstance(validator, MinValueValidator | MaxValueValidator)
        and isinstance(_limit(validator), datetime.datetime) == moments
    }
    return {MinValueValidator, MaxValueValidator} <= kinds


def _limit(validator):
    limit = validator.limit_value
    return limit() if callable(limit) else limit


def unbounded(name: str, field) -> str | None:
    """Why a form or serializer field is unbounded, or None."""
    if isinstance(field, serializers.ListField | serializers.ListSerializer):
        return None if field.max_length is not None else f"{name}: no max_length"
    if isinstance(field, forms.CharField | serializers.CharField):
        return None if field.max_length is not None else f"{name}: no max_length"
    if isinstance(field, forms.DateTimeField | serializers.DateTimeField):
        bounded = _has_range(field.validators, DATETIME_RANGE, moments=True)
        return None if bounded else f"{name}: no range"
    if isinstance(field, forms.DateField | serializers.DateField):
        bounded = _has_range(field.validators, DATE_RANGE, moments=False)
        return None if bounded else f"{name}: no range"
    return None


def form_fields(cls) -> dict:
    """The class's fields without building a form: a ModelForm's metaclass
    has already made base_fields from its model, and a back-office one is
    seen as the back office builds it."""
    built = _as_the_back_office_builds(cls) if _is_back_office_form(cls) else cls
    return {
        f"{cls.__module__}.{cls.__qualname__}.{name}": f for name, f in built.base_fields.items()
    }


def _is_back_office_form(cls) -> bool:
    if not (issubclass(cls, forms.ModelForm) and cls._meta.model):
        return False
    registered = {model_admin.form for model_admin in admin.site._registry.values()}
    return cls in registered or ".admin" in cls.__module__


def _as_the_back_office_builds(cls):
    """The form through the back office's own field callback (ScopedAdmin),
    which gives the model's fields the portal's limits."""
    return forms.modelform_factory(
        cls._meta.model,
        form=cls,
        fields=cls._meta.fields if cls._meta.exclude is None else None,
        exclude=cls._meta.exclude,
        formfield_callback=lambda db_field, **kwargs: db_field.formfield(
            **bounded(db_field, kwargs)
        ),
    )


def serializer_fields(cls, prefix: str | None = None) -> dict:
    """The writable fields, nested serializers and list children included."""
    prefix = prefix or f"{cls.__module__}.{cls.__qualname__}"
    try:
        fields = cls().get_fields()
    except Exception:  # one that needs arguments to be built
        fields = copy.deepcopy(cls._declared_fields)
    found = {}
    for name, field in fields.items():
        if field.read_only:
            continue
        found.update(_writable(f"{prefix}.{name}", field))
    return found


def _writable(name: str, field) -> dict:
    """The field and what it holds; a list is checked itself (for its
    length) and for its items."""
    if isinstance(field, serializers.ListSerializer):
        return {name: field, **_writable(f"{name}[]", field.child)}
    if isinstance(field, serializers.BaseSerializer):
        return serializer_fields(type(field), prefix=name)
    if isinstance(field, serializers.ListField):
        return {name: field, **_writable(f"{name}[]", field.child)}
    if isinstance(field, serializers.DictField):
        return _writable(f"{name}[]", field.child)
    return {name: field}


def problems(fields: dict) -> list[str]:
    return [
        problem
        for name, field in fields.items()
        if name not in EXEMPT and (problem := unbounded(name, field))
    ]


def all_form_fields() -> dict:
    return {name: f for cls in form_classes() for name, f in form_fields(cls).items()}


def all_serializer_fields() -> dict:
    return {
        name: f for cls in input_serializer_classes() for name, f in serializer_fields(cls).items()
    }


def test_every_form_field_is_bounded():
    assert problems(all_form_fields()) == []


def test_every_input_serializer_field_is_bounded():
    assert problems(all_serializer_fields()) == []


def test_every_serializer_says_whether_it_takes_input():
    """The Input/Output naming is what picks the serializers checked above."""
    unnamed = [
        f"{cls.__module__}.{cls.__qualname__}"
        for cls in serializer_classes()
        if not cls.__name__.endswith(("Input", "Output"))
    ]
    assert unnamed == []


def test_the_walk_finds_the_forms_and_serializers_of_every_app():
    """The control: an import that found nothing would pass everything."""
    modules = {cls.__module__.split(".")[0] for cls in form_classes()}
    modules |= {cls.__module__.split(".")[0] for cls in input_serializer_classes()}
    assert modules == set(APPS)
    assert len(form_classes()) > 40
    assert len(input_serializer_classes()) > 40


@pytest.mark.django_db
def test_every_exemption_names_a_field_that_exists(django_user_model):
    superuser = django_user_model.objects.create_superuser("root", "root@example.cn", "x")
    fields = {**all_form_fields(), **all_serializer_fields(), **admin_form_fields(superuser)}
    assert EXEMPT - fields.keys() == set()


def test_the_check_catches_an_unbounded_field():
    """The control for the check itself, on fields made here."""

    class Loose(forms.Form):
        note = forms.CharField(widget=forms.Textarea)
        held_on = forms.DateField()
        at = forms.DateTimeField(validators=DATE_RANGE)

    class LooseInput(serializers.Serializer):
        note = serializers.CharField()
        items = serializers.ListField(child=serializers.DateField())
        shown = serializers.CharField(read_only=True)

    assert len(problems(form_fields(Loose))) == 3
    assert sorted(serializer_fields(LooseInput)) == [
        f"{LooseInput.__module__}.{LooseInput.__qualname__}.items",
        f"{LooseInput.__module__}.{LooseInput.__qualname__}.items[]",
        f"{LooseInput.__module__}.{LooseInput.__qualname__}.note",
    ]
    assert len(problems(serializer_fields(LooseInput))) == 3


def admin_form_fields(user) -> dict:
    """The fields of every add form of our back office and of its inlines,
    as `user` is shown them."""
    request = RequestFactory().get("/admin/")
    request.user = user
    found = {}
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in APPS:
            continue
        label = f"admin:{model._meta.label}"
        # Rows only services write (read-only in the back office) have no form.
        if model_admin.has_add_permission(request):
            found |= _fields_of(label, model_admin.get_form(request, None, change=False))
        elif model_admin.has_change_permission(request):
            found |= _fields_of(label, model_admin.get_form(request, None, change=True))
        for inline in model_admin.get_inline_instances(request, None):
            formset = inline.get_formset(request, None)
            found |= _fields_of(f"{label}.{inline.model._meta.label}", formset.form)
    return found


def _fields_of(label: str, form_class) -> dict:
    return {f"{label}.{name}": f for name, f in form_class.base_fields.items()}


@pytest.mark.django_db
def test_every_back_office_field_is_bounded(django_user_model):
    superuser = django_user_model.objects.create_superuser("root", "root@example.cn", "x")
    fields = admin_form_fields(superuser)

    assert len(fields) > 200
    assert problems(fields) == []
