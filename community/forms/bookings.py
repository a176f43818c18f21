"""Forms of the booking pages: they collect input; the booking service decides."""

from django import forms
from django.utils.translation import gettext_lazy as _

from community.forms.resources import show_error  # noqa: F401  (re-exported for views)
from community.models import BookingSlot, ResourceCourse
from portal.input_limits import DATE_RANGE


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class SlotChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, slot):
        return _("%(date)s %(start)s–%(end)s · %(left)d places left") % {
            "date": f"{slot.date:%Y-%m-%d}",
            "start": f"{slot.starts_at:%H:%M}",
            "end": f"{slot.ends_at:%H:%M}",
            "left": slot.places_left,
        }


class ClassChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, school_class):
        return f"{school_class.school.name} {school_class.label}"


class BookingForm(forms.Form):
    slot = SlotChoiceField(label=_("Date and time"), queryset=BookingSlot.objects.none())
    school_class = ClassChoiceField(label=_("Class"), queryset=None)
    students = forms.IntegerField(label=_("Students"), min_value=1)
    teachers = forms.IntegerField(label=_("Accompanying teachers"), min_value=1, initial=2)
    course = forms.ModelChoiceField(
        label=_("Course"), queryset=ResourceCourse.objects.none(), required=False
    )

    def __init__(self, *args, slots, classes, courses, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].queryset = slots
        self.fields["school_class"].queryset = classes
        self.fields["course"].queryset = courses
        if courses.exists():
            self.fields["course"].required = True
        else:
            del self.fields["course"]
        if len(classes) == 1:
            self.fields["school_class"].initial = classes[0].pk


class SlotForm(forms.Form):
    date = forms.DateField(validators=DATE_RANGE, label=_("Date"), widget=DateInput())
    starts_at = forms.TimeField(label=_("Starts at"), widget=TimeInput())
    ends_at = forms.TimeField(label=_("Ends at"), widget=TimeInput())
    capacity = forms.IntegerField(label=_("Places for students"), min_value=1)


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for declining"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
