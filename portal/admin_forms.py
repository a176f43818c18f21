"""Back-office forms for people and roles: they validate through the same
grant rules as every other path (portal.accounts.services)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portal import access
from portal.accounts import services
from portal.accounts.fields import MobileField
from portal.models import Role, RoleAssignment, User

SCOPE_FIELDS = ("district", "school", "school_class", "village")


def _checked_scope(form, *, user) -> None:
    """Fill the scope from its narrowest part, or put the reason on the form."""
    data = form.cleaned_data
    if not data.get("role"):
        return
    try:
        scope = services.check_grant(
            granted_by=form.granted_by,
            user=user,
            role=data["role"],
            **{name: data.get(name) for name in SCOPE_FIELDS},
        )
    except services.RoleGrantError as error:
        raise forms.ValidationError(str(error)) from error
    data.update(scope)


class RoleAssignmentForm(forms.ModelForm):
    granted_by: User

    class Meta:
        model = RoleAssignment
        fields = ("user", "role", *SCOPE_FIELDS)

    def clean(self):
        data = super().clean()
        _checked_scope(self, user=data.get("user"))
        return data


class StaffAccountForm(forms.ModelForm):
    """A new staff account with its first role."""

    granted_by: User
    phone = MobileField(required=False)
    role = forms.ChoiceField(label=_("role"), choices=[])
    district = RoleAssignment._meta.get_field("district").formfield()
    school = RoleAssignment._meta.get_field("school").formfield()
    school_class = RoleAssignment._meta.get_field("school_class").formfield()
    village = RoleAssignment._meta.get_field("village").formfield()

    class Meta:
        model = User
        fields = ("username", "name", "email", "phone")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].required = True
        self.fields["role"].choices = [("", "---------"), *grantable_choices(self.granted_by)]
        for name in SCOPE_FIELDS:
            field = self.fields[name]
            field.queryset = access.visible(self.granted_by, field.queryset.model)

    def clean_phone(self):
        phone = self.cleaned_data.get("phone") or None
        if phone and User.objects.filter(phone=phone).exists():
            raise forms.ValidationError(_("Another account already uses this mobile number."))
        return phone

    def clean(self):
        data = super().clean()
        _checked_scope(self, user=None)
        return data


def grantable_choices(user: User) -> list[tuple[str, str]]:
    if user.is_superuser:
        return [(role.value, role.label) for role in Role if role != Role.PARENT]
    grantable = set()
    for role in services.roles_of(user):
        grantable |= services.GRANTABLE.get(role, set())
    return [(role.value, role.label) for role in Role if role in grantable]
