"""Forms of the care-network pages, built for a phone: they collect input;
the network services decide."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.input_limits import DATE_RANGE
from programs.models import ContactKind
from programs.services.networks import MAX_NAME, MAX_NOTE
from schools.forms.visits import ChipsRadio


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class PersonChoiceField(forms.ModelChoiceField):
    def __init__(self, *args, places=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.places = places or {}

    def label_from_instance(self, obj):
        place = self.places.get(obj.pk)
        return f"{obj.display_name} · {place}" if place else obj.display_name


class TownChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class SchoolChoiceForm(forms.Form):
    """The first step for someone who keeps several schools."""

    school = forms.ModelChoiceField(label=_("School"), queryset=None)

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools


class NetworkForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        required=False,
        max_length=MAX_NAME,
        help_text=_("For example, the town or village the network serves."),
    )
    town = TownChoiceField(
        label=_("Town or street"),
        queryset=None,
        required=False,
        empty_label=_("The school's own town"),
    )
    head = PersonChoiceField(
        label=_("Network head (a teacher)"),
        queryset=None,
        help_text=_("A teacher, head teacher or leader of the school."),
        required=False,
    )
    cadre = PersonChoiceField(
        label=_("Village or community cadre"),
        queryset=None,
        help_text=_("A community-partner account of the district."),
        required=False,
    )
    contact_every_days = forms.IntegerField(
        label=_("Contact each student every (days)"),
        initial=30,
        required=False,
        widget=forms.NumberInput(attrs={"min": 1, "max": 365, "inputmode": "numeric"}),
    )

    def __init__(self, *args, towns, heads, cadres, cadre_places, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["town"].queryset = towns
        self.fields["head"].queryset = heads
        self.fields["cadre"].queryset = cadres
        self.fields["cadre"].places = cadre_places


class AddStudentsForm(forms.Form):
    students = forms.ModelMultipleChoiceField(
        label=_("Students"), queryset=None, widget=forms.CheckboxSelectMultiple, required=False
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["students"].queryset = candidates
        self.fields["students"].label_from_instance = lambda student: (
            f"{student.name} · {student.school_class.label}"
        )


class ContactForm(forms.Form):
    student = forms.IntegerField(widget=forms.HiddenInput)
    contacted_on = forms.DateField(
        validators=DATE_RANGE,
        label=_("Date"),
        widget=DateInput(),
        required=False,
    )
    kind = forms.CharField(
        label=_("How you were in touch"),
        initial=ContactKind.PHONE,
        required=False,
        widget=ChipsRadio(choices=ContactKind.choices),
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What you talked about; anything the school should follow up."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["contacted_on"].initial = today
        self.fields["contacted_on"].widget.attrs["max"] = today.isoformat()
