"""Forms of the tip pages: they collect input; the service decides."""

from django import forms
from django.utils.translation import gettext_lazy as _

from families.models import TipAudience
from families.services.errors import FamiliesError
from portal.input_limits import LONG_TEXT_MAX_LENGTH
from schools.models import Grade, School


def show_error(form: forms.Form, error: FamiliesError) -> None:
    """Put a service's refusal next to the field it names, or on top."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


class TipForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=160)
    body = forms.CharField(
        max_length=LONG_TEXT_MAX_LENGTH, label=_("Text"), widget=forms.Textarea(attrs={"rows": 6})
    )
    audience = forms.ChoiceField(
        label=_("Who is it for?"), choices=TipAudience.choices, widget=forms.RadioSelect
    )
    school = forms.ModelChoiceField(
        label=_("School"),
        queryset=School.objects.none(),
        required=False,
        help_text=_("For a tip to one school or one grade of it."),
    )
    grade = forms.TypedChoiceField(
        label=_("Grade"),
        choices=[("", "—"), *Grade.choices],
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("Only for a tip to one grade."),
    )

    def __init__(self, *args, schools, may_publish_to_all: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools.order_by("district__code", "code")
        if not may_publish_to_all:
            self.fields["audience"].choices = [
                choice for choice in TipAudience.choices if choice[0] != TipAudience.ALL_PARENTS
            ]
            self.fields["audience"].initial = TipAudience.SCHOOL
        else:
            self.fields["audience"].initial = TipAudience.ALL_PARENTS
