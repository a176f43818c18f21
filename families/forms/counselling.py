"""Forms of the counselling pages: they collect input; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from families.models import Channel, CounsellingTopic, ForWhom
from portal.input_limits import DATETIME_RANGE, TEXT_MAX_LENGTH

from .content import show_error

__all__ = ["AssignForm", "CounsellingRequestForm", "HotlineCallForm", "MoveForm", "show_error"]

# On the hotline the person who calls is named, not the one the call is for.
CALLER_CHOICES = [
    (ForWhom.CHILD, _("A child")),
    (ForWhom.MYSELF, _("A parent")),
    (ForWhom.GRANDPARENT, _("A grandparent")),
]


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class CounsellingRequestForm(forms.Form):
    topic = forms.ChoiceField(
        label=_("What would you like help with?"),
        choices=CounsellingTopic.choices,
        widget=forms.RadioSelect,
    )
    for_whom = forms.ChoiceField(
        label=_("Who is the help for?"), choices=ForWhom.choices, widget=forms.RadioSelect
    )
    student = forms.TypedChoiceField(
        label=_("Which child?"),
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("Your request goes to the counselling station of the child's district."),
    )
    preferred_channel = forms.ChoiceField(
        label=_("How should we reach you?"), choices=Channel.choices, widget=forms.RadioSelect
    )
    preferred_time = forms.CharField(
        label=_("When suits you?"),
        max_length=100,
        required=False,
        help_text=_("For example: weekday evenings after 7."),
    )
    description = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        label=_("What is happening?"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Only the station's counsellors read this."),
    )

    def __init__(self, *args, children, **kwargs):
        super().__init__(*args, **kwargs)
        self.children = {child.pk: child for child in children}
        if children:
            self.fields["student"].choices = [
                ("", _("Not about one child")),
                *((child.pk, f"{child.name} · {child.school.name}") for child in children),
            ]
            if len(children) == 1:
                self.fields["student"].initial = children[0].pk
        else:
            del self.fields["student"]

    def clean_student(self):
        pk = self.cleaned_data.get("student")
        return self.children.get(pk) if pk is not None else None


class AssignForm(forms.Form):
    counsellor = forms.TypedChoiceField(label=_("Counsellor"), coerce=int)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = {person.pk: person for person in people}
        self.fields["counsellor"].choices = [(person.pk, person.display_name) for person in people]

    def clean_counsellor(self):
        return self.people[self.cleaned_data["counsellor"]]


class MoveForm(forms.Form):
    ACTIONS = [("start", _("Start")), ("close", _("Close")), ("reopen", _("Reopen"))]

    action = forms.ChoiceField(choices=ACTIONS)
    outcome = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        label=_("Outcome"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class HotlineCallForm(forms.Form):
    station = forms.TypedChoiceField(label=_("Station"), coerce=int)
    started_at = forms.DateTimeField(
        validators=DATETIME_RANGE,
        label=_("Call started"),
        widget=DateTimeInput(),
    )
    ended_at = forms.DateTimeField(
        validators=DATETIME_RANGE,
        label=_("Call ended"),
        widget=DateTimeInput(),
    )
    topic = forms.ChoiceField(label=_("Topic"), choices=CounsellingTopic.choices)
    caller = forms.ChoiceField(label=_("Caller"), choices=CALLER_CHOICES)
    anonymous = forms.BooleanField(label=_("The caller stayed anonymous"), required=False)
    caller_name = forms.CharField(
        label=_("Caller's name"),
        max_length=50,
        required=False,
        help_text=_("Leave empty for an anonymous caller."),
    )
    summary = forms.CharField(
        max_length=TEXT_MAX_LENGTH, label=_("Summary"), widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, stations, **kwargs):
        super().__init__(*args, **kwargs)
        self.stations = {station.pk: station for station in stations}
        self.fields["station"].choices = [(s.pk, s.name) for s in stations]
        if len(stations) == 1:
            self.fields["station"].widget = forms.HiddenInput()
            self.fields["station"].initial = stations[0].pk
        self.fields["anonymous"].initial = True

    def clean_station(self):
        return self.stations[self.cleaned_data["station"]]
