"""Forms of the alert pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.input_limits import TEXT_MAX_LENGTH
from programs.models import AlertLevel, AlertSource

RAISED_HERE = [
    (AlertSource.SCREENING, _("Screening result")),
    (AlertSource.OTHER, _("Other report")),
]


class RaiseAlertForm(forms.Form):
    student = forms.TypedChoiceField(label=_("Child"), coerce=int)
    source = forms.ChoiceField(
        label=_("Where it comes from"), choices=RAISED_HERE, widget=forms.RadioSelect
    )
    level = forms.ChoiceField(
        label=_("Level"), choices=AlertLevel.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("What was seen or found"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        help_text=_("For a screening, name the instrument and the result."),
    )

    def __init__(self, *args, students=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["student"].choices = [("", "—")] + [
            (s.pk, f"{s.name} · {s.school_class}") for s in students
        ]


class CounsellingAlertForm(forms.Form):
    level = forms.ChoiceField(
        label=_("Level"), choices=AlertLevel.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("What was seen or found"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000
    )


class LevelForm(forms.Form):
    level = forms.ChoiceField(label=_("Level"), choices=AlertLevel.choices)
    note = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        label=_("Why"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )


class NoteForm(forms.Form):
    note = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        label=_("Note"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
