"""Forms of the law-education pages: they collect input; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.input_limits import DATE_RANGE
from schools.forms.activities import DateInput
from schools.models import LawAppointment


class AppointmentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: LawAppointment) -> str:
        return f"{obj.school.name} · {obj.vice_principal.name}"


class LawSessionForm(forms.Form):
    appointment = AppointmentChoiceField(
        label=_("School and vice principal"), queryset=LawAppointment.objects.none()
    )
    held_on = forms.DateField(validators=DATE_RANGE, label=_("Held on"), widget=DateInput())
    class_hours = forms.DecimalField(
        label=_("Class hours"),
        max_digits=4,
        decimal_places=1,
        help_text=_("More than 0, at most 8."),
    )
    topic = forms.CharField(label=_("Topic"), max_length=200)
    audience = forms.CharField(
        label=_("Audience"), max_length=200, help_text=_("For example: all of grade 5.")
    )

    def __init__(self, *args, appointments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["appointment"].queryset = appointments
