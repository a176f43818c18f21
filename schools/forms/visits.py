"""The home-visit form, built for a phone: big choices as chips, sensible
defaults (today, at home, a parent met). The rules live in the service."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.input_limits import DATE_RANGE, TEXT_MAX_LENGTH
from schools.models import PersonMet, VisitForm, VisitTopic


class ChipsSelectMultiple(forms.CheckboxSelectMultiple):
    def __init__(self, attrs=None, choices=()):
        super().__init__(attrs={"class": "chips", **(attrs or {})}, choices=choices)


class ChipsRadio(forms.RadioSelect):
    def __init__(self, attrs=None, choices=()):
        super().__init__(attrs={"class": "chips", **(attrs or {})}, choices=choices)


class PersonChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


class StudentChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} · {obj.school_class.label}"


class HomeVisitForm(forms.Form):
    visited_on = forms.DateField(
        validators=DATE_RANGE,
        label=_("Date of the visit"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    form = forms.ChoiceField(
        label=_("How"), choices=VisitForm.choices, initial=VisitForm.AT_HOME, widget=ChipsRadio
    )
    people_met = forms.MultipleChoiceField(
        label=_("Who was met"),
        choices=PersonMet.choices,
        initial=[PersonMet.PARENT],
        widget=ChipsSelectMultiple,
    )
    topics = forms.MultipleChoiceField(
        label=_("Topics"), choices=VisitTopic.choices, widget=ChipsSelectMultiple
    )
    summary = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        label=_("Visit summary"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What was discussed and agreed, in a few sentences."),
    )
    concerns = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        label=_("Concerns"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    flag_for_counsellor = forms.BooleanField(
        label=_("Flag this concern for the school's counsellor"), required=False
    )
    follow_up_on = forms.DateField(
        validators=DATE_RANGE,
        label=_("Follow up on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    siblings = StudentChoiceField(
        label=_("Siblings visited at the same time"),
        queryset=None,
        required=False,
        widget=ChipsSelectMultiple,
    )
    co_teachers = PersonChoiceField(
        label=_("Colleagues on the visit"),
        queryset=None,
        required=False,
        widget=ChipsSelectMultiple,
    )

    def __init__(self, *args, siblings, colleagues, **kwargs):
        super().__init__(*args, label_suffix="", **kwargs)
        self.fields["visited_on"].initial = timezone.localdate
        self.fields["visited_on"].widget.attrs["max"] = timezone.localdate().isoformat()
        self.fields["siblings"].queryset = siblings
        self.fields["co_teachers"].queryset = colleagues

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "visited_on": data["visited_on"],
            "form": data["form"],
            "people_met": data["people_met"],
            "topics": data["topics"],
            "summary": data["summary"],
            "concerns": data["concerns"],
            "follow_up_on": data["follow_up_on"],
            "flag_for_counsellor": data["flag_for_counsellor"],
            "co_teachers": list(data["co_teachers"]),
        }
