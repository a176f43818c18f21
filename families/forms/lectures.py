"""Forms of the lecture pages: they collect input; the lecture service decides."""

from django import forms
from django.utils.translation import gettext_lazy as _

from families.models import MAX_SEATS_PER_FAMILY, ParentSchoolLevel


class SignupForm(forms.Form):
    seats = forms.TypedChoiceField(
        label=_("Seats for your family"),
        choices=[(n, str(n)) for n in range(1, MAX_SEATS_PER_FAMILY + 1)],
        coerce=int,
        initial=1,
        widget=forms.RadioSelect,
        help_text=_("Count everyone who will come: parents, grandparents."),
    )


class LectureFilterForm(forms.Form):
    parent_school = forms.TypedChoiceField(
        label=_("Parent school"), required=False, coerce=int, empty_value=None
    )
    level = forms.ChoiceField(
        label=_("Level"),
        required=False,
        choices=[("", _("All levels")), *ParentSchoolLevel.choices],
    )
    where = forms.ChoiceField(
        label=_("Where"),
        required=False,
        choices=[
            ("", _("Online or in person")),
            ("online", _("Online")),
            ("venue", _("In person")),
        ],
    )

    def __init__(self, *args, parent_schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent_school"].choices = [
            ("", _("All parent schools")),
            *((school.pk, school.name) for school in parent_schools),
        ]


def show_error(form, error) -> None:
    """Put a service's error next to the field it names, or above the form."""
    form.add_error(error.field if error.field in form.fields else None, error.message)
