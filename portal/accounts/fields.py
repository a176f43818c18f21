from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from portal.phones import normalize_mobile


class MobileField(forms.CharField):
    """An 11-digit mainland mobile number, as families type it."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("Mobile number"))
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={
                    "placeholder": _("11-digit mobile number"),
                    "autocomplete": "tel",
                    "type": "tel",
                    "inputmode": "numeric",
                }
            ),
        )
        kwargs.pop("validators", None)
        super().__init__(*args, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return value
        mobile = normalize_mobile(value)
        if not mobile:
            raise ValidationError(
                _("Enter an 11-digit mainland mobile number, such as 13812345678."),
                code="invalid_phone",
            )
        return mobile
