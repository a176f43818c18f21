"""Forms for taking attendance and checking a certificate."""

from django import forms
from django.utils.translation import gettext_lazy as _


class CheckInForm(forms.Form):
    code = forms.CharField(
        label=_("Check-in code"),
        max_length=40,
        widget=forms.TextInput(
            attrs={
                "autofocus": True,
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "enterkeyhint": "go",
            }
        ),
        help_text=_("Scan the QR code on the family's ticket, or type the code under it."),
    )


class VerifyCertificateForm(forms.Form):
    number = forms.CharField(
        label=_("Certificate number"),
        max_length=20,
        widget=forms.TextInput(attrs={"placeholder": "TX2026-000001", "autocomplete": "off"}),
    )
