"""Forms of the guidance-activity pages: they collect input; the service
decides."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.input_limits import DATE_RANGE, TEXT_MAX_LENGTH
from schools.models import ActivityKind, School
from schools.services.errors import SchoolsError


def show_error(form: forms.Form, error: SchoolsError) -> None:
    """Put a service's refusal next to the field it names, or on top."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class GuidanceActivityForm(forms.Form):
    school = forms.ModelChoiceField(label=_("School"), queryset=School.objects.none())
    kind = forms.ChoiceField(label=_("Kind"), choices=ActivityKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    held_on = forms.DateField(validators=DATE_RANGE, label=_("Held on"), widget=DateInput())
    audience = forms.CharField(
        label=_("Audience"),
        max_length=200,
        help_text=_("For example: parents of grade 3; all grandparents."),
    )
    invited = forms.IntegerField(label=_("Families invited"), min_value=0, required=False)
    attendance = forms.IntegerField(label=_("Attendance"), min_value=0)
    notes = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        label=_("Notes"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args, schools, fixed_school: School | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools
        self.fields["held_on"].initial = timezone.localdate()
        if fixed_school is not None:
            self.fields["school"].initial = fixed_school.pk
            self.fields["school"].widget = forms.HiddenInput()
