"""Forms of the binding pages: they collect input; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from families.models import ParentSchoolLevel


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Binding code"),
        max_length=20,
        help_text=_("8 letters and numbers from the slip the school gave you, e.g. ABCD-2345."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )


class RosterForm(forms.Form):
    class_code = forms.CharField(
        label=_("Class code"),
        max_length=40,
        help_text=_("From the head teacher, e.g. 4501030001-3-1 (school, grade, class)."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    student_number = forms.CharField(
        label=_("Student number"),
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )


class ParentSchoolFilterForm(forms.Form):
    level = forms.ChoiceField(
        label=_("Level"),
        required=False,
        choices=[("", _("All levels")), *ParentSchoolLevel.choices],
    )
    district = forms.TypedChoiceField(label=_("District"), required=False, coerce=int)

    def __init__(self, *args, districts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].choices = [("", _("All districts")), *districts]
